import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { CASE_LABELS, type CaseTlp, caseEventScope, type Principal, parseTlp } from '../policy/index.ts';
import { actingOrg, loadSpaceAccess, requireSpaceRole, type SpaceAccess } from '../spaces/access.ts';
import { readableCase, readerIdOf, writableCase } from './case-access.ts';
import * as store from './case-store.ts';
import { authorIdOf } from './labels.ts';
import { queueNotifications } from './notify-fanout.ts';
import { presentCase } from './presenters.ts';
import type { CaseInput, CasePatch } from './schemas.ts';

export const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

const bad = (m: string) => new AppError('validation_failed', m);

export function parseCveIds(ids: readonly string[] | undefined): string[] | undefined {
  if (ids === undefined) return undefined;
  const wrong = ids.filter((id) => !CVE_ID.test(id));
  if (wrong.length) throw bad(`Not CVE ids (CVE-YYYY-NNNN, four or more digits): ${wrong.join(', ')}.`);
  return [...new Set(ids)];
}

function parseLayers(layers: readonly string[] | undefined, a: SpaceAccess): string[] | undefined {
  if (layers === undefined) return undefined;
  const unknown = layers.filter((l) => !a.layers.includes(l));
  if (unknown.length)
    throw bad(
      `Unknown component layers: ${unknown.join(', ')}. This space's layers: ${a.layers.join(', ') || '(none yet; a space admin adds them)'}.`,
    );
  return [...new Set(layers)];
}

/** Embargo: an unambiguous UTC instant (Z or an offset), in the future when set. */
export function parseEmbargo(v: string | null | undefined): Date | null | undefined {
  if (v === undefined || v === null) return v;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/.test(v))
    throw bad('embargoAt must be an ISO 8601 date-time with Z or a UTC offset, e.g. 2018-01-09T21:00:00Z.');
  const at = new Date(v);
  const [y, m, d] = v.slice(0, 10).split('-').map(Number) as [number, number, number];
  // Date() rolls 31 February over into March: refuse days the month does not have.
  if (Number.isNaN(at.getTime()) || m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate())
    throw bad('embargoAt is not a real date-time.');
  if (at.getTime() <= Date.now()) throw bad('embargoAt must be in the future.');
  return at;
}

function parseCaseTlp(v: string | undefined): CaseTlp | undefined {
  if (v === undefined) return undefined;
  const tlp = parseTlp(v);
  if (!(CASE_LABELS as readonly string[]).includes(tlp))
    throw bad('A case itself is CLEAR or GREEN; label its posts and entries AMBER, AMBER+STRICT or RED.');
  return tlp as CaseTlp;
}

export async function createCase(p: Platform, principal: Principal, spaceId: string, input: CaseInput) {
  const access = requireSpaceRole(await loadSpaceAccess(p.db, principal, spaceId), 'member');
  const orgId = actingOrg(access, input.asOrgId);
  const fields = {
    kind: input.kind,
    title: input.title,
    cveIds: parseCveIds(input.cveIds) ?? [],
    layers: parseLayers(input.layers, access) ?? [],
    embargoAt: parseEmbargo(input.embargoAt) ?? null,
    tlp: parseCaseTlp(input.tlp) ?? 'GREEN',
  };
  const id = await p.db.tx(async (q) => {
    const caseId = await store.insertCase(q, { ...fields, spaceId, orgId, authorId: authorIdOf(principal) });
    await queueNotifications(p, { type: 'case', id: caseId }, q);
    return caseId;
  });
  const created = presentCase((await store.findCase(p.db, id))!);
  await publishCase(p, 'case.created', created, access.activeOrgIds);
  return created;
}

export async function getCase(p: Platform, principal: Principal, caseId: string) {
  const { row } = await readableCase(p.db, principal, caseId);
  const lastReadSeq = await store.readMarker(p.db, readerIdOf(principal), caseId);
  return presentCase({ ...row, last_read_seq: lastReadSeq });
}

export async function listCases(p: Platform, principal: Principal, spaceId: string, state?: string) {
  const rows = await store.listVisibleCases(p.db, principal, readerIdOf(principal), spaceId, state);
  return { items: rows.map(presentCase) };
}

/** Space admins, or members of the org that opened the case. */
export async function patchCase(p: Platform, principal: Principal, caseId: string, patch: CasePatch) {
  const { row, access } = await writableCase(p.db, principal, caseId);
  if (access.role !== 'admin' && !access.callerOrgIds.includes(row.org_id))
    throw new AppError(
      'forbidden',
      'Only space admins or the organisation that opened the case can change it.',
    );
  await store.updateCase(p.db, caseId, {
    title: patch.title,
    cveIds: parseCveIds(patch.cveIds),
    layers: parseLayers(patch.layers, access),
    embargoAt: parseEmbargo(patch.embargoAt),
    state: patch.state,
    tlp: parseCaseTlp(patch.tlp),
  });
  const updated = presentCase((await store.findCase(p.db, caseId))!);
  await publishCase(p, 'case.updated', updated, access.activeOrgIds);
  return updated;
}

async function publishCase(
  p: Platform,
  type: string,
  c: ReturnType<typeof presentCase>,
  activeOrgIds: readonly string[],
) {
  const scope = caseEventScope({ tlp: c.tlp as CaseTlp, orgId: c.org.id }, activeOrgIds);
  await p.bus
    .publish({ type, orgId: scope.orgId, tlp: scope.tlp, audience: scope.audience, data: { case: c } })
    .catch((err) => p.log.warn({ err, type }, 'could not publish a case event'));
}
