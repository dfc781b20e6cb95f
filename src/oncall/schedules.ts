import type { Queryable } from '../platform/db/db.ts';
import { AppError } from '../platform/http/errors.ts';
import { decodeCursor, page } from '../platform/http/pagination.ts';
import type { Platform } from '../platform/platform.ts';
import { actorIds, type Principal, roleAtLeast } from '../policy/index.ts';
import { presentOverride, presentPerson, presentSchedule, presentSpan } from './presenters.ts';
import { fieldError, Problems } from './problems.ts';
import { finalSpans, type Override, onCallAt } from './schedule/resolve.ts';
import { handoffs, type Layer, shiftAt, shiftIndexAt, shiftsBetween } from './schedule/rotation.ts';
import { isValidTimeZone, parseDate } from './schedule/zone.ts';
import type { OverrideInput, ScheduleInput } from './schemas.ts';
import { memberRoles, people } from './store/people.ts';
import * as store from './store/schedules.ts';

const DAY = 86_400_000;
/** Longest calendar expansion one request may ask for. */
export const MAX_RANGE_DAYS = 93;

/** Of these users, those who are not responders (or higher) in the org. */
export async function nonResponders(q: Queryable, orgId: string, userIds: readonly string[]) {
  const roles = await memberRoles(q, orgId, userIds);
  return new Set(
    userIds.filter((id) => {
      const role = roles.get(id);
      return !role || !roleAtLeast(role, 'responder');
    }),
  );
}

export const notResponders = (bad: readonly string[]) =>
  `${bad.join(', ')} ${bad.length > 1 ? 'are' : 'is'} not a responder (or higher) in this organisation`;

/** Users who can be paged must be responders or higher in the org; `path` names the field. */
export async function assertResponders(
  q: Queryable,
  orgId: string,
  userIds: readonly string[],
  path: string,
) {
  const bad = [...(await nonResponders(q, orgId, userIds))];
  if (bad.length) throw fieldError(path, notResponders(bad));
}

async function validate(p: Platform, orgId: string, input: ScheduleInput): Promise<store.ScheduleValues> {
  const problems = new Problems();
  if (!isValidTimeZone(input.timeZone))
    problems.add('timeZone', `unknown time zone "${input.timeZone}"; use an IANA name such as Europe/Berlin`);
  const names = new Set<string>();
  input.layers.forEach((l, i) => {
    const at = `layers[${i}]`;
    if (names.has(l.name)) problems.add(`${at}.name`, 'layer names must be unique');
    names.add(l.name);
    if (!parseDate(l.startDate)) problems.add(`${at}.startDate`, `${l.startDate} is not a date`);
    if (l.rotation === 'custom' && l.shiftHours === undefined)
      problems.add(`${at}.shiftHours`, 'a custom rotation needs shiftHours');
    if (l.rotation !== 'custom' && l.shiftHours !== undefined)
      problems.add(`${at}.shiftHours`, 'shiftHours applies to custom rotations only');
  });
  const bad = await nonResponders(
    p.db,
    orgId,
    input.layers.flatMap((l) => l.members),
  );
  input.layers.forEach((l, i) => {
    const here = [...new Set(l.members.filter((id) => bad.has(id)))];
    if (here.length) problems.add(`layers[${i}].members`, notResponders(here));
  });
  problems.check();
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

/** A layer's next shift, from `t` on, held by someone other than `userId`. */
function nextOnLayer(layer: Layer, tz: string, t: number, userId: string | null) {
  if (!layer.members.length) return null;
  const at = handoffs(layer, tz);
  const k = shiftIndexAt(layer, tz, t, at);
  const from = k === null ? 0 : k + 1;
  for (let j = from; j < from + layer.members.length; j++) {
    const who = layer.members[j % layer.members.length]!;
    if (who !== userId) return { userId: who, start: at(j) };
  }
  return null;
}

/**
 * Who is on call at `at` (default now), until when, and who takes over next: for the final
 * schedule (overrides included, looked ahead up to MAX_RANGE_DAYS) and for each layer.
 */
export async function onCallNow(p: Platform, orgId: string, id: string, at?: string) {
  const s = await getSchedule(p, orgId, id);
  const t = at ? Date.parse(at) : Date.now();
  const horizon = t + MAX_RANGE_DAYS * DAY;
  const overrides = (await store.overridesBetween(p.db, [s.id], new Date(t), new Date(horizon))).map(
    toOverride,
  );
  const who = onCallAt(shape(s), overrides, t);
  const spans = finalSpans(shape(s), overrides, t, horizon);
  const current = who ? spans.find((x) => x.start <= t && t < x.end && x.userId === who.userId) : undefined;
  const after = current?.end ?? t;
  const next = spans.find((x) => x.start >= after && x.userId !== who?.userId);
  const layers = s.layers.map((l) => {
    const sh = shiftAt(l, s.time_zone, t);
    return { name: l.name, shift: sh, next: nextOnLayer(l, s.time_zone, t, sh?.userId ?? null) };
  });
  const ids = [
    ...(who ? [who.userId] : []),
    ...(next ? [next.userId] : []),
    ...layers.flatMap((l) => [l.shift?.userId, l.next?.userId].filter((x): x is string => !!x)),
  ];
  const byId = new Map((await people(p.db, [...new Set(ids)])).map((r) => [r.id, presentPerson(r)]));
  const iso = (ms: number) => new Date(ms).toISOString();
  return {
    at: iso(t),
    user: (who && byId.get(who.userId)) ?? null,
    source: who?.source ?? null,
    layer: who?.source === 'layer' ? (s.layers[who.layer]?.name ?? null) : null,
    overrideId: who?.source === 'override' ? who.overrideId : null,
    // A span may be cut at the look-ahead: then "until" is only known to be at least that.
    until: current ? iso(current.end) : null,
    next:
      next && byId.get(next.userId)
        ? {
            user: byId.get(next.userId)!,
            start: iso(next.start),
            source: next.source,
            layer: next.layer !== undefined ? (s.layers[next.layer]?.name ?? null) : null,
          }
        : null,
    horizon: iso(horizon),
    layers: layers.map((l) => ({
      name: l.name,
      user: (l.shift && byId.get(l.shift.userId)) ?? null,
      until: l.shift ? iso(l.shift.end) : null,
      next:
        l.next && byId.get(l.next.userId)
          ? { user: byId.get(l.next.userId)!, start: iso(l.next.start) }
          : null,
    })),
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
  if (!(end > start)) throw fieldError('end', 'an override must end after it starts');
  if (end.getTime() - start.getTime() > 366 * DAY)
    throw fieldError('end', 'an override may last at most a year');
  await assertResponders(p.db, orgId, [input.userId], 'userId');
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
