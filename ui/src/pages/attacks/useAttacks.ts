import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { opsApi } from '../../api-ops.ts';
import { usePaged } from '../../hooks.ts';
import { type LiveEvent, useLiveEvents, useLiveResync } from '../../live.tsx';
import type { Attack } from '../../types-ops.ts';

export const ATTACK_EVENTS = ['attack.started', 'attack.updated', 'attack.ended'] as const;

const byStart = (a: Attack, b: Attack) => b.startedAt.localeCompare(a.startedAt);

/**
 * Active attacks (all of them) and ended ones (paged), kept current by the live stream: a start
 * adds a card, updates change its figures, an end moves it to the ended table. No polling.
 */
export function useAttacks(orgId: string) {
  const [active, setActive] = useState<Attack[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const ended = usePaged((cursor) => opsApi.attacks(orgId, 'ended', cursor, 20), orgId);

  const load = useCallback(() => {
    opsApi.attacks(orgId, 'active', null, 200).then(
      (p) => {
        setActive(p.items);
        setError(null);
      },
      (err) => setError(messageOf(err)),
    );
  }, [orgId]);
  useEffect(load, [load]);
  useLiveResync(() => {
    load();
    ended.reload();
  });

  useLiveEvents<Attack>(
    ATTACK_EVENTS,
    (e: LiveEvent<Attack>) => {
      const a = e.data;
      if (e.type === 'attack.started') setAnnouncement(`New attack on ${a.target}: ${a.classification}.`);
      if (a.state === 'ended') {
        setActive((list) => list?.filter((x) => x.id !== a.id) ?? list);
        ended.setItems((list) => (list ? [a, ...list.filter((x) => x.id !== a.id)] : list));
        setAnnouncement(`The attack on ${a.target} has ended.`);
        return;
      }
      setActive((list) => {
        if (!list) return list;
        const rest = list.filter((x) => x.id !== a.id);
        return [...rest, a].sort(byStart);
      });
    },
    orgId,
  );

  return { active, error, ended, announcement };
}
