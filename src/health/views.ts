// A customer's resources with their health and what touches them, for either audience. Every
// attack shown passes the policy's customerMaySeeAttack; incidents are presented per audience.

import { hostPrefix, parseIp, parsePrefix } from '../mitigation/ip.ts';
import type { Queryable } from '../platform/db/db.ts';
import { customerMaySeeAttack, type HealthAudience, type Network } from '../policy/health.ts';
import { computeHealth } from './health.ts';
import { attackFacts, presentAttack, presentIncident, presentResourceHealth } from './presenters.ts';
import {
  attacksOverlapping,
  type HealthIncidentRow,
  openIncidentsTouching,
  samplesOf,
} from './store-events.ts';
import { openReportsOf } from './store-reports.ts';
import { listProvidersOfCustomer, listResources, type ResourceRow } from './store-resources.ts';

/** Ended attacks stay on the health view this long. */
const RECENT_MS = 60 * 60_000;
const SAMPLE_POINTS = 900;

/** An address or prefix text as a network (PostgreSQL writes hosts as a.b.c.d/32). */
export function networkOf(text: string | null): Network | null {
  if (!text) return null;
  const p = parsePrefix(text);
  if (p) return p;
  const ip = parseIp(text);
  return ip ? hostPrefix(ip) : null;
}

function incidentTouches(i: HealthIncidentRow, r: ResourceRow, own: Network | null): boolean {
  if (i.resource_id === r.id) return true;
  if (i.region && r.region === i.region) return true;
  if (r.component_id && i.components.includes(r.component_id)) return true;
  const target = networkOf(i.target);
  return !!(target && own && customerMaySeeAttack(target, [own]));
}

export interface ViewOptions {
  providerOrgId?: string;
  resourceIds?: readonly string[];
  withSamples?: boolean;
  now?: number;
}

export async function resourceHealth(
  q: Queryable,
  customerOrgId: string,
  audience: HealthAudience,
  o: ViewOptions = {},
) {
  let resources = await listResources(q, {
    customerOrgId,
    ...(o.providerOrgId ? { providerOrgId: o.providerOrgId } : {}),
  });
  if (o.resourceIds) resources = resources.filter((r) => o.resourceIds!.includes(r.id));
  if (resources.length === 0) return [];
  const since = new Date((o.now ?? Date.now()) - RECENT_MS);
  const providers = new Map(
    (await listProvidersOfCustomer(q, customerOrgId)).map((c) => [c.provider_org_id, c]),
  );
  const reports = await openReportsOf(
    q,
    resources.map((r) => r.id),
  );
  const out = [];
  for (const providerOrgId of new Set(resources.map((r) => r.provider_org_id))) {
    const mine = resources.filter((r) => r.provider_org_id === providerOrgId);
    const networks = mine.flatMap((r) => (r.network ? [r.network] : []));
    const [attacks, incidents] = await Promise.all([
      attacksOverlapping(q, providerOrgId, networks, since),
      openIncidentsTouching(q, providerOrgId, {
        networks,
        regions: mine.flatMap((r) => (r.region ? [r.region] : [])),
        components: mine.flatMap((r) => (r.component_id ? [r.component_id] : [])),
        resourceIds: mine.map((r) => r.id),
      }),
    ]);
    for (const r of mine) {
      const own = networkOf(r.network);
      const visible = own
        ? attacks.filter((a) => {
            const target = networkOf(a.target);
            return target !== null && customerMaySeeAttack(target, [own]);
          })
        : [];
      const touching = incidents.filter((i) => incidentTouches(i, r, own));
      const open = reports.filter((x) => x.resource_id === r.id).map((x) => x.state);
      const presented = [];
      for (const a of visible)
        presented.push(presentAttack(a, o.withSamples ? await samplesOf(q, a.id, SAMPLE_POINTS) : undefined));
      out.push(
        presentResourceHealth(
          { ...r, provider_name: providers.get(providerOrgId)?.provider_name ?? '' },
          {
            health: computeHealth({
              kind: r.kind,
              region: r.region,
              componentId: r.component_id,
              attacks: visible.map(attackFacts),
              openIncidents: touching.length,
              openReports: open,
            }),
            attacks: presented,
            incidents: touching.map((i) => presentIncident(i, audience)),
            openReports: open.length,
          },
        ),
      );
    }
  }
  return out;
}
