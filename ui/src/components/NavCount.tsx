import { useCallback, useEffect, useState } from 'react';
import { oncallApi } from '../api-oncall.ts';
import { opsApi } from '../api-ops.ts';
import { type LiveEvent, useLiveEvents, useLiveResync } from '../live.tsx';
import type { SessionOrg } from '../types.ts';

const ATTACK_EVENTS = ['attack.started', 'attack.updated', 'attack.ended'];
const INCIDENT_EVENTS = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.resolved',
  'incident.escalated',
  'incident.reassigned',
  // The escalation engine: a step paged people (new assignees), or changed the incident
  // otherwise (an acknowledgement timed out back to triggered, nobody left to page).
  'incident.paged',
  'incident.updated',
];

type Kind = 'attacks' | 'incidents';
interface Item {
  id: string;
  state?: string;
  status?: string;
}
const open = (kind: Kind, x: Item) => (kind === 'attacks' ? x.state === 'active' : x.status === 'triggered');

/**
 * A red count beside a nav item: active attacks, or incidents nobody has acknowledged yet.
 * Loaded once, then kept current by the live stream.
 */
export function NavCount({ org, kind }: { org: SessionOrg; kind: Kind }) {
  const [ids, setIds] = useState<ReadonlySet<string>>(new Set());
  const load = useCallback(() => {
    const page =
      kind === 'attacks'
        ? opsApi.attacks(org.id, 'active', null, 200)
        : oncallApi.incidents(org.id, { status: ['triggered'], limit: 200 });
    page.then(
      (p) => setIds(new Set(p.items.map((x) => x.id))),
      () => {}, // the badge is a hint; the page itself shows errors
    );
  }, [org.id, kind]);
  useEffect(load, [load]);
  useLiveResync(load);
  useLiveEvents<Item>(
    kind === 'attacks' ? ATTACK_EVENTS : INCIDENT_EVENTS,
    (e: LiveEvent<Item>) => {
      const x = e.data;
      setIds((prev) => {
        if (open(kind, x) === prev.has(x.id)) return prev;
        const next = new Set(prev);
        if (open(kind, x)) next.add(x.id);
        else next.delete(x.id);
        return next;
      });
    },
    org.id,
  );
  if (ids.size === 0) return null;
  const what = kind === 'attacks' ? 'active' : 'not acknowledged';
  return (
    <span className="nav-count">
      <span className="visually-hidden">, </span>
      {ids.size}
      <span className="visually-hidden"> {what}</span>
    </span>
  );
}
