import type { Queryable } from '../platform/db/db.ts';
import { whoIsOnCall } from './schedules.ts';
import type { Target } from './schemas.ts';
import { orgOwners } from './store/people.ts';
import { findSchedule } from './store/schedules.ts';

/** The people a level's targets mean at instant `now` (duplicates removed, order kept). */
export async function resolveTargets(q: Queryable, orgId: string, targets: readonly Target[], now: number) {
  const out: string[] = [];
  for (const t of targets) {
    if (t.type === 'user') out.push(t.userId);
    else if (t.type === 'executives')
      out.push(...(t.userIds?.length ? t.userIds : await orgOwners(q, orgId)));
    else {
      const s = await findSchedule(q, orgId, t.scheduleId);
      const who = s ? await whoIsOnCall(q, s, now) : null;
      if (who) out.push(who.userId);
    }
  }
  return [...new Set(out)];
}
