import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { healthApi, type Report, type ResourceHealth } from '../../api-health.ts';
import { type LiveEvent, useLiveEvents, useLiveResync } from '../../live.tsx';

/**
 * The customer's resources with health, kept current by `health.resource` live events (each
 * carries one resource's whole view) and refetched when the live stream says events were missed.
 */
export function useMyResources(orgId: string) {
  const [items, setItems] = useState<ResourceHealth[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    healthApi.myResources(orgId).then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (err) => setError(messageOf(err)),
    );
  }, [orgId]);
  useEffect(load, [load]);
  useLiveResync(load);
  useLiveEvents<ResourceHealth>(
    ['health.resource'],
    (e: LiveEvent<ResourceHealth>) =>
      setItems((prev) => {
        if (!prev) return prev;
        const i = prev.findIndex((r) => r.id === e.data.id);
        return i < 0 ? [...prev, e.data] : prev.map((r) => (r.id === e.data.id ? e.data : r));
      }),
    orgId,
  );
  return { items, error, reload: load };
}

/** Reports of one side (`mine`: the customer's; `queue`: the provider's), live. */
export function useReports(orgId: string, side: 'mine' | 'queue') {
  const [items, setItems] = useState<Report[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    (side === 'mine' ? healthApi.myReports(orgId) : healthApi.queue(orgId)).then(
      (r) => {
        setItems(r.items);
        setError(null);
      },
      (err) => setError(messageOf(err)),
    );
  }, [orgId, side]);
  useEffect(load, [load]);
  useLiveResync(load);
  useLiveEvents<Report>(
    ['health.report'],
    (e) =>
      setItems((prev) => {
        if (!prev) return prev;
        return prev.some((r) => r.id === e.data.id)
          ? prev.map((r) => (r.id === e.data.id ? e.data : r))
          : [e.data, ...prev];
      }),
    orgId,
  );
  return { items, error, reload: load };
}
