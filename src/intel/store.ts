import type { Audit } from '../platform/audit.ts';
import type { Queryable } from '../platform/db/db.ts';
import {
  type IndicatorState,
  type Principal,
  SqlParams,
  type Tlp,
  visibleIndicatorsFilter,
} from '../policy/index.ts';
import type { IndicatorContent } from './schemas.ts';

export interface IndicatorRow {
  id: string;
  org_id: string;
  org_handle: string;
  org_name: string;
  attack_id: string | null;
  origin: 'attack' | 'manual';
  state: IndicatorState;
  content: IndicatorContent;
  vector: string;
  tlp: Tlp;
  recipient_org_ids: string[];
  recipient_user_ids: string[];
  space_id: string | null;
  case_id: string | null;
  post_id: string | null;
  share_error: string | null;
  author_id: string | null;
  decided_by: string | null;
  expires_at: Date;
  attack_ended_at: Date | null;
  shared_at: Date | null;
  withdrawn_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLS = `i.id, i.org_id, o.handle as org_handle, o.name as org_name, i.attack_id, i.origin, i.state,
  i.content, i.vector, i.tlp, i.recipient_org_ids, i.recipient_user_ids, i.space_id, i.case_id, i.post_id,
  i.share_error, i.author_id, i.decided_by, i.expires_at, i.attack_ended_at, i.shared_at, i.withdrawn_at,
  i.created_at, i.updated_at`;
const FROM = 'intel_indicators i join orgs o on o.id = i.org_id';

export interface NewIndicator {
  orgId: string;
  attackId: string | null;
  origin: 'attack' | 'manual';
  state: 'proposed' | 'shared';
  content: IndicatorContent;
  tlp: Tlp;
  recipientOrgIds: readonly string[];
  recipientUserIds: readonly string[];
  spaceId: string | null;
  authorId: string | null;
  expiresAt: Date;
}

/** Inserts unless the attack already has an indicator (several workers, replays): undefined then. */
export async function insertIndicator(q: Queryable, x: NewIndicator): Promise<IndicatorRow | undefined> {
  const row = await q.one<{ id: string }>(
    `insert into intel_indicators (org_id, attack_id, origin, state, content, vector, tlp, recipient_org_ids,
       recipient_user_ids, space_id, author_id, expires_at, shared_at)
     values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::uuid[], $9::uuid[], $10, $11, $12,
       case when $4 = 'shared' then now() end)
     on conflict (org_id, attack_id) do nothing
     returning id`,
    [
      x.orgId,
      x.attackId,
      x.origin,
      x.state,
      JSON.stringify(x.content),
      x.content.vector,
      x.tlp,
      x.recipientOrgIds,
      x.recipientUserIds,
      x.spaceId,
      x.authorId,
      x.expiresAt,
    ],
  );
  return row ? findIndicator(q, row.id) : undefined;
}

export const findIndicator = (q: Queryable, id: string) =>
  q.one<IndicatorRow>(`select ${COLS} from ${FROM} where i.id = $1`, [id]);

export const lockIndicator = (q: Queryable, id: string) =>
  q.one<IndicatorRow>(`select ${COLS} from ${FROM} where i.id = $1 for update of i`, [id]);

export const findByAttack = (q: Queryable, orgId: string, attackId: string) =>
  q.one<IndicatorRow>(`select ${COLS} from ${FROM} where i.org_id = $1 and i.attack_id = $2`, [
    orgId,
    attackId,
  ]);

/**
 * The attack moved on: newer rates, reflectors, last seen. Written at most every `minGapMs` per
 * indicator (updates arrive every second), and never once withdrawn or rejected.
 */
export const refreshContent = (
  q: Queryable,
  id: string,
  content: IndicatorContent,
  expiresAt: Date,
  ended: boolean,
  minGapMs: number,
) =>
  q.one<{ id: string }>(
    `update intel_indicators set content = $2::jsonb, expires_at = greatest(expires_at, $3),
       attack_ended_at = case when $4 then coalesce(attack_ended_at, now()) else attack_ended_at end,
       updated_at = date_trunc('milliseconds', now())
     where id = $1 and state in ('proposed', 'shared')
       and ($4 or updated_at < now() - make_interval(secs => $5::double precision / 1000))
     returning id`,
    [id, JSON.stringify(content), expiresAt, ended, minGapMs],
  );

export interface Transition {
  decidedBy?: string | null;
  spaceId?: string | null;
}

/** Moves an indicator between states; undefined when it was not in one of `from`. */
export async function transition(
  q: Queryable,
  id: string,
  from: readonly IndicatorState[],
  to: IndicatorState,
  t: Transition = {},
) {
  const row = await q.one<{ id: string }>(
    `update intel_indicators set state = $3, updated_at = date_trunc('milliseconds', now()),
       decided_by = coalesce($4, decided_by),
       space_id = coalesce($5, space_id),
       shared_at = case when $3 = 'shared' then coalesce(shared_at, now()) else shared_at end,
       withdrawn_at = case when $3 = 'withdrawn' then now() else withdrawn_at end
     where id = $1 and state = any($2::text[]) returning id`,
    [id, from, to, t.decidedBy ?? null, t.spaceId ?? null],
  );
  return row ? findIndicator(q, id) : undefined;
}

export const recordShare = (
  q: Queryable,
  id: string,
  s: { caseId: string | null; postId: string | null; error: string | null },
) =>
  q.query(
    'update intel_indicators set case_id = coalesce($2, case_id), post_id = coalesce($3, post_id), share_error = $4 where id = $1',
    [id, s.caseId, s.postId, s.error],
  );

/** The newest case this org opened in the space for the same vector (the caller checks it is still open). */
export const latestCaseFor = (
  q: Queryable,
  orgId: string,
  spaceId: string,
  vector: string,
  exceptId: string,
) =>
  q.one<{ case_id: string }>(
    `select case_id from intel_indicators where org_id = $1 and space_id = $2 and vector = $3 and id <> $4
       and case_id is not null order by shared_at desc nulls last limit 1`,
    [orgId, spaceId, vector, exceptId],
  );

export interface ListOptions {
  scope: 'own' | 'peers' | 'all';
  orgId: string;
  state?: IndicatorState;
  /** Keyset: (updated_at, id) strictly after. */
  after?: [string, string];
  /** Only changed strictly after this instant (TAXII added_after). */
  changedAfter?: Date;
  spaceId?: string;
  ids?: readonly string[];
  activeOnly?: boolean;
  order: 'newest' | 'oldest';
  limit: number;
}

/** Indicators the principal may read (policy filter), newest or oldest change first. */
export function listVisible(q: Queryable, p: Principal, o: ListOptions) {
  const params = new SqlParams();
  const where = [visibleIndicatorsFilter(p, params, 'i')];
  if (o.scope === 'own') where.push(`i.org_id = ${params.add(o.orgId)}`);
  if (o.scope === 'peers') where.push(`i.org_id <> ${params.add(o.orgId)}`);
  if (o.state) where.push(`i.state = ${params.add(o.state)}`);
  if (o.spaceId) where.push(`i.space_id = ${params.add(o.spaceId)} and i.state in ('shared', 'withdrawn')`);
  if (o.ids) where.push(`i.id = any(${params.add(o.ids)}::uuid[])`);
  if (o.changedAfter) where.push(`i.updated_at > ${params.add(o.changedAfter)}`);
  if (o.activeOnly) where.push(`i.state = 'shared' and i.expires_at > now()`);
  const cmp = o.order === 'newest' ? '<' : '>';
  if (o.after)
    where.push(
      `(i.updated_at, i.id) ${cmp} (${params.add(o.after[0])}::timestamptz, ${params.add(o.after[1])}::uuid)`,
    );
  const dir = o.order === 'newest' ? 'desc' : 'asc';
  return q.query<IndicatorRow>(
    `select ${COLS} from ${FROM} where ${where.join(' and ')}
     order by i.updated_at ${dir}, i.id ${dir} limit ${params.add(o.limit)}`,
    params.values,
  );
}

export interface MatchRow {
  attack_id: string;
  target: string;
  matches: Array<{ address: string; port: number; vector: string; indicatorId: string }>;
  mitigation_id: string | null;
  created_at: Date;
}

/** Records an attack's first match with peers' indicators; false when it was recorded before. */
export const insertMatch = async (
  q: Queryable,
  orgId: string,
  attackId: string,
  target: string,
  matches: unknown,
) =>
  (await q.one<{ attack_id: string }>(
    `insert into intel_matches (org_id, attack_id, target, matches) values ($1, $2, $3, $4::jsonb)
     on conflict (org_id, attack_id) do nothing returning attack_id`,
    [orgId, attackId, target, JSON.stringify(matches)],
  )) !== undefined;

export const setMatchMitigation = (q: Queryable, orgId: string, attackId: string, mitigationId: string) =>
  q.query('update intel_matches set mitigation_id = $3 where org_id = $1 and attack_id = $2', [
    orgId,
    attackId,
    mitigationId,
  ]);

export const listMatches = (q: Queryable, orgId: string) =>
  q.query<MatchRow>(
    'select attack_id, target, matches, mitigation_id, created_at from intel_matches where org_id = $1 order by created_at desc limit 100',
    [orgId],
  );

/** Audits reads of AMBER+STRICT and RED indicators (the audit keeps only those labels). */
export async function auditIndicatorReads(
  audit: Audit,
  p: Principal,
  rows: ReadonlyArray<Pick<IndicatorRow, 'id' | 'org_id' | 'tlp'>>,
  via: string,
) {
  await Promise.all(
    rows
      .filter((r) => r.tlp === 'AMBER+STRICT' || r.tlp === 'RED')
      .map((r) =>
        audit.recordRead(p, { orgId: r.org_id, tlp: r.tlp, targetType: 'indicator', targetId: r.id }, via),
      ),
  );
}
