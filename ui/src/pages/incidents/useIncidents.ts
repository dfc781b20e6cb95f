import { useRef } from 'react';
import { oncallApi } from '../../api-oncall.ts';
import { newer, usePaged } from '../../hooks.ts';
import { type LiveEvent, useLiveEvents, useLiveResync } from '../../live.tsx';
import type { Incident, IncidentStatus } from '../../types-ops.ts';

export const INCIDENT_EVENTS = [
  'incident.triggered',
  'incident.acknowledged',
  'incident.resolved',
  'incident.escalated',
  'incident.reassigned',
  // The escalation engine: a step paged people (new assignees), or changed the incident
  // otherwise (an acknowledgement timed out back to triggered, nobody left to page).
  'incident.paged',
  'incident.updated',
] as const;

const newest = (a: Incident, b: Incident) => b.createdAt.localeCompare(a.createdAt);

/**
 * A paged incident list (by status, optionally only mine) that live events keep current: a
 * new incident appears at the top, a status change moves it in or out of the filter.
 */
export function useIncidents(
  orgId: string,
  filter: { status: IncidentStatus[]; mine?: boolean; userId?: string },
) {
  const key = `${orgId}|${filter.status.join(',')}|${filter.mine ? 'mine' : 'all'}`;
  const list = usePaged(
    (cursor) => oncallApi.incidents(orgId, { status: filter.status, mine: filter.mine, cursor, limit: 25 }),
    key,
  );
  const matches = (i: Incident) =>
    (filter.status.length === 0 || filter.status.includes(i.status)) &&
    (!filter.mine ||
      (!!filter.userId && (i.assigneeIds.includes(filter.userId) || i.ackedBy === filter.userId)));
  const seen = useRef(new Map<string, Incident>());
  const changed = (incoming: Incident) => {
    // The latest version seen wins, also over one that arrives later (see `newer`).
    const i = newer(seen.current.get(incoming.id), incoming);
    seen.current.set(i.id, i);
    list.setItems((items) => {
      if (!items) return items;
      const rest = items.filter((x) => x.id !== i.id);
      const had = rest.length !== items.length;
      // The "mine" filter is decided by the server (assignees of the current level): keep what it listed.
      if (matches(i) || (filter.mine && had && filter.status.includes(i.status)))
        return [i, ...rest].sort(newest);
      return rest;
    });
  };
  useLiveEvents<Incident>(INCIDENT_EVENTS, (e: LiveEvent<Incident>) => changed(e.data), orgId);
  useLiveResync(list.reload);
  return { ...list, changed };
}
