import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../test/helpers/app.ts';
import type { BusEvent } from '../platform/bus/bus.ts';
import { must, raw } from '../spaces/testing.ts';
import { activePeerReflectors } from './peers.ts';
import { type IntelRunner, startIntel } from './subscriber.ts';
import { buildIntelWorld, type IntelWorld, shareByHand } from './testing.ts';

/** An attack event of `orgId` as detection publishes it. */
const attackEvent = (orgId: string, id: string, sources: string[], type = 'attack.started') => ({
  type,
  orgId,
  tlp: 'AMBER' as const,
  data: {
    id,
    orgId,
    scope: 'host',
    target: '192.0.2.77',
    direction: 'incoming',
    classification: 'UDP amplification: NTP',
    vectors: ['total', 'udp', 'amplification', 'amp_ntp'],
    state: type === 'attack.ended' ? 'ended' : 'active',
    startedAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    peak: { pps: 1e6, bps: 4e9 },
    topSources: sources.map((address) => ({ address, pps: 1000 })),
    topSourcePorts: [{ port: 123, pps: 1e6 }],
    spoofing: 'low',
  },
});

async function until<T>(fn: () => Promise<T | undefined> | T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe("using peers' indicators: reflector lists, early flags, FlowSpec proposals", () => {
  let t: TestApp;
  let w: IntelWorld;
  let intel: IntelRunner;
  const events: BusEvent[] = [];

  before(async () => {
    t = await createTestApp();
    intel = startIntel(t.platform);
    w = await buildIntelWorld(t);
    t.platform.bus.subscribe((e) => events.push(e));
    await shareByHand(w, 'GREEN', 0); // reflector 203.0.113.10:123
    await shareByHand(w, 'AMBER', 1); // 203.0.113.11, to bravo only
  });
  after(async () => {
    await intel?.close();
    await t?.close();
  });

  test('the reflector list follows the label: bravo gets both, charlie only the GREEN one, delta none', async () => {
    const list = async (org: string) =>
      (await activePeerReflectors(t.platform, org)).map((r) => `${r.address}:${r.port}`).sort();
    assert.deepEqual(await list(w.orgIds.bravo), ['203.0.113.10:123', '203.0.113.11:123']);
    assert.deepEqual(await list(w.orgIds.charlie), ['203.0.113.10:123']);
    assert.deepEqual(await list(w.orgIds.delta), []);
    assert.deepEqual(await list(w.orgIds.alpha), [], 'own indicators are not "peers"');
    const api = await must(t, w.auth.tokenCharlie, 'GET', `/orgs/${w.orgIds.charlie}/intel/peer-reflectors`);
    assert.equal(api.items.length, 1);
  });

  test('off by default: no flag; with propose, a matching attack is flagged and FlowSpec from the reflectors proposed', async () => {
    const quiet = randomUUID();
    await t.platform.bus.publish(attackEvent(w.orgIds.bravo, quiet, ['203.0.113.10']));
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!events.some((e) => e.type === 'intel.match'), 'peerMode off: nothing');
    await must(t, w.auth.bravoOwner, 'PUT', `/orgs/${w.orgIds.bravo}/intel/policy`, { peerMode: 'propose' });
    const id = randomUUID();
    await t.platform.bus.publish(attackEvent(w.orgIds.bravo, id, ['203.0.113.11', '198.51.100.200']));
    const match = await until(() => events.find((e) => e.type === 'intel.match'));
    assert.equal(match.orgId, w.orgIds.bravo);
    const data = match.data as {
      attackId: string;
      peerIndicators: Array<{ address: string }>;
      mitigationId: string | null;
    };
    assert.equal(data.attackId, id);
    assert.deepEqual(
      data.peerIndicators.map((m) => m.address),
      ['203.0.113.11'],
    );
    assert.ok(data.mitigationId, 'a mitigation was proposed');
    const m = await must(
      t,
      w.auth.bravoOwner,
      'GET',
      `/orgs/${w.orgIds.bravo}/mitigations/${data.mitigationId}`,
    );
    assert.equal(m.state, 'proposed', 'needs approval: not automatic');
    assert.ok(m.rules.length >= 1);
    for (const rule of m.rules) {
      assert.equal(rule.kind, 'flowspec', 'never RTBH');
      assert.equal(rule.destination, '192.0.2.77/32');
      assert.equal(rule.protocol, 'udp');
      assert.deepEqual(rule.sourcePorts, [123]);
      assert.match(rule.source, /^203\.0\.113\.1[01]\/32$/);
    }
    // Repeated events flag once.
    await t.platform.bus.publish(attackEvent(w.orgIds.bravo, id, ['203.0.113.11'], 'attack.updated'));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(events.filter((e) => e.type === 'intel.match').length, 1);
    const matches = await must(t, w.auth.bravoOwner, 'GET', `/orgs/${w.orgIds.bravo}/intel/matches`);
    assert.equal(matches.items[0].attackId, id);
    // The attack ends before anyone approved: the proposal expires.
    await t.platform.bus.publish(attackEvent(w.orgIds.bravo, id, [], 'attack.ended'));
    await until(async () => {
      const now = await must(
        t,
        w.auth.bravoOwner,
        'GET',
        `/orgs/${w.orgIds.bravo}/mitigations/${data.mitigationId}`,
      );
      return now.state === 'expired' ? now : undefined;
    });
  });

  test('the match event is bravo’s own (AMBER to bravo): charlie is not told about bravo’s attack', async () => {
    const match = events.find((e) => e.type === 'intel.match')!;
    assert.equal(match.tlp, 'AMBER');
    assert.equal(match.audience, undefined);
    const res = await raw(t, w.auth.charlieOwner, 'GET', `/orgs/${w.orgIds.bravo}/intel/matches`);
    assert.equal(res.statusCode, 404);
  });
});
