import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { waitFor } from '../platform/jobs/testing.ts';
import { type FakeClock, fakeClock, jobDriver } from './fake-clock.ts';
import { acknowledge, raiseAlert, resolve } from './incidents.ts';
import { type OncallHarness, ok, oncallHarness, orgWithResponders } from './testing.ts';

// Escalation semantics on a fake clock: the production handlers run, due jobs are run by hand at
// their due time (fake-clock.ts), so minutes of escalation take milliseconds and nothing sleeps.
const S = 1000;
const MIN = 60 * S;

describe('escalation semantics on a fake clock', () => {
  let h: OncallHarness;
  let clock: FakeClock;
  let orgId: string;
  let names: Map<string, string>;
  let ann: { userId: string };
  let bob: { userId: string };
  const system = { userId: null, label: 'test' };

  before(async () => {
    clock = fakeClock();
    h = await oncallHarness({ worker: false, oncall: { now: () => clock.now() } });
    const org = await orgWithResponders(h.app);
    orgId = org.owner.orgId;
    const a = await org.add('ann');
    const b = await org.add('bob');
    ann = a;
    bob = b;
    names = new Map([
      [a.userId, 'ann'],
      [b.userId, 'bob'],
    ]);
    for (const who of [a, b])
      await ok(
        h.app,
        { method: 'POST', url: '/api/v1/me/notification-rules', auth: who.auth, body: { channel: 'in_app' } },
        201,
      );
    const policy = await ok(
      h.app,
      {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/oncall/policies`,
        auth: org.owner.auth,
        body: {
          name: 'Network',
          repeat: 1,
          ackTimeoutSeconds: 300,
          levels: [
            { delaySeconds: 60, targets: [{ type: 'user', userId: a.userId }] },
            { delaySeconds: 120, targets: [{ type: 'user', userId: b.userId }] },
          ],
        },
      },
      201,
    );
    await ok(
      h.app,
      {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/oncall/routing-rules`,
        auth: org.owner.auth,
        body: { name: 'all', conditions: {}, policyId: policy.id },
      },
      201,
    );
  });
  after(() => h.close());

  /** A fresh driver (the clock keeps going) and an alert raised now. */
  async function trigger(dedupKey?: string) {
    const d = jobDriver(h, clock);
    const t0 = clock.now();
    const r = await raiseAlert(h.platform, {
      orgId,
      source: 'test',
      summary: 'Disk on fire',
      severity: 'critical',
      ...(dedupKey ? { dedupKey } : {}),
    });
    const seen = (id = r.incidentId) =>
      d.pages.filter((p) => p.incidentId === id).map((p) => `${names.get(p.userId)}@${(p.at - t0) / S}s`);
    return { d, t0, r, seen };
  }

  const incident = (id: string) =>
    h.platform.db.one<{ status: string; exhausted: boolean; alert_count: number; generation: number }>(
      'select status, exhausted, alert_count, generation from oncall_incidents where id = $1',
      [id],
    );
  const timeline = async (id: string) =>
    (
      await h.platform.db.query<{ kind: string }>(
        'select kind from oncall_timeline where incident_id = $1 order by id',
        [id],
      )
    ).map((e) => e.kind);

  test('levels page in order after their delays, the policy repeats, then escalation is exhausted', async () => {
    const { d, t0, r, seen } = await trigger();
    await d.advance(0);
    assert.deepEqual(seen(), ['ann@0s'], 'level 1 at once');
    await d.advanceTo(t0 + MIN - 1);
    assert.deepEqual(seen(), ['ann@0s'], 'level 2 not a millisecond early');
    await d.advanceTo(t0 + MIN);
    assert.deepEqual(seen(), ['ann@0s', 'bob@60s'], 'level 2 exactly after the level-1 delay');
    await d.advance(2 * 3600 * S);
    assert.deepEqual(
      seen(),
      ['ann@0s', 'bob@60s', 'ann@180s', 'bob@240s'],
      'one repeat of the whole policy, each level after its delay, then no more',
    );
    const inc = await incident(r.incidentId);
    assert.equal(inc?.status, 'triggered');
    assert.equal(inc?.exhausted, true);
    assert.ok((await timeline(r.incidentId)).includes('escalation_exhausted'));
    assert.deepEqual(d.errors, []);
    await resolve(h.platform, orgId, r.incidentId, system);
  });

  test('acknowledge stops escalation; the ack timeout returns it to triggered and it resumes', async () => {
    const { d, t0, r, seen } = await trigger();
    await d.advance(30 * S);
    assert.deepEqual(seen(), ['ann@0s']);
    await acknowledge(h.platform, orgId, r.incidentId, { userId: ann.userId, label: 'ann' });
    await d.advanceTo(t0 + 30 * S + 300 * S - 1);
    assert.deepEqual(seen(), ['ann@0s'], 'nothing while acknowledged (level 2 was due at 60 s)');
    assert.equal((await incident(r.incidentId))?.status, 'acknowledged');
    await d.advanceTo(t0 + 330 * S);
    assert.equal((await incident(r.incidentId))?.status, 'triggered', 'ack timeout at ack + 300 s');
    assert.deepEqual(seen(), ['ann@0s', 'ann@330s'], 'the level paged last is paged again at once');
    await d.advanceTo(t0 + 390 * S);
    assert.deepEqual(seen(), ['ann@0s', 'ann@330s', 'bob@390s'], 'and escalation goes on from there');
    // A second acknowledgement, then resolve before its timeout: nothing ever again.
    await acknowledge(h.platform, orgId, r.incidentId, { userId: bob.userId, label: 'bob' });
    await resolve(h.platform, orgId, r.incidentId, system);
    await d.advance(3600 * S);
    assert.deepEqual(seen(), ['ann@0s', 'ann@330s', 'bob@390s']);
    const kinds = await timeline(r.incidentId);
    for (const k of ['triggered', 'notified', 'acknowledged', 'ack_timeout', 'resolved'])
      assert.ok(kinds.includes(k), `timeline has ${k}: ${kinds.join(', ')}`);
    assert.deepEqual(d.errors, []);
  });

  test('the engine publishes live events: paged (with the new assignees), updated on ack timeout', async () => {
    const all: {
      id?: string;
      type: string;
      orgId: string | null;
      tlp: string;
      status: string;
      assignees: string;
    }[] = [];
    const off = h.platform.bus.subscribe((e) => {
      const data = e.data as { id?: string; status?: string; assigneeIds?: string[] };
      if (e.type.startsWith('incident.'))
        all.push({
          id: data.id,
          type: e.type,
          orgId: e.orgId,
          tlp: e.tlp,
          status: data.status ?? '',
          assignees: (data.assigneeIds ?? []).map((id) => names.get(id)).join(','),
        });
    });
    try {
      const { d, t0, r } = await trigger();
      const events = () => all.filter((e) => e.id === r.incidentId);
      await d.advance(0);
      await acknowledge(h.platform, orgId, r.incidentId, { userId: ann.userId, label: 'ann' });
      await d.advanceTo(t0 + 300 * S);
      await d.advanceTo(t0 + 360 * S);
      await resolve(h.platform, orgId, r.incidentId, system);
      await waitFor(() => events().at(-1)?.type === 'incident.resolved');
      assert.deepEqual(
        events().map((e) => `${e.type}:${e.status}:${e.assignees}`),
        [
          'incident.triggered:triggered:',
          'incident.paged:triggered:ann',
          'incident.acknowledged:acknowledged:ann',
          'incident.updated:triggered:ann',
          'incident.paged:triggered:ann',
          'incident.paged:triggered:bob',
          'incident.resolved:resolved:bob',
        ],
      );
      for (const e of events()) {
        assert.equal(e.orgId, orgId);
        assert.equal(e.tlp, 'AMBER+STRICT');
      }
      assert.deepEqual(d.errors, []);
    } finally {
      off();
    }
  });

  test('resolve ends escalation: pending steps and notifications become no-ops', async () => {
    const { d, r, seen } = await trigger();
    await d.advance(0);
    await d.advance(59 * S);
    await resolve(h.platform, orgId, r.incidentId, system);
    await resolve(h.platform, orgId, r.incidentId, system); // idempotent
    await d.advance(24 * 3600 * S);
    assert.deepEqual(seen(), ['ann@0s']);
    assert.equal((await incident(r.incidentId))?.status, 'resolved');
    assert.deepEqual(await d.pending(), [], 'no step left behind');
    assert.deepEqual(d.errors, []);
  });

  test('resolve before the first step runs: its job is cancelled and nobody is paged', async () => {
    const { d, r, seen } = await trigger();
    await resolve(h.platform, orgId, r.incidentId, system);
    await d.advance(10 * MIN);
    assert.deepEqual(seen(), [], 'the step was cancelled by the resolve');
    assert.deepEqual(d.errors, []);
  });

  test('same dedup key joins the open incident; after resolve a trigger opens a new one', async () => {
    const first = await trigger('db-down');
    await first.d.advance(10 * S);
    const again = await raiseAlert(h.platform, {
      orgId,
      source: 'test',
      dedupKey: 'db-down',
      summary: 'still down',
      severity: 'critical',
    });
    assert.equal(again.incidentId, first.r.incidentId);
    assert.equal(again.created, false);
    await first.d.advance(20 * S);
    assert.deepEqual(first.seen(), ['ann@0s'], 'the joined alert pages nobody again');
    assert.equal((await incident(first.r.incidentId))?.alert_count, 2);
    await first.d.advanceTo(first.t0 + MIN);
    assert.deepEqual(first.seen(), ['ann@0s', 'bob@60s'], 'its escalation keeps the original schedule');
    await resolve(h.platform, orgId, first.r.incidentId, system);

    await first.d.advance(5 * MIN);
    const second = await trigger('db-down');
    assert.equal(second.r.created, true);
    assert.notEqual(second.r.incidentId, first.r.incidentId, 'a new incident after resolve');
    await second.d.advance(MIN);
    assert.deepEqual(second.seen(), ['ann@0s', 'bob@60s'], 'which escalates from level 1 on its own clock');
    assert.equal((await incident(first.r.incidentId))?.status, 'resolved');
    assert.deepEqual([...first.d.errors, ...second.d.errors], []);
    await resolve(h.platform, orgId, second.r.incidentId, system);
  });
});
