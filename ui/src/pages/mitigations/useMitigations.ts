import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from '../../api.ts';
import { opsApi } from '../../api-ops.ts';
import { newer, usePaged } from '../../hooks.ts';
import { type LiveEvent, useLiveEvents, useLiveResync } from '../../live.tsx';
import type { Mitigation, MitigationSettings, MitigationState } from '../../types-ops.ts';

/** Every change the server publishes (src/mitigation/record.ts); each carries the whole mitigation. */
export const MITIGATION_EVENTS = [
  'mitigation.proposed',
  'mitigation.approved',
  'mitigation.rejected',
  'mitigation.cancelled',
  'mitigation.expired',
  'mitigation.withdraw_requested',
  'mitigation.announced',
  'mitigation.withdrawn',
  'mitigation.failed',
] as const;
/** Routes are (or are about to be) on the routers. */
export const LIVE_STATES: MitigationState[] = [
  'pending',
  'announcing',
  'announced',
  'withdrawing',
  'withdraw_failed',
];

const newest = (a: Mitigation, b: Mitigation) => b.createdAt.localeCompare(a.createdAt);
const upsert = (list: Mitigation[], m: Mitigation) =>
  [
    newer(
      list.find((x) => x.id === m.id),
      m,
    ),
    ...list.filter((x) => x.id !== m.id),
  ].sort(newest);

/**
 * Mitigations that need attention (proposed, or on the routers) in full, and the whole record
 * paged; decisions and live events update all three in place.
 */
export function useMitigations(orgId: string) {
  const [current, setCurrent] = useState<Mitigation[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seen = useRef(new Map<string, Mitigation>());
  const all = usePaged((cursor) => opsApi.mitigations(orgId, { cursor, limit: 25 }), orgId);

  const load = useCallback(() => {
    opsApi.mitigations(orgId, { states: ['proposed', ...LIVE_STATES], limit: 200 }).then(
      (page) => {
        setCurrent(page.items.sort(newest));
        setError(null);
      },
      (err) => setError(messageOf(err)),
    );
  }, [orgId]);
  useEffect(load, [load]);
  useLiveResync(() => {
    load();
    all.reload();
  });

  const changed = useCallback(
    (m: Mitigation) => {
      // The latest version seen wins, also over one that arrives later (see `newer`).
      const latest = newer(seen.current.get(m.id), m);
      seen.current.set(m.id, latest);
      const keep = latest.state === 'proposed' || LIVE_STATES.includes(latest.state);
      setCurrent((list) => (list ? (keep ? upsert(list, latest) : list.filter((x) => x.id !== m.id)) : list));
      all.setItems((list) => (list ? upsert(list, latest) : list));
    },
    [all.setItems],
  );
  useLiveEvents<Mitigation>(MITIGATION_EVENTS, (e: LiveEvent<Mitigation>) => changed(e.data), orgId);

  return { current, error, all, changed };
}

/** The org's mitigation settings (readable by every member), for explaining what happens. */
export function useMitigationSettings(orgId: string) {
  const [settings, setSettings] = useState<MitigationSettings | null>(null);
  useEffect(() => {
    opsApi.mitigationSettings(orgId).then(setSettings, () => setSettings(null));
  }, [orgId]);
  return settings;
}

export const MODE_TEXT: Record<MitigationSettings['mode'], string> = {
  off: 'Off — nothing is proposed or announced.',
  propose: 'Propose — rules are proposed for each attack; a responder approves before anything is announced.',
  automatic: 'Automatic — rules are announced as soon as an attack is detected, and withdrawn after it ends.',
};
