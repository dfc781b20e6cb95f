import type { Queryable } from '../platform/db/db.ts';

export interface OrgRow {
  id: string;
  handle: string;
  name: string;
  kind: string;
}

export interface AdvisoryRow {
  id: string;
  org_id: string;
  case_id: string | null;
  tracking_id: string;
  title: string;
  initial_release_date: Date;
  current_release_date: Date;
  current_version: number;
}

export interface RevisionRow {
  version: number;
  summary: string;
  sha256: string;
  published_at: Date;
  published_by_name: string | null;
}

const ADVISORY_COLS = `a.id, a.org_id, a.case_id, a.tracking_id, a.title, a.initial_release_date,
  a.current_release_date, a.current_version`;

export const findOrg = (q: Queryable, id: string) =>
  q.one<OrgRow>('select id, handle, name, kind from orgs where id = $1', [id]);

export const findAdvisoryForCase = (q: Queryable, orgId: string, caseId: string) =>
  q.one<AdvisoryRow>(`select ${ADVISORY_COLS} from advisories a where a.org_id = $1 and a.case_id = $2`, [
    orgId,
    caseId,
  ]);

export const findAdvisory = (q: Queryable, orgId: string, trackingId: string) =>
  q.one<AdvisoryRow>(`select ${ADVISORY_COLS} from advisories a where a.org_id = $1 and a.tracking_id = $2`, [
    orgId,
    trackingId,
  ]);

export const listAdvisories = (q: Queryable, orgId: string) =>
  q.query<AdvisoryRow>(
    `select ${ADVISORY_COLS} from advisories a where a.org_id = $1 order by a.current_release_date desc limit 1000`,
    [orgId],
  );

/** Revision summaries and dates, oldest first (the document's revision history). */
export const listRevisions = (q: Queryable, advisoryId: string) =>
  q.query<RevisionRow>(
    `select r.version, r.summary, r.sha256, r.published_at, u.name as published_by_name
       from advisory_revisions r left join users u on u.id = r.published_by
      where r.advisory_id = $1 order by r.version`,
    [advisoryId],
  );

/** The next per-org number behind a new tracking id (the caller holds the org's lock). */
export async function nextSeq(q: Queryable, orgId: string): Promise<number> {
  const row = await q.one<{ n: number }>(
    'select coalesce(max(seq), 0)::int + 1 as n from advisories where org_id = $1',
    [orgId],
  );
  return row!.n;
}

/** Serialises publishing per org (sequence numbers, revision numbers) on both engines. */
export const lockOrg = (q: Queryable, orgId: string) =>
  q.execute(`select pg_advisory_xact_lock(hashtext('advisories:' || $1::text))`, [orgId]);

export async function insertAdvisory(
  q: Queryable,
  a: { orgId: string; caseId: string; trackingId: string; seq: number; title: string; at: Date },
): Promise<string> {
  const row = await q.one<{ id: string }>(
    `insert into advisories (org_id, case_id, tracking_id, seq, title, initial_release_date,
       current_release_date, current_version)
     values ($1, $2, $3, $4, $5, $6, $6, 1) returning id`,
    [a.orgId, a.caseId, a.trackingId, a.seq, a.title, a.at],
  );
  return row!.id;
}

export async function insertRevision(
  q: Queryable,
  r: {
    advisoryId: string;
    version: number;
    summary: string;
    title: string;
    document: string;
    sha256: string;
    sha512: string;
    publishedBy: string | null;
    at: Date;
  },
) {
  await q.execute(
    `insert into advisory_revisions (advisory_id, version, summary, document, sha256, sha512, published_by, published_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [r.advisoryId, r.version, r.summary, r.document, r.sha256, r.sha512, r.publishedBy, r.at],
  );
  await q.execute(
    `update advisories set current_version = $2, current_release_date = $3, title = $4 where id = $1`,
    [r.advisoryId, r.version, r.at, r.title],
  );
}

// Public reads: one indexed query each (orgs.handle unique → advisories (org_id, …) → revision pk).

export interface PublicDocument {
  initial_release_date: Date;
  document: string;
  sha256: string;
  sha512: string;
}

/** A revision by org handle and file name (latest when version is null). */
export const publicDocument = (q: Queryable, handle: string, trackingId: string, version: number | null) =>
  q.one<PublicDocument>(
    `select a.initial_release_date, r.document, r.sha256, r.sha512
       from orgs o join advisories a on a.org_id = o.id
       join advisory_revisions r on r.advisory_id = a.id and r.version = coalesce($3::int, a.current_version)
      where o.handle = $1 and a.tracking_id = $2`,
    [handle, trackingId, version],
  );

export interface DirectoryRow {
  org_id: string;
  org_name: string;
  kind: string;
  tracking_id: string | null;
  initial_release_date: Date | null;
  current_release_date: Date | null;
}

/** The org and every advisory of it, newest change first (index.txt, changes.csv, metadata). */
export const publicDirectory = (q: Queryable, handle: string) =>
  q.query<DirectoryRow>(
    `select o.id as org_id, o.name as org_name, o.kind, a.tracking_id, a.initial_release_date, a.current_release_date
       from orgs o left join advisories a on a.org_id = o.id
      where o.handle = $1 order by a.current_release_date desc nulls last, a.tracking_id`,
    [handle],
  );
