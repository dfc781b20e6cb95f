import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { setupFirstOrg } from '../../test/helpers/app.ts';
import { attackFixture } from './fixtures.ts';
import { createMitigationTestApp, type MitigationTestApp } from './test-app.ts';
import { kinds, steps } from './test-steps.ts';
import {
  eventually,
  fifoReady,
  makeFifo,
  NODE,
  recorderProgram,
  startFifoReader,
  tempDir,
} from './testing.ts';

const NTP_ANNOUNCE =
  'announce flow route { match { destination 192.0.2.10/32; protocol udp; source-port =123; } then { discard; } }';
const NTP_WITHDRAW = NTP_ANNOUNCE.replace(/^announce/, 'withdraw');

describe('mitigation lifecycle through the bus, the API, the job queue and real drivers', () => {
  const tmp = tempDir();
  const fifo = makeFifo(join(tmp.dir, 'exabgp.cmd'));
  const reader = startFifoReader(fifo, join(tmp.dir, 'exabgp.out'));
  const gobgp = recorderProgram(tmp.dir, 'gobgp');
  let t: MitigationTestApp;
  let orgId: string;
  let api: ReturnType<typeof steps>;

  before(async () => {
    t = await createMitigationTestApp({ programs: [NODE, gobgp.path], fifoDirs: [tmp.dir] });
    const owner = await setupFirstOrg(t.app);
    orgId = owner.orgId;
    api = steps(t, owner.auth, orgId);
    await fifoReady(fifo);
  });
  after(async () => {
    reader.stop();
    await t?.close();
    tmp.remove();
  });

  test('proposed → approved → announced into the FIFO → attack ends → withdrawn after the hold time', async () => {
    await api.settings({ mode: 'propose', driver: { kind: 'exabgp', fifo }, holdSeconds: 0.2 });
    const attack = attackFixture('ntp', { orgId });
    await t.publishAttack('attack.started', orgId, attack);

    const proposed = await api.reach(attack.id, 'proposed');
    assert.equal(proposed.target, '192.0.2.10');
    assert.equal(proposed.tlp, 'AMBER');
    assert.deepEqual(
      proposed.rules.map((r) => r.kind === 'flowspec' && r.sourcePorts),
      [[123]],
    );
    assert.deepEqual(reader.lines(), [], 'nothing is sent before a person approves');
    // Published after the commit; on NATS it arrives a moment later.
    const onBus = await eventually(
      () => t.events.find((e) => e.type === 'mitigation.proposed'),
      'the bus event',
    );
    assert.equal(onBus?.orgId, orgId);
    assert.equal(onBus?.tlp, 'AMBER');

    const approved = await api.act(proposed.id, 'approve', { note: 'confirmed with the customer' });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().state, 'pending');
    await eventually(() => reader.lines().includes(NTP_ANNOUNCE), 'the announcement in the FIFO');
    const announced = await api.reach(attack.id, 'announced');
    const detail = await api.get(announced.id);
    assert.deepEqual(kinds(detail), ['proposed', 'approved', 'announced']);
    const sentEvent = detail.events.find((e) => e.kind === 'announced')!;
    assert.equal(sentEvent.sent, `${NTP_ANNOUNCE}\n`);
    assert.equal(sentEvent.driver, 'exabgp');
    assert.ok(detail.events.find((e) => e.kind === 'approved')?.actor?.userId, 'who approved');
    assert.ok(detail.expiresAt, 'a hard lifetime is set');

    // Repeated and replayed events change nothing.
    await t.publishAttack('attack.started', orgId, attack);
    await t.publishAttack('attack.updated', orgId, { ...attack, peak: { pps: 3e6, bps: 2.4e10 } });
    await pause(300);
    assert.equal((await api.list()).length, 1);
    assert.deepEqual(reader.lines(), [NTP_ANNOUNCE]);

    const endedAt = Date.now();
    await t.publishAttack('attack.ended', orgId, {
      ...attack,
      state: 'ended',
      endedAt: new Date().toISOString(),
    });
    await eventually(() => reader.lines().includes(NTP_WITHDRAW), 'the withdrawal in the FIFO');
    assert.ok(Date.now() - endedAt >= 180, 'held for the hold time before withdrawing');
    const withdrawn = await api.reach(attack.id, 'withdrawn');
    assert.deepEqual(kinds(await api.get(withdrawn.id)).slice(-2), ['withdrawal_scheduled', 'withdrawn']);

    await t.publishAttack('attack.ended', orgId, { ...attack, state: 'ended' });
    await pause(400);
    assert.deepEqual(reader.lines(), [NTP_ANNOUNCE, NTP_WITHDRAW], 'exactly one announce and one withdraw');
    const types = () => t.events.filter((e) => e.type.startsWith('mitigation.')).map((e) => e.type);
    await eventually(() => types().length >= 4, 'four mitigation events on the bus');
    // The approval is published by the request, the announcement by the job: either may come first.
    assert.deepEqual(
      types().filter((x) => x !== 'mitigation.approved'),
      ['mitigation.proposed', 'mitigation.announced', 'mitigation.withdrawn'],
    );
    assert.equal(types().filter((x) => x === 'mitigation.approved').length, 1);
    const audited = await t.platform.db.query<{ action: string }>(
      `select action from audit_log where org_id = $1 and action like 'mitigation.%' order by id`,
      [orgId],
    );
    assert.deepEqual(
      audited.map((r) => r.action),
      [
        'mitigation.settings_changed',
        'mitigation.proposed',
        'mitigation.approved',
        'mitigation.announced',
        'mitigation.withdrawn',
      ],
    );
  });

  test('automatic with GoBGP: a worker restart between announcement and withdrawal doubles nothing', async () => {
    await api.settings({
      mode: 'automatic',
      driver: { kind: 'gobgp', binary: gobgp.path, host: '127.0.0.1' },
      holdSeconds: 0.3,
    });
    const attack = attackFixture('syn', { orgId, target: '192.0.2.20' });
    await t.publishAttack('attack.started', orgId, attack);
    await api.reach(attack.id, 'announced');
    await t.publishAttack('attack.ended', orgId, { ...attack, state: 'ended' });
    await eventually(
      async () =>
        (
          await t.platform.db.one<{ n: number }>(
            `select count(*)::int as n from jobs where idempotency_key like 'mitigation:%:withdraw:end' and state = 'pending'`,
          )
        )?.n === 1,
      'the durable withdrawal timer',
    );
    await t.restartWorker();
    await api.reach(attack.id, 'withdrawn');
    await pause(500);
    assert.deepEqual(
      gobgp.calls().map((c) => c.argv.join(' ')),
      [
        '-u 127.0.0.1 global rib -a ipv4-flowspec add match destination 192.0.2.20/32 protocol tcp destination-port ==80 ==443 tcp-flags S then discard',
        '-u 127.0.0.1 global rib -a ipv4-flowspec del match destination 192.0.2.20/32 protocol tcp destination-port ==80 ==443 tcp-flags S then discard',
      ],
    );
  });

  test('a withdrawal leaves a route in place while another live mitigation still announces it', async () => {
    await api.settings({ mode: 'automatic', driver: { kind: 'exabgp', fifo }, holdSeconds: 0 });
    const first = attackFixture('icmp', { orgId, target: '192.0.2.30' });
    const second = attackFixture('icmp', { orgId, target: '192.0.2.30' });
    const line =
      'announce flow route { match { destination 192.0.2.30/32; protocol icmp; } then { discard; } }';
    const withdrawLine = line.replace(/^announce/, 'withdraw');
    await t.publishAttack('attack.started', orgId, first);
    await api.reach(first.id, 'announced');
    await t.publishAttack('attack.started', orgId, second);
    await api.reach(second.id, 'announced');
    await t.publishAttack('attack.ended', orgId, { ...first, state: 'ended' });
    const m = await api.reach(first.id, 'withdrawn');
    const event = (await api.get(m.id)).events.find((e) => e.kind === 'withdrawn')!;
    assert.equal(event.sent, null);
    assert.equal(event.details.keptForOtherMitigations, 1);
    assert.ok(!reader.lines().includes(withdrawLine));
    await t.publishAttack('attack.ended', orgId, { ...second, state: 'ended' });
    await api.reach(second.id, 'withdrawn');
    await eventually(() => reader.lines().filter((l) => l === withdrawLine).length === 1, 'one withdrawal');
  });
});
