import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { call, setupFirstOrg } from '../../test/helpers/app.ts';
import type { BusEvent } from '../platform/bus/bus.ts';
import { attackFixture } from './fixtures.ts';
import { presentCommands } from './presenters.ts';
import { exabgpCommands, gobgpArgs } from './render.ts';
import type { Rule } from './rules.ts';
import type { Mitigation } from './schemas.ts';
import { createMitigationTestApp, type MitigationTestApp } from './test-app.ts';
import { steps } from './test-steps.ts';
import { eventually, NODE, tempDir } from './testing.ts';

const NTP_ANNOUNCE =
  'announce flow route { match { destination 192.0.2.10/32; protocol udp; source-port =123; } then { discard; } }';

/** What the server's renderer produces for the rules: the API must carry exactly this. */
const rendered = (rules: Rule[]) => ({
  exabgp: { announce: exabgpCommands(rules, 'announce'), withdraw: exabgpCommands(rules, 'withdraw') },
  gobgp: {
    announce: rules.map((r) => ['gobgp', ...gobgpArgs(r, 'announce')]),
    withdraw: rules.map((r) => ['gobgp', ...gobgpArgs(r, 'withdraw')]),
  },
});

describe('mitigation list filters, rendered commands and live events', () => {
  const tmp = tempDir();
  let t: MitigationTestApp;
  let orgId: string;
  let auth: Awaited<ReturnType<typeof setupFirstOrg>>['auth'];
  let api: ReturnType<typeof steps>;

  before(async () => {
    t = await createMitigationTestApp({ programs: [NODE], fifoDirs: [tmp.dir] });
    const owner = await setupFirstOrg(t.app);
    orgId = owner.orgId;
    auth = owner.auth;
    api = steps(t, auth, orgId);
    await api.settings({ mode: 'propose', driver: { kind: 'log' } });
  });
  after(async () => {
    await t?.close();
    tmp.remove();
  });

  /** The bus event of `type` about mitigation `id` (published after the commit; NATS is a moment later). */
  const onBus = (type: string, id: string) =>
    eventually(
      () => t.events.find((e) => e.type === type && (e.data as Mitigation).id === id),
      `${type} for ${id} on the bus`,
    ) as Promise<BusEvent>;
  const expectPublished = async (type: string, m: Mitigation, state: Mitigation['state']) => {
    const e = await onBus(type, m.id);
    assert.equal(e.orgId, orgId, type);
    assert.equal(e.tlp, 'AMBER', type);
    const data = e.data as Mitigation;
    assert.equal(data.state, state, type);
    assert.equal(data.attackId, m.attackId, type);
    assert.deepEqual(data.commands, rendered(data.rules), `${type} carries the rendered commands`);
    return data;
  };
  const list = (query: string) => call(t.app, { url: `/api/v1/orgs/${orgId}/mitigations${query}`, auth });

  test('every presented mitigation carries the exact commands of the server renderer, both dialects', async () => {
    const attack = attackFixture('ntp', { orgId });
    await t.publishAttack('attack.started', orgId, attack);
    const m = await api.reach(attack.id, 'proposed');
    assert.deepEqual(m.commands, rendered(m.rules));
    assert.deepEqual(m.commands?.exabgp.announce, [NTP_ANNOUNCE]);
    assert.deepEqual(m.commands?.exabgp.withdraw, [NTP_ANNOUNCE.replace(/^announce/, 'withdraw')]);
    assert.deepEqual(m.commands?.gobgp.announce, [
      [
        'gobgp',
        'global',
        'rib',
        '-a',
        'ipv4-flowspec',
        'add',
        'match',
        'destination',
        '192.0.2.10/32',
        'protocol',
        'udp',
        'source-port',
        '==123',
        'then',
        'discard',
      ],
    ]);
    assert.equal(m.commands?.gobgp.withdraw[0]?.[5], 'del');
    assert.deepEqual((await api.get(m.id)).commands, m.commands, 'the detail view too');
    await expectPublished('mitigation.proposed', m, 'proposed');
    // The decision answers carry them as well.
    const rejected = await api.act(m.id, 'reject');
    assert.deepEqual(rejected.json().commands, m.commands);
  });

  test('commands are null (not a 500) when a stored rule no longer passes the checks', () => {
    const bad = { kind: 'rtbh', family: 'ipv4', prefix: '192.0.2.10/32; reboot', nextHop: '192.0.2.1' };
    assert.equal(presentCommands([bad as unknown as Rule]), null);
    assert.deepEqual(presentCommands([]), {
      exabgp: { announce: [], withdraw: [] },
      gobgp: { announce: [], withdraw: [] },
    });
  });

  test('?attackId= gives the attack’s mitigation only, and must be a UUID', async () => {
    const a = attackFixture('icmp', { orgId, target: '192.0.2.41' });
    const b = attackFixture('icmp', { orgId, target: '192.0.2.42' });
    await t.publishAttack('attack.started', orgId, a);
    await t.publishAttack('attack.started', orgId, b);
    await api.reach(a.id, 'proposed');
    await api.reach(b.id, 'proposed');
    const onlyA = await api.list(`?attackId=${a.id}`);
    assert.deepEqual(
      onlyA.map((m) => [m.attackId, m.target]),
      [[a.id, '192.0.2.41']],
    );
    assert.deepEqual(await api.list(`?attackId=${randomUUID()}`), []);
    // Combined with the state filter.
    assert.equal((await api.list(`?attackId=${a.id}&state=rejected`)).length, 0);
    assert.equal((await api.list(`?attackId=${a.id}&state=rejected,proposed`)).length, 1);
    for (const bad of ['nope', `${a.id}x`, "1' or '1'='1"]) {
      const res = await list(`?attackId=${encodeURIComponent(bad)}`);
      assert.equal(res.statusCode, 400, `${bad} → ${res.body}`);
      assert.equal(res.json().error.code, 'validation_failed');
      assert.match(res.json().error.message, /attackId/);
    }
  });

  test('?state= takes one state or a comma-separated list; unknown names are refused clearly', async () => {
    const all = await api.list('');
    assert.ok(all.some((m) => m.state === 'rejected') && all.some((m) => m.state === 'proposed'));
    const states = (ms: Mitigation[]) => [...new Set(ms.map((m) => m.state))].sort();
    assert.deepEqual(states(await api.list('?state=proposed')), ['proposed']);
    assert.deepEqual(states(await api.list('?state=proposed,rejected')), ['proposed', 'rejected']);
    assert.deepEqual(states(await api.list('?state=rejected,%20proposed,rejected')), [
      'proposed',
      'rejected',
    ]);
    assert.equal((await api.list('?state=proposed,rejected')).length, all.length);
    assert.deepEqual(await api.list('?state=withdrawn,expired'), []);

    const cases: Array<[string, RegExp]> = [
      ['bogus', /unknown state "bogus"/],
      ['proposed,bogus,announced', /unknown state "bogus"/],
      ['proposed,,announced', /an empty name/],
      ['', /an empty name/],
      ['PROPOSED', /unknown state "PROPOSED"/],
    ];
    for (const [state, message] of cases) {
      const res = await list(`?state=${encodeURIComponent(state)}`);
      assert.equal(res.statusCode, 400, `${state} → ${res.body}`);
      assert.equal(res.json().error.code, 'validation_failed');
      assert.match(res.json().error.message, message);
      assert.match(res.json().error.message, /proposed, pending, announcing/, 'names the known states');
    }
    const long = await list(`?state=${'proposed,'.repeat(60)}proposed`);
    assert.equal(long.statusCode, 400);
  });

  test('approve, reject and expiry are published live (same TLP and org as the other events)', async () => {
    const [a, b, c] = ['192.0.2.51', '192.0.2.52', '192.0.2.53'].map((target) =>
      attackFixture('syn', { orgId, target }),
    );
    for (const x of [a!, b!, c!]) await t.publishAttack('attack.started', orgId, x);
    const pa = await api.reach(a!.id, 'proposed');
    const pb = await api.reach(b!.id, 'proposed');
    await api.reach(c!.id, 'proposed');

    assert.equal((await api.act(pa.id, 'approve', { note: 'go' })).statusCode, 200);
    await expectPublished('mitigation.approved', pa, 'pending');
    assert.equal((await api.act(pb.id, 'reject')).statusCode, 200);
    await expectPublished('mitigation.rejected', pb, 'rejected');
    await t.publishAttack('attack.ended', orgId, { ...c!, state: 'ended' });
    const pc = await api.reach(c!.id, 'expired');
    await expectPublished('mitigation.expired', pc, 'expired');
    // A refused decision publishes nothing.
    const before = t.events.length;
    assert.equal((await api.act(pb.id, 'approve')).statusCode, 409);
    assert.equal(
      t.events.slice(before).filter((e) => (e.data as Mitigation | undefined)?.id === pb.id).length,
      0,
    );
    await api.reach(a!.id, 'announced');
  });

  test('a cancellation and a withdrawal request are published live', async () => {
    // Announced first, then a person asks for the withdrawal.
    const announced = attackFixture('fragments', { orgId, target: '192.0.2.61' });
    await t.publishAttack('attack.started', orgId, announced);
    const pa = await api.reach(announced.id, 'proposed');
    assert.equal((await api.act(pa.id, 'approve')).statusCode, 200);
    const live = await api.reach(announced.id, 'announced');
    const w = await api.act(pa.id, 'withdraw', { note: 'customer is fine' });
    assert.equal(w.statusCode, 202, w.body);
    const requested = await onBus('mitigation.withdraw_requested', pa.id);
    assert.equal(requested.orgId, orgId);
    assert.equal(requested.tlp, 'AMBER');
    const data = requested.data as Mitigation;
    assert.ok(
      ['announced', 'withdrawing', 'withdrawn'].includes(data.state),
      `still announced when asked: ${data.state}`,
    );
    assert.ok(data.updatedAt > live.updatedAt, 'a new updatedAt, so other tabs reload its history');
    await api.reach(announced.id, 'withdrawn');
    await onBus('mitigation.withdrawn', pa.id);

    // Approved while no worker runs: still pending when withdrawn, so it is cancelled.
    await t.platform.jobs.stop();
    try {
      const pending = attackFixture('fragments', { orgId, target: '192.0.2.62' });
      await t.publishAttack('attack.started', orgId, pending);
      const pp = await api.reach(pending.id, 'proposed');
      assert.equal((await api.act(pp.id, 'approve')).json().state, 'pending');
      const cancelled = await api.act(pp.id, 'withdraw');
      assert.equal(cancelled.statusCode, 202, cancelled.body);
      assert.equal(cancelled.json().state, 'cancelled');
      await expectPublished('mitigation.cancelled', pp, 'cancelled');
    } finally {
      await t.restartWorker();
    }
  });
});
