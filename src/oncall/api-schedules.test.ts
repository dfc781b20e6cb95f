import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '../../test/helpers/app.ts';
import { type ApiFixture, openApiFixture } from './api-fixture.ts';
import { unfold } from './schedule/ical.ts';
import { ok } from './testing.ts';

describe('on-call REST API: schedules', () => {
  let f: ApiFixture;
  before(async () => {
    f = await openApiFixture();
  });
  after(() => f.h.close());

  test('schedules: layers, overrides, who is on call, calendar, iCal', async () => {
    const { h, org, ann, bob, viewer, base, layer } = f;
    const s = await ok(
      h.app,
      {
        method: 'POST',
        url: `${base}/oncall/schedules`,
        auth: org.owner.auth,
        body: {
          name: 'Network',
          timeZone: 'Europe/Berlin',
          layers: [
            layer([ann.userId, bob.userId]),
            layer([bob.userId], {
              name: 'weekend',
              rotation: 'custom',
              shiftHours: 48,
              startDate: '2026-01-10',
              handoffTime: '00:00',
            }),
          ],
        },
      },
      201,
    );
    const at = (iso: string) =>
      ok(h.app, {
        url: `${base}/oncall/schedules/${s.id}/oncall?at=${encodeURIComponent(iso)}`,
        auth: viewer.auth,
      });
    // Monday 2026-01-05 10:00 Berlin: layer 1 week 1 → ann (the weekend layer starts 2026-01-10).
    assert.equal(((await at('2026-01-05T09:00:00Z')).user as { id: string }).id, ann.userId);
    assert.equal(
      ((await at('2026-01-12T09:00:00Z')).user as { id: string }).id,
      bob.userId,
      'higher layer wins',
    );
    assert.equal((await at('2026-01-05T07:59:00Z')).user, null, 'before any layer starts');
    // Until when, and who is next: for the final schedule and per layer.
    const name = (u: unknown) => ((u as { id: string }).id === ann.userId ? 'ann' : 'bob');
    const monday = await at('2026-01-05T09:00:00Z');
    assert.equal(
      monday.until,
      '2026-01-09T23:00:00.000Z',
      'the weekend layer takes over Saturday 00:00 Berlin',
    );
    const next = monday.next as { user: unknown; start: string; source: string; layer: string };
    assert.deepEqual(
      [name(next.user), next.start, next.source, next.layer],
      ['bob', '2026-01-09T23:00:00.000Z', 'layer', 'weekend'],
    );
    const perLayer = monday.layers as Array<{
      name: string;
      user: unknown;
      until: string | null;
      next: { user: unknown; start: string };
    }>;
    assert.deepEqual(
      perLayer.map((l) => [l.name, l.user && name(l.user), l.until, name(l.next.user), l.next.start]),
      [
        ['primary', 'ann', '2026-01-12T08:00:00.000Z', 'bob', '2026-01-12T08:00:00.000Z'],
        ['weekend', null, null, 'bob', '2026-01-09T23:00:00.000Z'],
      ],
    );
    const early = await at('2026-01-05T07:59:00Z');
    assert.equal(early.until, null);
    assert.equal(name((early.next as { user: unknown }).user), 'ann', 'the first shift is the next handoff');
    const o = await ok(
      h.app,
      {
        method: 'POST',
        url: `${base}/oncall/schedules/${s.id}/overrides`,
        auth: org.owner.auth,
        body: { userId: bob.userId, start: '2026-01-06T00:00:00Z', end: '2026-01-06T12:00:00Z' },
      },
      201,
    );
    const during = await at('2026-01-06T06:00:00Z');
    assert.equal((during.user as { id: string }).id, bob.userId);
    assert.equal(during.source, 'override');
    assert.equal(during.until, '2026-01-06T12:00:00.000Z', 'the override ends');
    assert.equal(name((during.next as { user: unknown }).user), 'ann', 'then the layer again');
    assert.equal((during.next as { start: string }).start, '2026-01-06T12:00:00.000Z');
    const cal = await ok(h.app, {
      url: `${base}/oncall/schedules/${s.id}/calendar?from=2026-01-05T00:00:00Z&to=2026-01-08T00:00:00Z`,
      auth: viewer.auth,
    });
    const final = cal.final as Array<{ userId: string; source: string; start: string }>;
    assert.deepEqual(
      final.map((f) => [f.userId === ann.userId ? 'ann' : 'bob', f.source]),
      [
        ['ann', 'layer'],
        ['bob', 'override'],
        ['ann', 'layer'],
      ],
    );
    await ok(
      h.app,
      { method: 'DELETE', url: `${base}/oncall/schedules/${s.id}/overrides/${o.id}`, auth: org.owner.auth },
      204,
    );

    const ics = await call(h.app, { url: `${base}/oncall/schedules/${s.id}/ical`, auth: viewer.auth });
    assert.equal(ics.statusCode, 200);
    assert.match(ics.headers['content-type'] as string, /text\/calendar/);
    assert.match(ics.body, /^BEGIN:VCALENDAR\r\n/);
    // Calendar apps subscribe with a per-user secret URL. The weekend layer covers everything
    // after 2026-01-10, so ann's own shifts now come from an override.
    const soon = Date.now() + 86_400_000;
    await ok(
      h.app,
      {
        method: 'POST',
        url: `${base}/oncall/schedules/${s.id}/overrides`,
        auth: org.owner.auth,
        body: {
          userId: ann.userId,
          start: new Date(soon).toISOString(),
          end: new Date(soon + 7_200_000).toISOString(),
        },
      },
      201,
    );
    const token = await ok(h.app, { method: 'POST', url: '/api/v1/me/calendar-token', auth: ann.auth }, 201);
    const feed = await call(h.app, { url: token.feedPath as string });
    assert.equal(feed.statusCode, 200);
    const events = unfold(feed.body).split('BEGIN:VEVENT').slice(1);
    assert.equal(events.length, 1);
    assert.match(events[0]!, /SUMMARY:On call: Network/);
    assert.match(events[0]!, /DESCRIPTION:ann is on call for Network \(override\)\./);
    const uid = /UID:(\S+)/.exec(events[0]!)?.[1];
    assert.ok(
      uid && unfold((await call(h.app, { url: token.feedPath as string })).body).includes(`UID:${uid}`),
      'UIDs are stable',
    );
    const perSchedule = await call(h.app, {
      url: (token.schedulePathTemplate as string).replace('{scheduleId}', s.id),
    });
    assert.equal(perSchedule.statusCode, 200);
    await ok(h.app, { method: 'DELETE', url: '/api/v1/me/calendar-token', auth: ann.auth }, 204);
    assert.equal((await call(h.app, { url: token.feedPath as string })).statusCode, 404, 'revoked');
  });

  test('bad schedules: unknown zone, strangers, viewers, custom without length, reversed overrides', async () => {
    const { h, org, ann, bob, viewer, base, expect400, layer } = f;
    await expect400(
      '/oncall/schedules',
      { name: 'x', timeZone: 'Mars/Olympus', layers: [layer([ann.userId])] },
      /unknown time zone/,
    );
    await expect400(
      '/oncall/schedules',
      { name: 'x', timeZone: 'UTC', layers: [layer(['00000000-0000-4000-8000-000000000000'])] },
      /not a responder/,
    );
    await expect400(
      '/oncall/schedules',
      { name: 'x', timeZone: 'UTC', layers: [layer([viewer.userId])] },
      /not a responder/,
    );
    await expect400(
      '/oncall/schedules',
      { name: 'x', timeZone: 'UTC', layers: [layer([ann.userId], { rotation: 'custom' })] },
      /shiftHours/,
    );
    await expect400('/oncall/schedules', { name: 'x', timeZone: 'UTC', layers: [] }, /layers/);
    await expect400(
      '/oncall/schedules',
      { name: 'x', timeZone: 'UTC', layers: [layer([ann.userId]), layer([bob.userId])] },
      /unique/,
    );
    await expect400(
      '/oncall/schedules',
      { name: 'x', timeZone: 'UTC', layers: [layer([ann.userId], { startDate: '2026-02-30' })] },
      /not a date/,
    );
    const s = await ok(
      h.app,
      {
        method: 'POST',
        url: `${base}/oncall/schedules`,
        auth: org.owner.auth,
        body: { name: 'y', timeZone: 'UTC', layers: [layer([ann.userId])] },
      },
      201,
    );
    await expect400(
      `/oncall/schedules/${s.id}/overrides`,
      { userId: ann.userId, start: '2026-01-02T00:00:00Z', end: '2026-01-01T00:00:00Z' },
      /end after/,
    );
    const range = await call(h.app, {
      url: `${base}/oncall/schedules/${s.id}/calendar?from=2026-01-01T00:00:00Z&to=2027-01-01T00:00:00Z`,
      auth: org.owner.auth,
    });
    assert.equal(range.statusCode, 400);
  });

  test('validation errors name their field in error.details (as mitigation settings do)', async () => {
    const { ann, viewer, post, layer } = f;
    const details = async (url: string, body: unknown) => {
      const res = await post(url, body);
      assert.equal(res.statusCode, 400, res.body);
      return res.json().error.details as string[];
    };
    assert.deepEqual(
      await details('/oncall/schedules', {
        name: 'x',
        timeZone: 'Mars/Olympus',
        layers: [layer([ann.userId]), layer([viewer.userId], { rotation: 'custom' })],
      }),
      [
        'timeZone: unknown time zone "Mars/Olympus"; use an IANA name such as Europe/Berlin',
        'layers[1].name: layer names must be unique',
        'layers[1].shiftHours: a custom rotation needs shiftHours',
        `layers[1].members: ${viewer.userId} is not a responder (or higher) in this organisation`,
      ],
    );
    const nowhere = '00000000-0000-4000-8000-000000000000';
    assert.deepEqual(
      await details('/oncall/policies', {
        name: 'p',
        repeat: 1,
        levels: [
          { delaySeconds: 0, targets: [{ type: 'user', userId: ann.userId }] },
          {
            delaySeconds: 0,
            targets: [
              { type: 'user', userId: viewer.userId },
              { type: 'schedule', scheduleId: nowhere },
              { type: 'user', userId: viewer.userId },
            ],
          },
        ],
      }),
      [
        'repeat: a repeating policy needs a delay on at least one level, or it would page in a tight loop',
        'levels[1].targets[2]: names the same target twice',
        `levels[1].targets[0].userId: ${viewer.userId} is not a responder (or higher) in this organisation`,
        `levels[1].targets[1].scheduleId: no such schedule in this organisation: ${nowhere}`,
        `levels[1].targets[2].userId: ${viewer.userId} is not a responder (or higher) in this organisation`,
      ],
    );
    assert.deepEqual(
      await details('/oncall/routing-rules', {
        name: 'r',
        conditions: { integrationIds: [nowhere] },
        policyId: nowhere,
      }),
      [
        `policyId: no escalation policy ${nowhere} in this organisation`,
        `conditions.integrationIds[0]: no such integration: ${nowhere}`,
      ],
    );
  });
});
