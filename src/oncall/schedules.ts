import type { Queryable } from '../platform/db/db.ts';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, page } from '../platform/http/pagination.ts';
import type { Platform } from '../platform/platform.ts';
import { actorIds, type Principal, roleAtLeast } from '../policy/index.ts';
import { presentOverride, presentPerson, presentSchedule, presentSpan } from './presenters.ts';
import { finalSpans, type Override, onCallAt } from './schedule/resolve.ts';
import { type Layer, shiftsBetween } from './schedule/rotation.ts';
import { isValidTimeZone, parseDate } from './schedule/zone.ts';
import type { OverrideInput, ScheduleInput } from './schemas.ts';
import { memberRoles, people } from './store/people.ts';
import * as store from './store/schedules.ts';

const DAY = 86_400_000;
/** Longest calendar expansion one request may ask for. */
export const MAX_RANGE_DAYS = 93;

/** Users who can be paged must be responders or higher in the org. */
export async function assertResponders(
  q: Queryable,
  orgId: string,
  userIds: readonly string[],
  what: string,
) {
  const roles = await memberRoles(q, orgId, userIds);
  const bad = [...new Set(userIds)].filter((id) => {
    const role = roles.get(id);
    return !role || !roleAtLeast(role, 'responder');
  });
  if (bad.length)
    throw new AppError(
      'validation_failed',
      `${what}: ${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} not a responder (or higher) in this organisation.`,
    );
}

async function validate(p: Platform, orgId: string, input: ScheduleInput): Promise<store.ScheduleValues> {
  if (!isValidTimeZone(input.timeZone))
    throw new AppError(
      'validation_failed',
      `Unknown time zone "${input.timeZone}"; use an IANA name such as Europe/Berlin.`,
    );
  const names = new Set<string>();
  input.layers.forEach((l, i) => {
    const where = `layers[${i}] (${l.name})`;
    if (names.has(l.name)) throw new AppError('validation_failed', `${where}: layer names must be unique.`);
    names.add(l.name);
    if (!parseDate(l.startDate))
      throw new AppError('validation_failed', `${where}: startDate ${l.startDate} is not a date.`);
    if (l.rotation === 'custom' && l.shiftHours === undefined)
      throw new AppError('validation_failed', `${where}: a custom rotation needs shiftHours.`);
    if (l.rotation !== 'custom' && l.shiftHours !== undefined)
      throw new AppError('validation_failed', `${where}: shiftHours applies to custom rotations only.`);
  });
  await assertResponders(
    p.db,
    orgId,
    input.layers.flatMap((l) => l.members),
    'layer members',
  );
  return {
    name: input.name,
    description: input.description ?? '',
    timeZone: input.timeZone,
    layers: input.layers as Layer[],
  };
}

export async function getSchedule(p: Platform, orgId: string, id: string) {
  const row = await store.findSchedule(p.db, orgId, id);
  if (!row) throw new AppError('not_found', 'No such schedule.');
  return row;
}

export async function createSchedule(p: Platform, principal: Principal, orgId: string, input: ScheduleInput) {
  const values = await validate(p, orgId, input);
  return p.db.tx(async (q) => {
    const row = await store.insertSchedule(q, orgId, values);
    await p.audit.record(
      { orgId, principal, action: 'oncall.schedule_created', targetType: 'schedule', targetId: row.id },
      q,
    );
    return presentSchedule(row);
  });
}

export async function updateSchedule(
  p: Platform,
  principal: Principal,
  orgId: string,
  id: string,
  input: ScheduleInput,
) {
  const values = await validate(p, orgId, input);
  return p.db.tx(async (q) => {
    const row = await store.updateSchedule(q, orgId, id, values);
    if (!row) throw new AppError('not_found', 'No such schedule.');
    await p.audit.record(
      { orgId, principal, action: 'oncall.schedule_updated', targetType: 'schedule', targetId: id },
      q,
    );
    return presentSchedule(row);
  });
}

export async function deleteSchedule(p: Platform, principal: Principal, orgId: string, id: string) {
  await p.db.tx(async (q) => {
    const users = await store.policiesUsingSchedule(q, orgId, id);
    if (users.length)
      throw new AppError('conflict', `The schedule is used by escalation policies: ${users.join(', ')}.`);
    if (!(await store.deleteSchedule(q, orgId, id))) throw new AppError('not_found', 'No such schedule.');
    await p.audit.record(
      { orgId, principal, action: 'oncall.schedule_deleted', targetType: 'schedule', targetId: id },
      q,
    );
  });
}

export async function listSchedules(p: Platform, orgId: string, limit: number, cursor?: string) {
  const after = decodeCursor(cursor, ['string', 'string']) as [string, string] | undefined;
  const rows = await store.listSchedules(p.db, orgId, after, limit + 1);
  const res = page(rows, limit, (r) => [r.name, r.id]);
  return { items: res.items.map(presentSchedule), nextCursor: res.nextCursor };
}

export const toOverride = (o: store.OverrideRow): Override => ({
  id: o.id,
  userId: o.user_id,
  start: o.starts_at.getTime(),
  end: o.ends_at.getTime(),
  createdAt: o.created_at.getTime(),
});
const shape = (s: store.ScheduleRow) => ({ timeZone: s.time_zone, layers: s.layers });

/** Who is on call on a schedule at instant t (user id or null). */
export async function whoIsOnCall(q: Queryable, s: store.ScheduleRow, t: number) {
  const overrides = await store.overridesBetween(q, [s.id], new Date(t), new Date(t + 1));
  return onCallAt(shape(s), overrides.map(toOverride), t);
}

export async function onCallNow(p: Platform, orgId: string, id: string, at?: string) {
  const s = await getSchedule(p, orgId, id);
  const t = at ? Date.parse(at) : Date.now();
  const who = await whoIsOnCall(p.db, s, t);
  const [person] = who ? await people(p.db, [who.userId]) : [];
  return {
    at: new Date(t).toISOString(),
    user: person ? presentPerson(person) : null,
    source: who?.source ?? null,
    layer: who?.source === 'layer' ? (s.layers[who.layer]?.name ?? null) : null,
    overrideId: who?.source === 'override' ? who.overrideId : null,
  };
}

export function parseRange(from: string, to: string) {
  const f = Date.parse(from);
  const t = Date.parse(to);
  if (!(t > f)) throw new AppError('validation_failed', '"to" must be after "from".');
  if (t - f > MAX_RANGE_DAYS * DAY)
    throw new AppError('validation_failed', `A range may span at most ${MAX_RANGE_DAYS} days.`);
  return { from: f, to: t };
}

export async function calendar(p: Platform, orgId: string, id: string, range: { from: string; to: string }) {
  const s = await getSchedule(p, orgId, id);
  const { from, to } = parseRange(range.from, range.to);
  const overrides = await store.overridesBetween(p.db, [s.id], new Date(from), new Date(to));
  const final = finalSpans(shape(s), overrides.map(toOverride), from, to);
  const layers = s.layers.map((l) => ({
    name: l.name,
    spans: shiftsBetween(l, s.time_zone, from, to).map((sh) =>
      presentSpan({ start: Math.max(sh.start, from), end: Math.min(sh.end, to), userId: sh.userId }),
    ),
  }));
  const userIds = new Set([
    ...final.map((x) => x.userId),
    ...s.layers.flatMap((l) => l.members),
    ...overrides.map((o) => o.user_id),
  ]);
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    timeZone: s.time_zone,
    layers,
    overrides: overrides.map(presentOverride),
    final: final.map((x) =>
      presentSpan({ ...x, layerName: x.layer !== undefined ? s.layers[x.layer]?.name : undefined }),
    ),
    users: (await people(p.db, [...userIds])).map(presentPerson),
  };
}

export async function listOverrides(
  p: Platform,
  orgId: string,
  id: string,
  range: { from?: string; to?: string },
) {
  await getSchedule(p, orgId, id);
  const from = range.from ? new Date(range.from) : new Date(Date.now() - 7 * DAY);
  const to = range.to ? new Date(range.to) : new Date(Date.now() + 365 * DAY);
  return (await store.overridesBetween(p.db, [id], from, to)).map(presentOverride);
}

export async function addOverride(
  p: Platform,
  principal: Principal,
  orgId: string,
  id: string,
  input: OverrideInput,
) {
  await getSchedule(p, orgId, id);
  const start = new Date(input.start);
  const end = new Date(input.end);
  if (!(end > start)) throw new AppError('validation_failed', 'An override must end after it starts.');
  if (end.getTime() - start.getTime() > 366 * DAY)
    throw new AppError('validation_failed', 'An override may last at most a year.');
  await assertResponders(p.db, orgId, [input.userId], 'override user');
  return p.db.tx(async (q) => {
    const row = await store.insertOverride(q, {
      scheduleId: id,
      userId: input.userId,
      start,
      end,
      createdBy: actorIds(principal).userId,
    });
    await p.audit.record(
      {
        orgId,
        principal,
        action: 'oncall.override_created',
        targetType: 'schedule',
        targetId: id,
        details: { overrideId: row.id, userId: input.userId },
      },
      q,
    );
    return presentOverride(row);
  });
}

export async function deleteOverride(
  p: Platform,
  principal: Principal,
  orgId: string,
  id: string,
  overrideId: string,
) {
  await getSchedule(p, orgId, id);
  if (!(await store.deleteOverride(p.db, id, overrideId)))
    throw new AppError('not_found', 'No such override.');
  await p.audit.record({
    orgId,
    principal,
    action: 'oncall.override_deleted',
    targetType: 'schedule',
    targetId: id,
    details: { overrideId },
  });
}
