import type { Queryable } from '../platform/db/db.ts';
import { whoIsOnCall } from './schedules.ts';
import type { Target } from './schemas.ts';
import { orgOwners } from './store/people.ts';
import { findSchedule } from './store/schedules.ts';
import { findTeamForPaging } from './store/teams.ts';

/**
 * Resolves level targets to people at one instant, remembering each schedule, team and owner
 * list it looked up: a batch of escalation steps asks about the same few many times.
 *
 * A team means its on-call schedule's current person when it has a schedule and someone is on
 * call there; otherwise (no schedule, or a gap in it) every member, so a page is never dropped.
 */
export function targetResolver(q: Queryable, now: number) {
  const memo = new Map<string, Promise<string[]>>();
  const once = (key: string, load: () => Promise<string[]>) => {
    let hit = memo.get(key);
    if (!hit) {
      hit = load();
      memo.set(key, hit);
    }
    return hit;
  };
  const onSchedule = (orgId: string, scheduleId: string) =>
    once(`s:${scheduleId}`, async () => {
      const s = await findSchedule(q, orgId, scheduleId);
      const who = s ? await whoIsOnCall(q, s, now) : null;
      return who ? [who.userId] : [];
    });
  const ofTeam = (orgId: string, teamId: string) =>
    once(`t:${teamId}`, async () => {
      const team = await findTeamForPaging(q, orgId, teamId);
      if (!team) return [];
      const onCall = team.schedule_id ? await onSchedule(orgId, team.schedule_id) : [];
      return onCall.length ? onCall : team.member_ids;
    });
  const owners = (orgId: string) => once(`o:${orgId}`, () => orgOwners(q, orgId));

  /** The people a level's targets mean (duplicates removed, order kept). */
  return async function resolve(orgId: string, targets: readonly Target[]) {
    const out: string[] = [];
    for (const t of targets) {
      if (t.type === 'user') out.push(t.userId);
      else if (t.type === 'executives') out.push(...(t.userIds?.length ? t.userIds : await owners(orgId)));
      else if (t.type === 'team') out.push(...(await ofTeam(orgId, t.teamId)));
      else out.push(...(await onSchedule(orgId, t.scheduleId)));
    }
    return [...new Set(out)];
  };
}

/** The people a level's targets mean at instant `now` (duplicates removed, order kept). */
export const resolveTargets = (q: Queryable, orgId: string, targets: readonly Target[], now: number) =>
  targetResolver(q, now)(orgId, targets);
