import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import {
  INDICATOR_EVENTS,
  type Indicator,
  intelApi,
  type PeerReflector,
  type SharingPolicy,
} from '../../api-intel.ts';
import { useLiveEvents, useLiveResync } from '../../live.tsx';

const byChange = (a: Indicator, b: Indicator) => b.updatedAt.localeCompare(a.updatedAt);

/** Own and peers' indicators, kept current by the live stream. */
export function useIndicators(orgId: string) {
  const [items, setItems] = useState<Indicator[] | null>(null);
  const [reflectors, setReflectors] = useState<PeerReflector[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    Promise.all([
      intelApi.indicators(orgId, { scope: 'all', limit: 200 }),
      intelApi.peerReflectors(orgId),
    ]).then(
      ([page, refl]) => {
        setItems(page.items.sort(byChange));
        setReflectors(refl.items);
        setError(null);
      },
      (err) => setError(messageOf(err)),
    );
  }, [orgId]);
  useEffect(load, [load]);
  useLiveResync(load);
  useLiveEvents<{ indicator: Indicator }>(INDICATOR_EVENTS, (e) => {
    const ind = e.data.indicator;
    setItems((list) => [ind, ...(list ?? []).filter((x) => x.id !== ind.id)].sort(byChange));
    if (ind.org.id !== orgId)
      intelApi.peerReflectors(orgId).then(
        (r) => setReflectors(r.items),
        () => {},
      );
  });
  const replace = (ind: Indicator) =>
    setItems((list) => [ind, ...(list ?? []).filter((x) => x.id !== ind.id)].sort(byChange));
  return { items, reflectors, error, replace };
}

export function usePolicy(orgId: string) {
  const [policy, setPolicy] = useState<SharingPolicy | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    intelApi.policy(orgId).then(setPolicy, (err) => setError(messageOf(err)));
  }, [orgId]);
  return { policy, setPolicy, error };
}
