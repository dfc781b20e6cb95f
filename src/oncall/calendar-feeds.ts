import { newSecret, safeEqual, sha256 } from '../platform/auth/secrets.ts';
import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { type CalendarEvent, renderCalendar } from './schedule/ical.ts';
import { finalSpans } from './schedule/resolve.ts';
import { toOverride } from './schedules.ts';
import { orgsOfUser, people } from './store/people.ts';
import * as store from './store/schedules.ts';

const DAY = 86_400_000;
/** Feeds cover a week back and 90 days ahead. */
const BACK = 7 * DAY;
const AHEAD = 90 * DAY;
const PREFIX_LENGTH = 12;

/** Creates (or replaces) the person's calendar secret; the token is shown once. */
export async function issueCalendarToken(p: Platform, userId: string) {
  const token = `cal_${newSecret(32)}`;
  await p.db.execute(
    `insert into oncall_calendar_tokens (user_id, prefix, token_hash) values ($1, $2, $3)
     on conflict (user_id) do update set prefix = excluded.prefix, token_hash = excluded.token_hash, created_at = now()`,
    [userId, token.slice(0, PREFIX_LENGTH), sha256(token)],
  );
  return token;
}

export const revokeCalendarToken = (p: Platform, userId: string) =>
  p.db.execute('delete from oncall_calendar_tokens where user_id = $1', [userId]);

/** The user a calendar token belongs to; a generic 404 otherwise. */
export async function calendarUser(p: Platform, token: string): Promise<string> {
  const row = /^cal_[A-Za-z0-9_-]{43}$/.test(token)
    ? await p.db.one<{ user_id: string; token_hash: string }>(
        'select user_id, token_hash from oncall_calendar_tokens where prefix = $1',
        [token.slice(0, PREFIX_LENGTH)],
      )
    : undefined;
  if (!row || !safeEqual(row.token_hash, sha256(token))) throw new AppError('not_found', 'No such calendar.');
  return row.user_id;
}

async function events(p: Platform, schedules: store.ScheduleRow[], onlyUser: string | null, now: number) {
  const from = now - BACK;
  const to = now + AHEAD;
  const overrides = await store.overridesBetween(
    p.db,
    schedules.map((s) => s.id),
    new Date(from),
    new Date(to),
  );
  const names = new Map(
    (
      await people(p.db, [
        ...new Set(
          schedules
            .flatMap((s) => s.layers.flatMap((l) => l.members))
            .concat(overrides.map((o) => o.user_id)),
        ),
      ])
    ).map((u) => [u.id, u.name]),
  );
  const out: CalendarEvent[] = [];
  for (const s of schedules) {
    const mine = overrides.filter((o) => o.schedule_id === s.id).map(toOverride);
    for (const span of finalSpans({ timeZone: s.time_zone, layers: s.layers }, mine, from, to)) {
      if (onlyUser && span.userId !== onlyUser) continue;
      const who = names.get(span.userId) ?? span.userId;
      out.push({
        // Stable across fetches: the same shift keeps its UID, so calendar apps update in place.
        uid: `${s.id}-${span.userId}-${span.start}@swimmy`,
        start: span.start,
        end: span.end,
        summary: onlyUser ? `On call: ${s.name}` : `${who} on call (${s.name})`,
        description: `${who} is on call for ${s.name}${span.source === 'override' ? ' (override)' : ''}.`,
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export async function scheduleCalendar(p: Platform, s: store.ScheduleRow, now = Date.now()) {
  return renderCalendar({
    name: `${s.name} on-call`,
    stamp: s.updated_at.getTime(),
    events: await events(p, [s], null, now),
  });
}

/** Every shift of the person across the schedules of all their organisations. */
export async function userCalendar(p: Platform, userId: string, now = Date.now()) {
  const schedules = await store.allSchedulesOf(p.db, await orgsOfUser(p.db, userId));
  const stamp = Math.max(0, ...schedules.map((s) => s.updated_at.getTime()));
  return renderCalendar({
    name: 'My on-call shifts',
    stamp,
    events: await events(p, schedules, userId, now),
  });
}

export async function scheduleCalendarByToken(p: Platform, token: string, scheduleId: string) {
  const userId = await calendarUser(p, token);
  const orgs = await orgsOfUser(p.db, userId);
  const s = (await store.allSchedulesOf(p.db, orgs)).find((x) => x.id === scheduleId);
  if (!s) throw new AppError('not_found', 'No such calendar.');
  return scheduleCalendar(p, s);
}
