import type { Queryable } from '../../platform/db/db.ts';
import type { Layer } from '../schedule/rotation.ts';

export interface ScheduleRow {
  id: string;
  org_id: string;
  name: string;
  description: string;
  time_zone: string;
  layers: Layer[];
  created_at: Date;
  updated_at: Date;
}
export interface OverrideRow {
  id: string;
  schedule_id: string;
  user_id: string;
  starts_at: Date;
  ends_at: Date;
  created_by: string | null;
  created_at: Date;
}

const COLS = 'id, org_id, name, description, time_zone, layers, created_at, updated_at';
const OCOLS = 'id, schedule_id, user_id, starts_at, ends_at, created_by, created_at';

export interface ScheduleValues {
  name: string;
  description: string;
  timeZone: string;
  layers: Layer[];
}

export const insertSchedule = async (q: Queryable, orgId: string, v: ScheduleValues) =>
  (await q.one<ScheduleRow>(
    `insert into oncall_schedules (org_id, name, description, time_zone, layers) values ($1, $2, $3, $4, $5::jsonb) returning ${COLS}`,
    [orgId, v.name, v.description, v.timeZone, JSON.stringify(v.layers)],
  ))!;

export const updateSchedule = (q: Queryable, orgId: string, id: string, v: ScheduleValues) =>
  q.one<ScheduleRow>(
    `update oncall_schedules set name = $3, description = $4, time_zone = $5, layers = $6::jsonb, updated_at = now()
     where org_id = $1 and id = $2 returning ${COLS}`,
    [orgId, id, v.name, v.description, v.timeZone, JSON.stringify(v.layers)],
  );

export const findSchedule = (q: Queryable, orgId: string, id: string) =>
  q.one<ScheduleRow>(`select ${COLS} from oncall_schedules where org_id = $1 and id = $2`, [orgId, id]);

export const listSchedules = (
  q: Queryable,
  orgId: string,
  after: [string, string] | undefined,
  limit: number,
) =>
  q.query<ScheduleRow>(
    `select ${COLS} from oncall_schedules where org_id = $1
       and ($2::text is null or (name, id) > ($2::text, $3::uuid))
     order by name, id limit $4`,
    [orgId, after?.[0] ?? null, after?.[1] ?? null, limit],
  );

export const allSchedulesOf = (q: Queryable, orgIds: readonly string[]) =>
  q.query<ScheduleRow>(
    `select ${COLS} from oncall_schedules where org_id = any($1::uuid[]) order by name, id`,
    [orgIds],
  );

export const deleteSchedule = (q: Queryable, orgId: string, id: string) =>
  q.execute('delete from oncall_schedules where org_id = $1 and id = $2', [orgId, id]);

export const insertOverride = async (
  q: Queryable,
  o: { scheduleId: string; userId: string; start: Date; end: Date; createdBy: string | null },
) =>
  (await q.one<OverrideRow>(
    `insert into oncall_overrides (schedule_id, user_id, starts_at, ends_at, created_by) values ($1, $2, $3, $4, $5) returning ${OCOLS}`,
    [o.scheduleId, o.userId, o.start, o.end, o.createdBy],
  ))!;

/** Overrides of the schedules overlapping [from, to). */
export const overridesBetween = (q: Queryable, scheduleIds: readonly string[], from: Date, to: Date) =>
  q.query<OverrideRow>(
    `select ${OCOLS} from oncall_overrides where schedule_id = any($1::uuid[]) and starts_at < $3 and ends_at > $2
     order by starts_at, id`,
    [scheduleIds, from, to],
  );

export const deleteOverride = (q: Queryable, scheduleId: string, id: string) =>
  q.execute('delete from oncall_overrides where schedule_id = $1 and id = $2', [scheduleId, id]);

/** Policies whose levels name the schedule (a schedule in use cannot be deleted). */
export const policiesUsingSchedule = async (q: Queryable, orgId: string, scheduleId: string) =>
  (
    await q.query<{ name: string }>(
      `select name from oncall_policies p where org_id = $1 and exists (
         select 1 from jsonb_array_elements(p.levels) l, jsonb_array_elements(l->'targets') t
         where t->>'scheduleId' = $2)`,
      [orgId, scheduleId],
    )
  ).map((r) => r.name);
