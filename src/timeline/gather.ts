// Gathers one attack's end-to-end facts through each module's own service functions (never
// their stores): detection, on-call (incident, pages, deliveries), mitigation, health, status,
// intel. The timeline keeps nothing of its own; it is a read model over the modules.

import { getAttack } from '../detection/service.ts';
import { listCustomers } from '../health/customers.ts';
import { resourceHealth } from '../health/views.ts';
import { listIndicators } from '../intel/service.ts';
import { listMitigations } from '../mitigation/service.ts';
import { incidentDetail, listIncidents } from '../oncall/incident-queries.ts';
import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { listIncidents as listStatusIncidents } from '../status/incidents.ts';
import type { Fact } from './steps.ts';

type Attack = Awaited<ReturnType<typeof getAttack>>;
const earliest = (xs: Array<string | null | undefined>) =>
  xs.filter((x): x is string => typeof x === 'string').sort()[0] ?? null;
const latest = (xs: Array<string | null | undefined>) =>
  xs
    .filter((x): x is string => typeof x === 'string')
    .sort()
    .at(-1) ?? null;

/** The on-call incident that detection opened for this attack (dedup key `attack:<id>`). */
export async function incidentOfAttack(p: Platform, principal: Principal, orgId: string, attackId: string) {
  let cursor: string | undefined;
  for (let pageNo = 0; pageNo < 10; pageNo++) {
    const page = await listIncidents(p, principal, orgId, { limit: 200, ...(cursor ? { cursor } : {}) });
    const found = page.items.find((i) => i.dedupKey === `attack:${attackId}`);
    if (found) return found;
    if (!page.nextCursor) return null;
    cursor = page.nextCursor;
  }
  return null;
}

async function oncallFacts(p: Platform, principal: Principal, orgId: string, attackId: string) {
  const inc = await incidentOfAttack(p, principal, orgId, attackId);
  if (!inc) return { incidentId: null, facts: [] as Fact[] };
  const detail = await incidentDetail(p, orgId, inc.id);
  const pages = detail.deliveries;
  const notified = detail.timeline.filter((e) => e.kind === 'notified').map((e) => e.at);
  const delivered = pages.filter((d) => d.status === 'delivered');
  const facts: Fact[] = [
    {
      key: 'page_sent',
      at: earliest([...notified, ...pages.map((d) => d.createdAt)]),
      module: 'oncall',
      detail: pages.length
        ? `${pages.length} notification(s): ${[...new Set(pages.map((d) => d.channel))].join(', ')}`
        : null,
    },
    {
      key: 'page_delivered',
      at: earliest(delivered.map((d) => d.deliveredAt)),
      module: 'notify',
      detail: delivered[0] ? `via ${delivered[0].channel}` : null,
    },
    { key: 'acknowledged', at: inc.ackedAt, module: 'oncall', detail: `incident #${inc.number}` },
    { key: 'incident_resolved', at: inc.resolvedAt, module: 'oncall', detail: `incident #${inc.number}` },
  ];
  return { incidentId: inc.id, facts };
}

async function mitigationFacts(p: Platform, orgId: string, attackId: string): Promise<Fact[]> {
  const { items } = await listMitigations(p, orgId, { attackId, limit: 50 });
  const announced = items.filter((m) => m.announcedAt);
  return [
    {
      key: 'mitigation_proposed',
      at: earliest(items.map((m) => m.createdAt)),
      module: 'mitigation',
      detail: items[0] ? `${items.length} mitigation(s), ${items[0].state}` : null,
    },
    {
      key: 'mitigation_announced',
      at: earliest(announced.map((m) => m.announcedAt)),
      module: 'mitigation',
      detail: announced[0]?.driver ? `via ${announced[0].driver}` : null,
    },
    {
      key: 'mitigation_withdrawn',
      at:
        announced.length && announced.every((m) => m.withdrawnAt)
          ? latest(announced.map((m) => m.withdrawnAt))
          : null,
      module: 'mitigation',
      detail: null,
    },
  ];
}

/**
 * The customers whose resources the attack touches, as the health module shows them. The health
 * module publishes the customer's view on the attack event itself and keeps that event's time,
 * so the step is the event time (approximate); bench:e2e measures the real delay to a customer.
 */
async function healthFact(p: Platform, orgId: string, attack: Attack): Promise<Fact> {
  const touched: string[] = [];
  let at: string | null = null;
  for (const c of (await listCustomers(p, orgId)).items) {
    const views = await resourceHealth(p.db, c.orgId, 'provider', {
      providerOrgId: orgId,
      withSamples: true,
    });
    for (const v of views) {
      const a = v.attacks.find((x) => x.id === attack.id);
      if (!a) continue;
      touched.push(`${c.handle}: ${v.identifier} ${v.health}`);
      at = earliest([at, a.samples?.[0]?.at ?? a.updatedAt]);
    }
  }
  const when = at && Date.parse(at) < Date.parse(attack.detectedAt) ? attack.detectedAt : at;
  return {
    key: 'customer_health',
    at: when,
    module: 'health',
    detail: touched.join('; ') || null,
    approximate: true,
  };
}

/** The first public status update published while the attack was on (or within 30 minutes of it). */
async function publicFact(p: Platform, orgId: string, attack: Attack): Promise<Fact> {
  const from = Date.parse(attack.firstSeenAt);
  const until = attack.endedAt ? Date.parse(attack.endedAt) + 30 * 60_000 : Number.POSITIVE_INFINITY;
  let items: Awaited<ReturnType<typeof listStatusIncidents>>['items'] = [];
  try {
    items = (await listStatusIncidents(p, orgId, 'incident')).items;
  } catch {
    items = []; // no status page: nothing public
  }
  const updates = items.flatMap((i) =>
    i.updates.map((u) => ({ at: u.createdAt, name: i.name, number: u.number })),
  );
  const inWindow = updates
    .filter((u) => Date.parse(u.at) >= from && Date.parse(u.at) <= until)
    .sort((a, b) => a.at.localeCompare(b.at));
  const first = inWindow[0];
  return {
    key: 'public_update',
    at: first?.at ?? null,
    module: 'status',
    detail: first ? `"${first.name}", update #${first.number}` : null,
  };
}

async function intelFact(p: Platform, principal: Principal, orgId: string, attackId: string): Promise<Fact> {
  const { items } = await listIndicators(p, principal, orgId, { scope: 'own', limit: 200 });
  const own = items.find((i) => 'attackId' in i && i.attackId === attackId) as
    | { sharedAt?: string | null; tlp?: string; state?: string }
    | undefined;
  return {
    key: 'shared_with_peers',
    at: own?.sharedAt ?? null,
    module: 'intel',
    detail: own ? `indicator ${own.state}, TLP:${own.tlp}` : null,
  };
}

export async function gatherAttackFacts(p: Platform, principal: Principal, orgId: string, attackId: string) {
  const attack = await getAttack(p, principal, orgId, attackId); // 404 unless the reader may see it
  const [oncall, mitigation, health, pub, intel] = await Promise.all([
    oncallFacts(p, principal, orgId, attack.id),
    mitigationFacts(p, orgId, attack.id),
    healthFact(p, orgId, attack),
    publicFact(p, orgId, attack),
    intelFact(p, principal, orgId, attack.id),
  ]);
  const facts: Fact[] = [
    { key: 'first_datagram', at: attack.firstSeenAt, module: 'flows', detail: attack.target },
    { key: 'detected', at: attack.detectedAt, module: 'detection', detail: attack.classification },
    ...oncall.facts,
    ...mitigation,
    health,
    pub,
    intel,
    { key: 'attack_ended', at: attack.endedAt, module: 'detection', detail: null },
  ];
  return { attack, incidentId: oncall.incidentId, facts };
}
