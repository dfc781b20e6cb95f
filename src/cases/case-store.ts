import type { Queryable } from '../platform/db/db.ts';
import {
  type CaseTlp,
  type Principal,
  SqlParams,
  visibleCasesFilter,
  visibleLabelsFilter,
} from '../policy/index.ts';

export interface CaseRow {
  id: string;
  space_id: string;
  org_id: string;
  org_handle: string;
  org_name: string;
  author_id: string | null;
  author_name: string | null;
  kind: string;
  title: string;
  cve_ids: string[];
  layers: string[];
  embargo_at: Date | null;
  state: string;
  tlp: CaseTlp;
  created_at: Date;
  updated_at: Date;
  unread?: number;
  /** The reader's unread marker: the newest post seq they have read (0: none). */
  last_read_seq?: number;
}

const COLS = `c.id, c.space_id, c.org_id, o.handle as org_handle, o.name as org_name, c.author_id,
  u.name as author_name, c.kind, c.title, c.cve_ids, c.layers, c.embargo_at, c.state, c.tlp, c.created_at, c.updated_at`;
const FROM = 'cases c join orgs o on o.id = c.org_id left join users u on u.id = c.author_id';

export interface CaseFields {
  kind: string;
  title: string;
  cveIds: string[];
  layers: string[];
  embargoAt: Date | null;
  tlp: CaseTlp;
}

export async function insertCase(
  q: Queryable,
  c: CaseFields & { spaceId: string; orgId: string; authorId: string | null },
): Promise<string> {
  const row = await q.one<{ id: string }>(
    `insert into cases (space_id, org_id, author_id, kind, title, cve_ids, cve_text, layers, embargo_at, tlp)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning id`,
    [
      c.spaceId,
      c.orgId,
      c.authorId,
      c.kind,
      c.title,
      c.cveIds,
      c.cveIds.join(' '),
      c.layers,
      c.embargoAt,
      c.tlp,
    ],
  );
  return row!.id;
}

/** A case whatever the caller may see: callers decide through the policy module. */
export const findCase = (q: Queryable, id: string) =>
  q.one<CaseRow>(`select ${COLS} from ${FROM} where c.id = $1`, [id]);

export async function updateCase(q: Queryable, id: string, f: Partial<CaseFields> & { state?: string }) {
  await q.execute(
    `update cases set title = coalesce($2, title), cve_ids = coalesce($3, cve_ids),
       cve_text = coalesce(array_to_string($3::text[], ' '), cve_text), layers = coalesce($4, layers),
       embargo_at = case when $5 then $6::timestamptz else embargo_at end, state = coalesce($7, state),
       tlp = coalesce($8, tlp), updated_at = now()
     where id = $1`,
    [
      id,
      f.title ?? null,
      f.cveIds ?? null,
      f.layers ?? null,
      f.embargoAt !== undefined,
      f.embargoAt ?? null,
      f.state ?? null,
      f.tlp ?? null,
    ],
  );
}

/**
 * Visible cases of a space, newest first, each with the number of posts the reader may see
 * that are newer than their read marker and not their own (counts only over visible posts).
 */
export async function listVisibleCases(
  q: Queryable,
  p: Principal,
  readerId: string | null,
  spaceId: string,
  state?: string,
) {
  const params = new SqlParams([spaceId, state ?? null, readerId]);
  const cases = visibleCasesFilter(p, params, 'c');
  const posts = visibleLabelsFilter(p, params, 'px', 'c.tlp');
  const marker =
    'coalesce((select r.last_seq from case_reads r where r.reader_id = $3::uuid and r.case_id = c.id), 0)';
  return q.query<CaseRow & { unread: number; last_read_seq: number }>(
    `select ${COLS}, ${marker}::int as last_read_seq,
        (select count(*)::int from posts px
          where px.case_id = c.id and ${posts}
            and px.seq > ${marker}
            and px.author_id is distinct from $3::uuid) as unread
       from ${FROM}
      where c.space_id = $1 and ($2::text is null or c.state = $2) and ${cases}
      order by c.created_at desc, c.id`,
    params.values,
  );
}

/** The reader's unread marker on a case (0 when they never read it). */
export async function readMarker(q: Queryable, readerId: string | null, caseId: string): Promise<number> {
  if (!readerId) return 0;
  const row = await q.one<{ last_seq: number | string }>(
    'select last_seq from case_reads where reader_id = $1 and case_id = $2',
    [readerId, caseId],
  );
  return row ? Number(row.last_seq) : 0;
}
