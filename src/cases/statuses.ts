import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { actingOrg } from '../spaces/access.ts';
import { readableCase, writableCase } from './case-access.ts';
import { auditReads, authorIdOf, publishItemEvent, resolveLabel } from './labels.ts';
import { renderMarkdown } from './markdown.ts';
import * as store from './post-store.ts';
import { presentStatus } from './presenters.ts';
import type { StatusInput } from './schemas.ts';

/**
 * The pinned "current status" of a case. Every revision is kept with its own label; a reader's
 * current status is the newest revision they may read (a hidden newer one is not hinted at).
 */
export async function setStatus(p: Platform, principal: Principal, caseId: string, input: StatusInput) {
  const ca = await writableCase(p.db, principal, caseId);
  const orgId = actingOrg(ca.access, input.asOrgId);
  const label = await resolveLabel(p.db, ca.access, input, orgId, authorIdOf(principal));
  const id = await store.insertStatus(p.db, {
    caseId,
    spaceId: ca.access.spaceId,
    authorId: authorIdOf(principal),
    label,
    md: input.body,
    html: renderMarkdown(input.body),
  });
  const status = presentStatus((await store.findStatusRaw(p.db, id))!);
  await publishItemEvent(p, 'case.status', label, ca.gate, ca.access.spaceId, { status });
  return status;
}

export async function currentStatus(p: Platform, principal: Principal, caseId: string) {
  await readableCase(p.db, principal, caseId);
  const rows = await store.visibleStatuses(p.db, principal, caseId, 1);
  await auditReads(p, principal, 'case_status', rows, 'rest');
  return { status: rows[0] ? presentStatus(rows[0]) : null };
}

export async function statusHistory(p: Platform, principal: Principal, caseId: string) {
  await readableCase(p.db, principal, caseId);
  const rows = await store.visibleStatuses(p.db, principal, caseId, 500);
  await auditReads(p, principal, 'case_status', rows, 'rest');
  return { items: rows.map(presentStatus) };
}
