// Test support: a stored attack for an org, without running collectors (for API and
// authorization tests of other modules too).

import { randomUUID } from 'node:crypto';
import type { Config } from '../platform/config/schema.ts';
import type { Queryable } from '../platform/db/db.ts';
import type { AttackSnapshot } from './engine/attack.ts';
import { insertAttack, insertSamples } from './store.ts';

export function attackSnapshot(overrides: Partial<AttackSnapshot> = {}): AttackSnapshot {
  const now = Date.now();
  return {
    id: randomUUID(),
    scope: 'host',
    target: '198.51.100.7',
    prefix: null,
    hostgroup: null,
    org: null,
    direction: 'incoming',
    classification: 'UDP amplification: NTP',
    vectors: ['total', 'udp', 'amplification', 'amp_ntp'],
    state: 'active',
    startedAtMs: now - 1500,
    updatedAtMs: now,
    endedAtMs: null,
    detectedAtMs: now - 1000,
    firstSeenAtMs: now - 1500,
    current: { pps: 50_000, bps: 187_200_000, flowsPerSec: 400 },
    peak: { pps: 60_000, bps: 224_640_000 },
    breakdown: { total: { pps: 50_000, bps: 187_200_000 }, amp_ntp: { pps: 50_000, bps: 187_200_000 } },
    topSources: [{ address: '203.0.113.9', pps: 1000 }],
    topSourcePorts: [{ port: 123, pps: 50_000 }],
    topDestinationPorts: [{ port: 40000, pps: 1000 }],
    topSourceAsns: [],
    sampleFlows: [],
    spoofing: 'low',
    thresholds: { amplification: { pps: 10_000 } },
    ...overrides,
  };
}

/** Stores an attack (with one traffic sample) for `orgId` and returns its id. */
export async function insertTestAttack(q: Queryable, orgId: string, overrides: Partial<AttackSnapshot> = {}) {
  const a = attackSnapshot(overrides);
  await insertAttack(q, a, orgId, 'test-collector');
  await insertSamples(q, a.id, a.updatedAtMs, a.breakdown);
  return a.id;
}

/**
 * Config for a test that floods a real collector on loopback: ephemeral ports, one decoder
 * thread, a 20,000 pps limit on 198.51.100.0/22 and a short quiet period, attacks owned by `org`.
 */
export const loopbackCollectorConfig = (org: string): Partial<Config> => ({
  collectorOrg: org,
  collectorAddress: '127.0.0.1',
  netflowPort: 0,
  sflowPort: 0,
  collectorWorkers: 1,
  detection: {
    networks: ['198.51.100.0/22'],
    quietPeriodS: 2,
    thresholds: { total: { pps: 20_000, bps: 0 } },
  } as Config['detection'],
});
