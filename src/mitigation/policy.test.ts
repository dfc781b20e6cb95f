import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setupFirstOrg } from '../../test/helpers/app.ts';
import { attackFixture } from './fixtures.ts';
import { createMitigationTestApp, type MitigationTestApp } from './test-app.ts';
import { kinds, steps } from './test-steps.ts';
import { eventually, feederScript, makeFifo, NODE, tempDir } from './testing.ts';

describe('mitigation policy: allow-list, RTBH opt-in, limits, decisions, expiry, failures', () => {
  const tmp = tempDir();
  const feeder = feederScript(tmp.dir);
  let t: MitigationTestApp;
  let orgId: string;
  let api: ReturnType<typeof steps>;

  before(async () => {
    t = await createMitigationTestApp({ programs: [NODE], fifoDirs: [tmp.dir], announceAttempts: 2 });
    const owner = await setupFirstOrg(t.app);
    orgId = owner.orgId;
    api = steps(t, owner.auth, orgId);
  });
  after(async () => {
    await t?.close();
    tmp.remove();
  });

  test('RTBH only with opt-in, and never for an allow-listed victim (FlowSpec still allowed)', async () => {
    await api.settings({
      mode: 'automatic',
      driver: { kind: 'exabgp-process', argv: feeder.argv },
      rtbh: { enabled: true, nextHopV4: '192.0.2.1', minBps: 0 },
      allowList: [{ prefix: '192.0.2.0/24', allowFlowspec: true, note: 'our own DNS' }],
    });
    const listed = attackFixture('ntp', { orgId, target: '192.0.2.53' });
    await t.publishAttack('attack.started', orgId, listed);
    const m = await api.reach(listed.id, 'announced');
    assert.deepEqual(
      m.rules.map((r) => r.kind),
      ['flowspec'],
    );
    assert.match(m.refused[0]!.reason, /allow-list \(192\.0\.2\.0\/24\): never blackholed/);

    const other = attackFixture('ntp', { orgId, target: '198.51.100.10' });
    await t.publishAttack('attack.started', orgId, other);
    await api.reach(other.id, 'announced');
    await eventually(
      () => feeder.lines().includes('announce route 198.51.100.10/32 next-hop 192.0.2.1 community 65535:666'),
      'the RTBH announcement on the feeder',
    );
    assert.ok(
      !feeder.lines().some((l) => l.startsWith('announce route 192.0.2.53/')),
      'no blackhole for the listed host',
    );
  });

  test('the allow-list added after a proposal still wins at announcement time', async () => {
    await api.settings({ mode: 'propose', rtbh: { enabled: true, nextHopV4: '192.0.2.1', minBps: 0 } });
    const a = attackFixture('ntp', { orgId, target: '203.0.113.7' });
    await t.publishAttack('attack.started', orgId, a);
    const proposed = await api.reach(a.id, 'proposed');
    assert.ok(proposed.rules.some((r) => r.kind === 'rtbh'));
    await api.settings({
      mode: 'propose',
      rtbh: { enabled: true, nextHopV4: '192.0.2.1', minBps: 0 },
      allowList: [{ prefix: '203.0.113.0/24', allowFlowspec: true }],
    });
    assert.equal((await api.act(proposed.id, 'approve')).statusCode, 200);
    const announced = await api.reach(a.id, 'announced');
    assert.deepEqual(
      announced.rules.map((r) => r.kind),
      ['flowspec'],
    );
    assert.ok(announced.refused.some((r) => r.kind === 'rtbh'));
  });

  test('the limit on concurrent announcements fails the one over it', async () => {
    const live = (await api.list())
      .filter((m) => m.state === 'announced')
      .reduce((n, m) => n + m.rules.length, 0);
    assert.equal(live, 4, 'rules from the tests above are still announced');
    await api.settings({ mode: 'automatic', maxActiveAnnouncements: 4 });
    const a = attackFixture('icmp', { orgId, target: '198.51.100.20' });
    await t.publishAttack('attack.started', orgId, a);
    const failed = await api.reach(a.id, 'failed');
    assert.match(failed.error ?? '', /limit reached: 4 rule\(s\) announced, 1 more would exceed 4/);
    await eventually(
      () =>
        t.events.some((e) => e.type === 'mitigation.failed' && (e.data as { id: string }).id === failed.id),
      'mitigation.failed on the bus',
    );
  });

  test('reject, manual withdrawal, and proposals that expire with their attack', async () => {
    await api.settings({ mode: 'propose' });
    const [a, b, c] = ['198.51.100.31', '198.51.100.32', '198.51.100.33'].map((target) =>
      attackFixture('icmp', { orgId, target }),
    );
    for (const x of [a!, b!, c!]) await t.publishAttack('attack.started', orgId, x);
    const pa = await api.reach(a!.id, 'proposed');
    assert.equal(
      (await api.act(pa.id, 'reject', { note: 'customer asked us not to' })).json().state,
      'rejected',
    );
    const again = await api.act(pa.id, 'approve');
    assert.equal(again.statusCode, 409);
    assert.match(again.json().error.message, /rejected/);

    const pb = await api.reach(b!.id, 'proposed');
    assert.equal((await api.act(pb.id, 'approve')).statusCode, 200, 'no body at all is fine');
    await api.reach(b!.id, 'announced');
    const w = await api.act(pb.id, 'withdraw', {});
    assert.equal(w.statusCode, 202, w.body);
    await api.reach(b!.id, 'withdrawn');
    assert.deepEqual(kinds(await api.get(pb.id)).slice(-2), ['withdraw_requested', 'withdrawn']);
    assert.equal((await api.act(pb.id, 'withdraw')).statusCode, 409);

    await api.reach(c!.id, 'proposed');
    await t.publishAttack('attack.ended', orgId, { ...c!, state: 'ended' });
    await api.reach(c!.id, 'expired');
  });

  test('the hard lifetime withdraws even while the attack goes on', async () => {
    await api.settings({ mode: 'automatic', maxLifetimeSeconds: 1 });
    const a = attackFixture('fragments', { orgId, target: '198.51.100.40' });
    await t.publishAttack('attack.started', orgId, a);
    const m = await api.reach(a.id, 'announced');
    const gone = await api.reach(a.id, 'withdrawn', 6000);
    assert.ok(Date.parse(gone.withdrawnAt!) - Date.parse(m.announcedAt!) >= 900);
    assert.equal((await api.get(m.id)).events.find((e) => e.kind === 'withdrawn')?.details.reason, 'expired');
  });

  test('a driver that cannot deliver is retried, then marked failed with every attempt recorded', async () => {
    const fifo = makeFifo(join(tmp.dir, 'nobody-reads.cmd'));
    await api.settings({ mode: 'automatic', driver: { kind: 'exabgp', fifo } });
    const a = attackFixture('icmp', { orgId, target: '198.51.100.50' });
    await t.publishAttack('attack.started', orgId, a);
    const failed = await api.reach(a.id, 'failed');
    const events = (await api.get(failed.id)).events.filter((e) => e.kind === 'announce_failed');
    assert.equal(events.length, 2);
    assert.ok(events.every((e) => /no process is reading/.test(e.error ?? '')));
    assert.equal(events[1]!.details.final, true);
  });

  test('rules altered in the database are refused at announcement time, not sent', async () => {
    await api.settings({ mode: 'propose' });
    const a = attackFixture('icmp', { orgId, target: '198.51.100.55' });
    await t.publishAttack('attack.started', orgId, a);
    const m = await api.reach(a.id, 'proposed');
    const wide = { ...m.rules[0], destination: '0.0.0.0/0; } then { accept; } }' };
    await t.platform.db.execute('update mitigations set rules = $2::jsonb where id = $1', [
      m.id,
      JSON.stringify([wide]),
    ]);
    assert.equal((await api.act(m.id, 'approve')).statusCode, 200);
    const failed = await api.reach(a.id, 'failed');
    assert.match(failed.error ?? '', /stored rules do not check: destination is not a canonical prefix/);
  });

  test('mode off proposes nothing; the attack is still known to preview', async () => {
    await api.settings({ mode: 'off' });
    const a = attackFixture('ntp', { orgId, target: '198.51.100.60' });
    await t.publishAttack('attack.started', orgId, a);
    await eventually(
      async () =>
        (await t.platform.db.one('select 1 from mitigation_attacks where attack_id = $1', [a.id])) !==
        undefined,
      'the attack snapshot',
    );
    assert.equal((await api.list()).filter((m) => m.attackId === a.id).length, 0);
  });
});
