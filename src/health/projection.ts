// Keeps the health module's record of attacks, mitigations and incidents from bus events and
// tells the customers whose resources they touch. The events are the other modules' public
// output (attack.*: the detection API's attack; mitigation.*; incident.*), never their tables.

import { formatPrefix } from '../mitigation/ip.ts';
import type { BusEvent } from '../platform/bus/bus.ts';
import type { Platform } from '../platform/platform.ts';
import { publishReport, publishResourceHealth } from './events.ts';
import { findAttack, insertSample, setMitigation, upsertAttack, upsertIncident } from './store-events.ts';
import { markFirstResponse, reportsOfIncident } from './store-reports.ts';
import { findResource, resourcesByRegionOrComponent, resourcesOverlapping } from './store-resources.ts';
import { networkOf } from './views.ts';

type Obj = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const rate = (v: unknown) => ({ pps: num((v as Obj | null)?.pps), bps: num((v as Obj | null)?.bps) });
const when = (v: unknown) => {
  const s = str(v);
  return s && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : null;
};

/** Tells every customer owning a resource this attack's target lies in. */
async function notifyOwners(p: Platform, providerOrgId: string, target: string) {
  const owners = new Map<string, string[]>();
  for (const r of await resourcesOverlapping(p.db, providerOrgId, target)) {
    owners.set(r.customer_org_id, [...(owners.get(r.customer_org_id) ?? []), r.id]);
  }
  for (const [customer, ids] of owners) await publishResourceHealth(p, customer, ids);
}

async function onAttack(p: Platform, e: BusEvent) {
  const a = e.data as Obj;
  const id = str(a.id);
  const target = str(a.target);
  const network = networkOf(target);
  const startedAt = when(a.startedAt);
  const updatedAt = when(a.updatedAt) ?? e.at;
  if (!e.orgId || !id || !target || !network || !startedAt) return;
  const state = a.state === 'ended' || e.type === 'attack.ended' ? 'ended' : 'active';
  const current = rate(a.current);
  const peak = rate(a.peak);
  const row = await upsertAttack(p.db, {
    id,
    providerOrgId: e.orgId,
    target,
    targetNetwork: formatPrefix(network),
    classification: str(a.classification)?.slice(0, 200) ?? 'flood',
    vectors: Array.isArray(a.vectors)
      ? a.vectors.filter((v): v is string => typeof v === 'string').slice(0, 40)
      : [],
    state,
    pps: current.pps,
    bps: current.bps,
    peakPps: peak.pps,
    peakBps: peak.bps,
    startedAt,
    updatedAt,
    endedAt: when(a.endedAt),
  });
  // Not newer than what is stored: another worker (or an earlier delivery) already told them.
  if (!row) return;
  if (state === 'active') await insertSample(p.db, id, updatedAt, current.pps, current.bps);
  await notifyOwners(p, e.orgId, target);
}

async function onMitigation(p: Platform, e: BusEvent) {
  const m = e.data as Obj;
  const attackId = str(m.attackId);
  const state = str(m.state);
  if (!e.orgId || !attackId || !state) return;
  const attack = await findAttack(p.db, attackId);
  if (!attack || attack.provider_org_id !== e.orgId) return;
  const kinds = Array.isArray(m.rules)
    ? [...new Set(m.rules.map((r) => str((r as Obj | null)?.kind)).filter((k): k is string => k !== null))]
    : [];
  if (await setMitigation(p.db, attackId, state, kinds)) await notifyOwners(p, e.orgId, attack.target);
}

/** Labels of an incident (target, region, component), read through on-call's service. */
type LabelReader = (p: Platform, orgId: string, incidentId: string) => Promise<Record<string, string>>;

async function onIncident(p: Platform, e: BusEvent, labelsOf: LabelReader) {
  const i = e.data as Obj;
  const id = str(i.id);
  const status = str(i.status);
  const createdAt = when(i.createdAt);
  if (!e.orgId || !id || !status || !createdAt) return;
  const dedup = str(i.dedupKey) ?? '';
  const labels = e.type === 'incident.triggered' ? await labelsOf(p, e.orgId, id).catch(() => ({})) : {};
  const label = (k: string) => (labels as Record<string, string>)[k] ?? null;
  const target = label('target');
  const row = await upsertIncident(p.db, {
    id,
    providerOrgId: e.orgId,
    source: 'oncall',
    public: false,
    status,
    severity: str(i.severity),
    summary: str(i.summary)?.slice(0, 500) ?? '',
    // Only literal addresses: anything else could never match and would break the cidr cast.
    target: target && networkOf(target) ? target : null,
    region: label('region'),
    components: label('component') ? [label('component')!] : [],
    resourceId: dedup.startsWith('health-report:') ? label('resource') : null,
    createdAt,
    updatedAt: when(i.updatedAt) ?? e.at,
  });
  const ackedBy = str(i.ackedBy);
  const ackedAt = when(i.ackedAt);
  if (e.type === 'incident.acknowledged' && ackedBy && ackedAt) {
    for (const r of await reportsOfIncident(p.db, id)) {
      if ((await markFirstResponse(p.db, r.id, new Date(ackedAt), ackedBy)) > 0) await publishReport(p, r.id);
    }
  }
  if (row) await notifyIncidentOwners(p, e.orgId, row);
}

async function notifyIncidentOwners(
  p: Platform,
  providerOrgId: string,
  row: { target: string | null; region: string | null; components: string[]; resource_id: string | null },
) {
  const touched = [
    ...(row.target ? await resourcesOverlapping(p.db, providerOrgId, row.target) : []),
    ...(row.region || row.components.length
      ? await resourcesByRegionOrComponent(p.db, providerOrgId, row.region, row.components)
      : []),
  ];
  if (row.resource_id) {
    const r = await findResource(p.db, row.resource_id);
    if (r) touched.push(r);
  }
  const owners = new Map<string, Set<string>>();
  for (const r of touched)
    owners.set(r.customer_org_id, (owners.get(r.customer_org_id) ?? new Set()).add(r.id));
  for (const [customer, ids] of owners) await publishResourceHealth(p, customer, [...ids]);
}

/** A status-page incident or maintenance as the status module presents it (the parts used here). */
export interface StatusIncident {
  id: string;
  name: string;
  status: string;
  impact?: string;
  componentIds: string[];
  createdAt: string;
  updatedAt: string;
}
type StatusReader = (p: Platform, orgId: string, incidentId: string) => Promise<StatusIncident>;

/** Statuses after which a status-page incident or maintenance no longer touches anything. */
const STATUS_CLOSED = new Set(['resolved', 'postmortem', 'completed']);

async function onStatusUpdate(p: Platform, e: BusEvent, read: StatusReader) {
  const u = e.data as Obj;
  const incidentId = str(u.incidentId);
  // Only what a published page shows: an unpublished page's text is not public yet.
  if (!e.orgId || !incidentId || u.published !== true) return;
  const i = await read(p, e.orgId, incidentId);
  const row = await upsertIncident(p.db, {
    id: `status:${i.id}`,
    providerOrgId: e.orgId,
    source: 'status',
    public: true,
    status: STATUS_CLOSED.has(i.status) ? 'resolved' : i.status,
    severity: i.impact ?? null,
    summary: i.name.slice(0, 500),
    target: null,
    region: null,
    components: i.componentIds.slice(0, 100),
    resourceId: null,
    createdAt: when(i.createdAt) ?? e.at,
    updatedAt: when(i.updatedAt) ?? e.at,
  });
  if (row) await notifyIncidentOwners(p, e.orgId, row);
}

export interface HealthRunner {
  close(): Promise<void>;
}

/**
 * Follows attack, mitigation and incident events. Events about one attack or incident are
 * handled in order, one at a time; a burst of attack updates collapses into the newest (each
 * carries the whole attack), so a slow database never builds an unbounded queue.
 */
export function startHealthProjection(
  p: Platform,
  readers: { labelsOf: LabelReader; statusIncident: StatusReader },
): HealthRunner {
  const log = p.log.child({ component: 'health' });
  const queues = new Map<string, BusEvent[]>();
  const running = new Set<Promise<void>>();
  let closed = false;

  const handle = (e: BusEvent) =>
    e.type.startsWith('attack.')
      ? onAttack(p, e)
      : e.type.startsWith('mitigation.')
        ? onMitigation(p, e)
        : e.type.startsWith('incident.')
          ? onIncident(p, e, readers.labelsOf)
          : onStatusUpdate(p, e, readers.statusIncident);

  async function drain(key: string, queue: BusEvent[]) {
    for (let e = queue.shift(); e; e = queue.shift()) {
      await handle(e).catch((err) =>
        log.warn({ err, type: e.type, eventId: e.id }, 'health event not handled'),
      );
    }
    queues.delete(key);
  }

  const unsubscribe = p.bus.subscribe((e) => {
    if (closed) return;
    if (
      !/^(attack\.(started|updated|ended)|mitigation\.[a-z_]+|incident\.[a-z_]+|status\.update\.published)$/.test(
        e.type,
      )
    )
      return;
    const d = e.data as Obj | null;
    // A mitigation's events queue behind its attack's: the attack row exists before its state changes.
    const kind = e.type.startsWith('incident.')
      ? 'incident'
      : e.type.startsWith('status.')
        ? 'status'
        : 'attack';
    const key = `${kind}:${str(d?.attackId) ?? str(d?.incidentId) ?? str(d?.id) ?? e.id}`;
    const queue = queues.get(key);
    if (queue) {
      const last = queue.at(-1);
      if (last?.type === 'attack.updated' && e.type === 'attack.updated') queue[queue.length - 1] = e;
      else queue.push(e);
      return;
    }
    const fresh = [e];
    queues.set(key, fresh);
    const done = drain(key, fresh).finally(() => running.delete(done));
    running.add(done);
  });

  return {
    async close() {
      closed = true;
      unsubscribe();
      await Promise.allSettled([...running]);
    },
  };
}
