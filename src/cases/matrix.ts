import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import type { ItemLabel, Principal } from '../policy/index.ts';
import { actingOrg } from '../spaces/access.ts';
import { type CaseAccess, readableCase, writableCase } from './case-access.ts';
import {
  auditReads,
  authorIdOf,
  presentAuthor,
  presentLabel,
  publishItemEvent,
  resolveLabel,
} from './labels.ts';
import type { MatrixInput, MatrixQuery } from './matrix-schemas.ts';
import * as store from './matrix-store.ts';
import { queueNotifications } from './notify-fanout.ts';

const bad = (m: string) => new AppError('validation_failed', m);

const presentRollout = (r: store.Rollout) => ({
  region: r.region,
  state: r.state,
  windowStart: r.windowStart ?? null,
  windowEnd: r.windowEnd ?? null,
});

export const presentEntry = (r: store.MatrixRow) => ({
  id: r.id,
  caseId: r.case_id,
  label: presentLabel(r),
  layer: r.layer,
  cveId: r.cve_id,
  status: r.status,
  justification: r.justification,
  rollout: r.rollout.map(presentRollout),
  statement: r.statement,
  sourcePostId: r.source_post_id,
  version: r.version,
  updatedBy: presentAuthor(r),
  updatedAt: r.updated_at.toISOString(),
});

const presentChange = (r: store.HistoryRow) => ({
  version: r.version,
  label: presentLabel(r),
  status: r.status,
  justification: r.justification,
  rollout: r.rollout.map(presentRollout),
  statement: r.statement,
  changedBy: presentAuthor(r),
  at: r.created_at.toISOString(),
});

type EntryFields = Pick<MatrixInput, 'layer' | 'cveId' | 'status' | 'justification' | 'rollout'>;

/** Layer from the case, CVE from the case, justification exactly when not_affected, sane windows. */
function checkEntry(ca: CaseAccess, e: EntryFields) {
  if (!ca.row.layers.includes(e.layer))
    throw bad(
      `layer must be one of this case's affected layers: ${ca.row.layers.join(', ') || '(none set)'}.`,
    );
  if (!ca.row.cve_ids.includes(e.cveId))
    throw bad(`cveId must be one of this case's CVE ids: ${ca.row.cve_ids.join(', ') || '(none set)'}.`);
  if (e.status === 'not_affected' && !e.justification)
    throw bad('not_affected needs a justification (one of the five VEX justifications).');
  if (e.status !== 'not_affected' && e.justification)
    throw bad('A justification is given only with the not_affected status.');
  for (const r of e.rollout ?? [])
    if (r.windowStart && r.windowEnd && Date.parse(r.windowEnd) < Date.parse(r.windowStart))
      throw bad(`Rollout window for ${r.region} ends before it starts.`);
}

/** Writes the caller's org row for layer × CVE (member role; only one's own org's rows). */
export async function writeEntry(
  p: Platform,
  principal: Principal,
  caseId: string,
  input: EntryFields & { statement?: string; sourcePostId?: string | null; asOrgId?: string },
  presetLabel?: ItemLabel,
) {
  const ca = await writableCase(p.db, principal, caseId);
  checkEntry(ca, input);
  const orgId = presetLabel?.orgId ?? actingOrg(ca.access, input.asOrgId);
  const label =
    presetLabel ?? (await resolveLabel(p.db, ca.access, input as MatrixInput, orgId, authorIdOf(principal)));
  const id = await p.db.tx(async (q) => {
    const rowId = await store.upsertRow(q, {
      caseId,
      spaceId: ca.access.spaceId,
      authorId: authorIdOf(principal),
      label,
      layer: input.layer,
      cveId: input.cveId,
      status: input.status,
      justification: input.justification ?? null,
      rollout: (input.rollout ?? []).map(presentRollout),
      statement: input.statement ?? '',
      sourcePostId: input.sourcePostId ?? null,
    });
    await queueNotifications(p, { type: 'matrix_row', id: rowId }, q);
    return rowId;
  });
  const entry = presentEntry((await store.findRowRaw(p.db, id))!);
  await publishItemEvent(p, 'matrix.changed', label, ca.gate, ca.access.spaceId, { entry });
  return entry;
}

function summarise(rows: store.MatrixRow[]) {
  const affected = new Map<string, { org: ReturnType<typeof presentLabel>['org']; cveIds: Set<string> }>();
  for (const r of rows) {
    if (!store.STILL_AFFECTED.includes(r.status)) continue;
    const entry = affected.get(r.org_id) ?? { org: presentLabel(r).org, cveIds: new Set<string>() };
    entry.cveIds.add(r.cve_id);
    affected.set(r.org_id, entry);
  }
  return [...affected.values()].map((a) => ({ org: a.org, cveIds: [...a.cveIds].sort() }));
}

/** The consortium view of a case or a whole space: only rows the caller may see. */
export async function view(
  p: Platform,
  principal: Principal,
  scope: { caseId?: string; spaceId?: string },
  f: MatrixQuery,
) {
  if (scope.caseId) await readableCase(p.db, principal, scope.caseId);
  const rows = await store.visibleRows(p.db, principal, { ...f, ...scope });
  await auditReads(p, principal, 'matrix_row', rows, 'rest');
  return { items: rows.map(presentEntry), stillAffected: summarise(rows) };
}

/** One row the caller may see (the status module publishes CLEAR statements from it). */
export async function getEntry(p: Platform, principal: Principal, rowId: string) {
  const [row] = await store.visibleRows(p.db, principal, { rowId });
  if (!row) throw new AppError('not_found', 'No such matrix entry.');
  return presentEntry(row);
}

export async function history(p: Platform, principal: Principal, rowId: string) {
  const [row] = await store.visibleRows(p.db, principal, { rowId });
  if (!row) throw new AppError('not_found', 'No such matrix entry.');
  const rows = await store.visibleHistory(p.db, principal, rowId);
  await auditReads(p, principal, 'matrix_change', rows, 'rest');
  return { items: rows.map(presentChange) };
}
