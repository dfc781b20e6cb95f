import type { Queryable } from '../platform/db/db.ts';
import {
  type ItemLabel,
  type Principal,
  SqlParams,
  visibleCasesFilter,
  visibleLabelsFilter,
} from '../policy/index.ts';
import { type LabelRow, labelCols, labelJoins } from './labels.ts';

export interface Rollout {
  region: string;
  state: string;
  windowStart?: string | null;
  windowEnd?: string | null;
}
export interface MatrixRow extends LabelRow {
  id: string;
  case_id: string;
  layer: string;
  cve_id: string;
  status: string;
  justification: string | null;
  rollout: Rollout[];
  statement: string;
  source_post_id: string | null;
  version: number;
  updated_at: Date;
}
export interface MatrixFields {
  layer: string;
  cveId: string;
  status: string;
  justification: string | null;
  rollout: Rollout[];
  statement: string;
  sourcePostId: string | null;
}

const COLS = `m.id, m.case_id, ${labelCols('m')}, m.layer, m.cve_id, m.status, m.justification, m.rollout,
  m.statement, m.source_post_id, m.version, m.updated_at`;
export const STILL_AFFECTED = ['under_investigation', 'affected', 'mitigation_in_progress'];

/** Creates or replaces the org's row for layer × CVE, and appends the change to its history. */
export async function upsertRow(
  q: Queryable,
  x: MatrixFields & { caseId: string; spaceId: string; authorId: string | null; label: ItemLabel },
): Promise<string> {
  const row = await q.one<{ id: string }>(
    `insert into matrix_rows (case_id, space_id, org_id, author_id, layer, cve_id, status, justification, rollout,
       statement, source_post_id, tlp, recipient_org_ids, recipient_user_ids)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
     on conflict (case_id, org_id, layer, cve_id) do update set author_id = excluded.author_id,
       status = excluded.status, justification = excluded.justification, rollout = excluded.rollout,
       statement = excluded.statement, source_post_id = excluded.source_post_id, tlp = excluded.tlp,
       recipient_org_ids = excluded.recipient_org_ids, recipient_user_ids = excluded.recipient_user_ids,
       version = matrix_rows.version + 1, updated_at = now()
     returning id`,
    [
      x.caseId,
      x.spaceId,
      x.label.orgId,
      x.authorId,
      x.layer,
      x.cveId,
      x.status,
      x.justification,
      JSON.stringify(x.rollout),
      x.statement,
      x.sourcePostId,
      x.label.tlp,
      x.label.recipientOrgIds,
      x.label.recipientUserIds,
    ],
  );
  await appendHistory(q, row!.id);
  return row!.id;
}

export const appendHistory = (q: Queryable, rowId: string) =>
  q.execute(
    `insert into matrix_history (row_id, version, case_id, space_id, org_id, author_id, status, justification,
       rollout, statement, tlp, recipient_org_ids, recipient_user_ids)
     select id, version, case_id, space_id, org_id, author_id, status, justification, rollout, statement, tlp,
            recipient_org_ids, recipient_user_ids from matrix_rows where id = $1`,
    [rowId],
  );

export const findRowRaw = (q: Queryable, id: string) =>
  q.one<MatrixRow & { space_id: string }>(
    `select ${COLS}, m.space_id from matrix_rows m ${labelJoins('m')} where m.id = $1`,
    [id],
  );

export interface MatrixFilter {
  caseId?: string;
  spaceId?: string;
  rowId?: string;
  orgId?: string;
  layer?: string;
  cveId?: string;
  status?: string;
  stillAffected?: boolean;
}

/** The rows the caller may see (consortium view), filtered; counts and filters see nothing else. */
export function visibleRows(q: Queryable, p: Principal, f: MatrixFilter) {
  const params = new SqlParams();
  const conds = [visibleCasesFilter(p, params, 'c'), visibleLabelsFilter(p, params, 'm', 'c.tlp')];
  const eq = (col: string, v: string | undefined) =>
    v !== undefined && conds.push(`${col} = ${params.add(v)}`);
  eq('m.case_id', f.caseId);
  eq('m.space_id', f.spaceId);
  eq('m.id', f.rowId);
  eq('m.org_id', f.orgId);
  eq('m.layer', f.layer);
  eq('m.cve_id', f.cveId);
  eq('m.status', f.status);
  if (f.stillAffected) conds.push(`m.status = any(${params.add(STILL_AFFECTED)}::text[])`);
  return q.query<MatrixRow>(
    `select ${COLS} from matrix_rows m join cases c on c.id = m.case_id ${labelJoins('m')}
      where ${conds.join(' and ')} order by m_o.handle, m.cve_id, m.layer limit 5000`,
    params.values,
  );
}

export interface HistoryRow extends LabelRow {
  row_id: string;
  version: number;
  status: string;
  justification: string | null;
  rollout: Rollout[];
  statement: string;
  created_at: Date;
}

/** Each change under its own label. */
export function visibleHistory(q: Queryable, p: Principal, rowId: string) {
  const params = new SqlParams([rowId]);
  const vis = visibleLabelsFilter(p, params, 'h', 'c.tlp');
  return q.query<HistoryRow & { id: string }>(
    `select h.id, h.row_id, h.version, ${labelCols('h')}, h.status, h.justification, h.rollout, h.statement, h.created_at
       from matrix_history h join cases c on c.id = h.case_id ${labelJoins('h')}
      where h.row_id = $1 and ${vis} order by h.version`,
    params.values,
  );
}
