// Turns the detector's events into stored attacks and bus events (`attack.started`,
// `attack.updated`, `attack.ended`, TLP AMBER, owned by the hostgroup's org or the collector's).
// Each attack's events are handled strictly in order: an update never overtakes its start. When
// the database is unavailable the event is still published (from the snapshot), because the
// modules that react to attacks matter more than the history.

import type { Platform } from '../platform/platform.ts';
import type { AttackSnapshot, DetectorEvent } from './engine/attack.ts';
import { presentAttack } from './presenters.ts';
import {
  type AttackRow,
  findOrgIdByHandle,
  insertAttack,
  insertSamples,
  soleProviderOrgId,
  updateAttack,
} from './store.ts';

/** Updates are dropped (not starts or ends) while this many events wait for the database. */
const MAX_QUEUE = 10_000;
/** Per-second samples kept per attack before falling back to one a minute. */
const FULL_RESOLUTION_SAMPLES = 3600;
const ORG_RETRY_MS = 30_000;

export interface AttackRecorder {
  record(events: readonly DetectorEvent[]): void;
  /** Resolves when every event handed in so far is stored and published. */
  idle(): Promise<void>;
  /** The collector's org id (resolved lazily; null while none is configured or exists). */
  collectorOrgId(): Promise<string | null>;
}

export function createAttackRecorder(
  p: Platform,
  collector: string,
  collectorOrg: string | undefined,
): AttackRecorder {
  // One chain per attack: an update never overtakes its start, and attacks starting in the same
  // tick do not wait for each other's database writes.
  const chains = new Map<string, Promise<void>>();
  let queued = 0;
  const orgCache = new Map<string, { id: string | null; atMs: number }>();
  const owners = new Map<string, string | null>(); // attack id → org id, fixed at start
  const samples = new Map<string, number>();
  let warnedNoOrg = false;

  async function orgFor(handle: string | null): Promise<string | null> {
    const key = handle ?? collectorOrg ?? '';
    const cached = orgCache.get(key);
    if (cached && (cached.id !== null || Date.now() - cached.atMs < ORG_RETRY_MS)) return cached.id;
    const id = key ? await findOrgIdByHandle(p.db, key) : await soleProviderOrgId(p.db);
    orgCache.set(key, { id, atMs: Date.now() });
    return id;
  }

  async function storeAttack(event: DetectorEvent, orgId: string | null): Promise<AttackRow | null> {
    const a = event.attack;
    const row =
      event.type === 'started' ? await insertAttack(p.db, a, orgId, collector) : await updateAttack(p.db, a);
    return row ?? null;
  }

  async function storeSample(event: DetectorEvent): Promise<void> {
    const a = event.attack;
    const stored = samples.get(a.id) ?? 0;
    if (stored < FULL_RESOLUTION_SAMPLES || Math.floor(a.updatedAtMs / 1000) % 60 === 0) {
      await insertSamples(p.db, a.id, a.updatedAtMs, event.sample);
      samples.set(a.id, stored + 1);
    }
  }

  async function handle(event: DetectorEvent): Promise<void> {
    const a = event.attack;
    let orgId = owners.get(a.id);
    if (orgId === undefined) {
      orgId = await orgFor(a.org).catch(() => null);
      owners.set(a.id, orgId);
    }
    let row: AttackRow | null = null;
    try {
      row = await storeAttack(event, orgId);
    } catch (err) {
      p.log.error({ err, attack: a.id }, 'attack could not be stored; publishing it anyway');
    }
    if (orgId) {
      const data = row ? presentAttack(row) : presentAttack(rowFromSnapshot(a, orgId, collector));
      await p.bus.publish({ type: `attack.${event.type}`, orgId, tlp: 'AMBER', data });
    }
    // The graph's sample is written after publishing: it is not on the detection path.
    await storeSample(event).catch((err) => p.log.warn({ err, attack: a.id }, 'attack sample not stored'));
    if (event.type === 'ended') {
      owners.delete(a.id);
      samples.delete(a.id);
    }
    if (!orgId && !warnedNoOrg) {
      warnedNoOrg = true;
      p.log.warn(
        { target: a.target, classification: a.classification },
        'attack detected but no org owns it: set SWIMMY_COLLECTOR_ORG (or a hostgroup org); it is stored, not published',
      );
    }
  }

  return {
    record(events) {
      for (const event of events) {
        if (event.type === 'updated' && queued >= MAX_QUEUE) continue;
        queued++;
        const id = event.attack.id;
        const next = (chains.get(id) ?? Promise.resolve())
          .then(() => handle(event))
          .catch((err) => p.log.error({ err }, 'attack event failed'))
          .finally(() => {
            queued--;
            if (chains.get(id) === next) chains.delete(id);
          });
        chains.set(id, next);
      }
    },
    idle: async () => {
      while (chains.size > 0) await Promise.all(chains.values());
    },
    collectorOrgId: () => orgFor(null).catch(() => null),
  };
}

/** The row an event would have produced, for publishing when the database is down. */
export function rowFromSnapshot(a: AttackSnapshot, orgId: string | null, collector: string): AttackRow {
  const date = (ms: number) => new Date(ms);
  return {
    id: a.id,
    org_id: orgId,
    collector,
    scope: a.scope,
    target: a.target,
    prefix: a.prefix,
    hostgroup: a.hostgroup,
    direction: a.direction,
    classification: a.classification,
    vectors: a.vectors,
    state: a.state,
    started_at: date(a.startedAtMs),
    updated_at: date(a.updatedAtMs),
    ended_at: a.endedAtMs === null ? null : date(a.endedAtMs),
    detected_at: date(a.detectedAtMs),
    first_seen_at: date(a.firstSeenAtMs),
    current: a.current,
    peak: a.peak,
    breakdown: a.breakdown,
    top_sources: a.topSources,
    top_source_ports: a.topSourcePorts,
    top_destination_ports: a.topDestinationPorts,
    top_source_asns: a.topSourceAsns,
    sample_flows: a.sampleFlows,
    spoofing: a.spoofing,
    thresholds: a.thresholds,
  };
}
