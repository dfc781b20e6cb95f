import { exportCase } from '../../cases/export.ts';
import type { Platform } from '../../platform/platform.ts';
import { type Principal, throughOrg } from '../../policy/index.ts';
import type { Indicator } from '../schemas.ts';
import { viewFor } from '../service.ts';
import * as store from '../store.ts';
import { bundleOf } from './bundle.ts';
import { caseObjects } from './cases.ts';
import { identityOf, indicatorObjects, type StixObject } from './objects.ts';

/** Every indicator the reader may see through the policy filter, oldest change first (RED never). */
export async function readableIndicators(
  p: Platform,
  reader: Principal,
  o: { scope: 'own' | 'peers' | 'all'; orgId: string; caseId?: string; limit?: number },
): Promise<Indicator[]> {
  const rows = await store.listVisible(p.db, reader, {
    scope: o.scope,
    orgId: o.orgId,
    order: 'oldest',
    limit: o.limit ?? 1000,
  });
  return rows
    .filter((r) => r.tlp !== 'RED' && (o.caseId === undefined || r.case_id === o.caseId))
    .map((r) => viewFor(reader, r));
}

/** STIX objects for indicators: each with its source org's identity. */
export function objectsForIndicators(indicators: readonly Indicator[]): StixObject[] {
  const out: StixObject[] = [];
  const identities = new Map<string, StixObject>();
  for (const ind of indicators) {
    const identity = identities.get(ind.org.id) ?? identityOf(ind.org, ind.createdAt);
    identities.set(ind.org.id, identity);
    out.push(...indicatorObjects(ind, identity));
  }
  return [...identities.values(), ...out];
}

/** GET …/intel/stix: the org's own indicators (or peers', or both) as a bundle. */
export async function indicatorsBundle(
  p: Platform,
  principal: Principal,
  orgId: string,
  scope: 'own' | 'peers' | 'all',
) {
  const reader = throughOrg(principal, orgId);
  return bundleOf(objectsForIndicators(await readableIndicators(p, reader, { scope, orgId })));
}

/** GET …/intel/cases/:caseId/stix: a case as the reader may see it, with the indicators shared into it. */
export async function caseBundle(p: Platform, principal: Principal, orgId: string, caseId: string) {
  const reader = throughOrg(principal, orgId);
  const x = await exportCase(p, reader, caseId);
  const indicators = await readableIndicators(p, reader, { scope: 'all', orgId, caseId });
  return bundleOf(caseObjects(x, indicators));
}
