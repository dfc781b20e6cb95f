import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { requireMayPublishAdvisories } from '../policy/advisories.ts';
import type { Principal } from '../policy/index.ts';
import { baseUrlOf } from './directory.ts';
import { presentAdvisory, presentRevision } from './presenters.ts';
import { ADVISORY_PUBLISHED, type PublicCache } from './public-cache.ts';
import type { PublishInput } from './schemas.ts';
import * as service from './service.ts';
import * as store from './store.ts';

/** The org, checked through the policy module (admin/owner of a provider org). */
async function publisherOrg(p: Platform, principal: Principal, orgId: string) {
  const org = await store.findOrg(p.db, orgId);
  if (!org) throw new AppError('not_found', 'No such organisation.');
  requireMayPublishAdvisories(principal, org);
  return org;
}

export async function list(p: Platform, principal: Principal, orgId: string, caseId?: string) {
  const org = await publisherOrg(p, principal, orgId);
  const base = baseUrlOf(p.config);
  const rows = await store.listAdvisories(p.db, orgId);
  return {
    items: rows
      .filter((a) => !caseId || a.case_id === caseId)
      .map((a) => presentAdvisory(base, org.handle, a)),
  };
}

export async function revisions(p: Platform, principal: Principal, orgId: string, trackingId: string) {
  const org = await publisherOrg(p, principal, orgId);
  const advisory = await store.findAdvisory(p.db, orgId, trackingId);
  if (!advisory) throw new AppError('not_found', 'No such advisory.');
  const base = baseUrlOf(p.config);
  const rows = await store.listRevisions(p.db, advisory.id);
  return { items: rows.reverse().map((r) => presentRevision(base, org.handle, trackingId, r)) };
}

/**
 * Publishes, then makes every serve process drop its copies of the org's public files: this
 * one at once, the others as soon as the bus carries the (public, CLEAR) event.
 */
export async function publish(
  p: Platform,
  cache: PublicCache,
  principal: Principal,
  orgId: string,
  input: PublishInput,
) {
  const done = await service.publish(p, principal, orgId, input);
  const org = (await store.findOrg(p.db, orgId))!;
  cache.dropOrg(org.handle);
  const base = baseUrlOf(p.config);
  const advisory = (await store.findAdvisory(p.db, orgId, done.trackingId))!;
  const revision = (await store.listRevisions(p.db, advisory.id)).find((r) => r.version === done.version)!;
  const out = {
    advisory: presentAdvisory(base, org.handle, advisory),
    revision: presentRevision(base, org.handle, done.trackingId, revision),
  };
  await p.bus
    .publish({
      type: ADVISORY_PUBLISHED,
      orgId,
      tlp: 'CLEAR',
      data: { handle: org.handle, trackingId: done.trackingId, version: done.version, url: out.advisory.url },
    })
    .catch((err) => p.log.warn({ err }, 'could not announce a published advisory'));
  return out;
}
