import { type Auth, call, setupFirstOrg, type TestApp } from '../../test/helpers/app.ts';
import { createCoordinationApp, join, must, newOrg, type Person, raw } from '../spaces/testing.ts';

/**
 * Test world for advisories, built through the public API only: alpha (the publishing
 * provider) and bravo in one space with three component layers, a Meltdown case, and a third
 * org (charlie) in a space of its own.
 */
export const LAYERS = ['hypervisor', 'guest kernel', 'bmc'];
export const CVES = ['CVE-2017-5753', 'CVE-2017-5754', 'CVE-2017-5715'];

export interface World {
  t: TestApp;
  alpha: { orgId: string; owner: Person };
  bravo: { orgId: string; owner: Person };
  charlie: { orgId: string; owner: Person };
  spaceId: string;
  caseId: string;
  /** A case in charlie's own space (alpha is not a member). */
  foreignCaseId: string;
}

export async function createWorld(caseTlp: 'CLEAR' | 'GREEN' = 'GREEN'): Promise<World> {
  const t = await createCoordinationApp();
  const first = await setupFirstOrg(t.app, 'alpha', 'owner@alpha.test');
  const owner: Person = { auth: first.auth, userId: first.userId, email: 'owner@alpha.test' };
  const bravo = await newOrg(t, owner, 'bravo');
  const charlie = await newOrg(t, owner, 'charlie');
  const spaceId = (
    await must(t, owner.auth, 'POST', `/orgs/${first.orgId}/spaces`, { name: 'Consortium', layers: LAYERS })
  ).id;
  await join(t, spaceId, owner.auth, { orgId: bravo.orgId, handle: 'bravo', admin: bravo.owner.auth });
  const caseId = (
    await must(t, owner.auth, 'POST', `/spaces/${spaceId}/cases`, {
      kind: 'vulnerability',
      title: 'Meltdown and Spectre (embargoed working title)',
      cveIds: CVES,
      layers: LAYERS,
      tlp: caseTlp,
    })
  ).id;
  const charlieSpace = (
    await must(t, charlie.owner.auth, 'POST', `/orgs/${charlie.orgId}/spaces`, {
      name: 'C',
      layers: ['edge'],
    })
  ).id;
  const foreignCaseId = (
    await must(t, charlie.owner.auth, 'POST', `/spaces/${charlieSpace}/cases`, {
      kind: 'vulnerability',
      title: 'Other',
      cveIds: ['CVE-2020-0001'],
      layers: ['edge'],
      tlp: 'CLEAR',
    })
  ).id;
  return { t, alpha: { orgId: first.orgId, owner }, bravo, charlie, spaceId, caseId, foreignCaseId };
}

export interface RowInput {
  layer: string;
  cveId: string;
  status: string;
  justification?: string;
  statement?: string;
  tlp?: string;
  recipientOrgIds?: string[];
  recipientUserIds?: string[];
  rollout?: Array<{ region: string; state: string }>;
}

/** Writes a matrix row as `auth` (for their org) and returns it. */
export const putRow = (w: World, auth: Auth, row: RowInput, caseId = w.caseId) =>
  must(w.t, auth, 'PUT', `/cases/${caseId}/matrix`, { tlp: 'CLEAR', ...row }, 200);

export const relabel = (w: World, auth: Auth, itemType: string, id: string, tlp: string) =>
  must(w.t, auth, 'PUT', `/labels/${itemType}/${id}`, { tlp }, 200);

export const advisoriesUrl = (w: World, orgId = w.alpha.orgId) => `/orgs/${orgId}/advisories`;

export const publish = (w: World, auth: Auth, body: Record<string, unknown>, orgId = w.alpha.orgId) =>
  raw(w.t, auth, 'POST', advisoriesUrl(w, orgId), body);

/** A public GET without credentials (the URL as served, not under /api/v1). */
export const fetchPublic = (w: World, url: string, headers: Record<string, string> = {}) =>
  call(w.t.app, { url: url.replace(/^https?:\/\/[^/]+/, ''), headers });
