import type { Queryable } from '../platform/db/db.ts';
import type { AttackInput } from './attack.ts';

export const STATES = [
  'proposed',
  'pending',
  'announcing',
  'announced',
  'withdrawing',
  'withdrawn',
  'withdraw_failed',
  'rejected',
  'expired',
  'cancelled',
  'failed',
] as const;
export type MitigationState = (typeof STATES)[number];
/** States in which routes are (or may be) announced: they count against the org's limit. */
export const LIVE_STATES: readonly MitigationState[] = [
  'announcing',
  'announced',
  'withdrawing',
  'withdraw_failed',
];

export interface MitigationRow {
  id: string;
  org_id: string;
  attack_id: string;
  target: string;
  classification: string;
  state: MitigationState;
  rules: unknown;
  refused: unknown;
  notes: unknown;
  rule_count: number;
  driver: unknown;
  error: string | null;
  attack_ended_at: Date | null;
  announced_at: Date | null;
  withdrawn_at: Date | null;
  expires_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

export interface EventRow {
  id: number;
  mitigation_id: string;
  at: Date;
  kind: string;
  actor_user_id: string | null;
  actor_token_id: string | null;
  driver: string | null;
  sent: string | null;
  output: string | null;
  outcome: 'ok' | 'error' | 'info';
  error: string | null;
  details: Record<string, unknown>;
}

export interface HookRunRow {
  id: number;
  hook_id: string;
  kind: 'exec' | 'webhook';
  attack_id: string;
  event: string;
  attempt: number;
  at: Date;
  duration_ms: number;
  outcome: 'ok' | 'error';
  exit_code: number | null;
  http_status: number | null;
  output: string | null;
  error: string | null;
}

const COLS = `id, org_id, attack_id, target, classification, state, rules, refused, notes, rule_count, driver,
  error, attack_ended_at, announced_at, withdrawn_at, expires_at, created_at, updated_at`;
const json = (v: unknown) => JSON.stringify(v);

/** Serialises everything done for one attack (events may arrive at several workers at once). */
export const lockAttack = (q: Queryable, orgId: string, attackId: string) =>
  q.query('select pg_advisory_xact_lock(hashtext($1))', [`mitigation:${orgId}:${attackId}`]);

/** Records the attack as last seen; returns its state ('ended' sticks). */
export async function upsertAttack(
  q: Queryable,
  orgId: string,
  a: AttackInput & { id: string },
  ended: boolean,
) {
  const row = await q.one<{ state: 'active' | 'ended' }>(
    `insert into mitigation_attacks (org_id, attack_id, state, data, ended_at)
     values ($1, $2, $3, $4::jsonb, case when $3 = 'ended' then now() end)
     on conflict (org_id, attack_id) do update set
       data = case when mitigation_attacks.state = 'ended' and excluded.state = 'active'
                   then mitigation_attacks.data else excluded.data end,
       state = case when mitigation_attacks.state = 'ended' then 'ended' else excluded.state end,
       ended_at = coalesce(mitigation_attacks.ended_at, excluded.ended_at),
       updated_at = now()
     returning state`,
    [orgId, a.id, ended ? 'ended' : 'active', json(a)],
  );
  return row!.state;
}

export const findAttack = (q: Queryable, orgId: string, attackId: string) =>
  q.one<{ data: unknown; state: string }>(
    'select data, state from mitigation_attacks where org_id = $1 and attack_id = $2',
    [orgId, attackId],
  );

export interface NewMitigation {
  orgId: string;
  attackId: string;
  target: string;
  classification: string;
  rules: unknown[];
  refused: unknown[];
  notes: string[];
}

/** Inserts unless the attack already has a mitigation; undefined then. */
export const insertMitigation = (q: Queryable, m: NewMitigation) =>
  q.one<MitigationRow>(
    `insert into mitigations (org_id, attack_id, target, classification, state, rules, refused, notes, rule_count)
     values ($1, $2, $3, $4, 'proposed', $5::jsonb, $6::jsonb, $7::jsonb, $8)
     on conflict (org_id, attack_id) do nothing
     returning ${COLS}`,
    [
      m.orgId,
      m.attackId,
      m.target,
      m.classification,
      json(m.rules),
      json(m.refused),
      json(m.notes),
      m.rules.length,
    ],
  );

export const findMitigation = (q: Queryable, orgId: string, id: string) =>
  q.one<MitigationRow>(`select ${COLS} from mitigations where org_id = $1 and id = $2`, [orgId, id]);

export const findByAttack = (q: Queryable, orgId: string, attackId: string) =>
  q.one<MitigationRow>(`select ${COLS} from mitigations where org_id = $1 and attack_id = $2`, [
    orgId,
    attackId,
  ]);

/** The row, locked for the rest of the transaction. */
export const lockMitigation = (q: Queryable, id: string) =>
  q.one<MitigationRow>(`select ${COLS} from mitigations where id = $1 for update`, [id]);

export interface StateChange {
  rules?: unknown[];
  refused?: unknown[];
  notes?: string[];
  driver?: unknown;
  error?: string | null;
  attackEnded?: boolean;
  announced?: boolean;
  withdrawn?: boolean;
  expiresAt?: Date;
}

/** Moves a mitigation from one of `from` to `to`; undefined when it was in another state. */
export function transition(
  q: Queryable,
  id: string,
  from: readonly MitigationState[],
  to: MitigationState,
  c: StateChange = {},
) {
  return q.one<MitigationRow>(
    `update mitigations set state = $3, updated_at = now(),
       rules = coalesce($4::jsonb, rules), refused = coalesce($5::jsonb, refused),
       notes = coalesce($6::jsonb, notes),
       rule_count = coalesce(jsonb_array_length($4::jsonb), rule_count),
       driver = coalesce($7::jsonb, driver),
       error = case when $8::boolean then $9 else error end,
       attack_ended_at = case when $10::boolean then coalesce(attack_ended_at, now()) else attack_ended_at end,
       announced_at = case when $11::boolean then now() else announced_at end,
       withdrawn_at = case when $12::boolean then now() else withdrawn_at end,
       expires_at = coalesce($13::timestamptz, expires_at)
     where id = $1 and state = any($2::text[])
     returning ${COLS}`,
    [
      id,
      [...from],
      to,
      c.rules === undefined ? null : json(c.rules),
      c.refused === undefined ? null : json(c.refused),
      c.notes === undefined ? null : json(c.notes),
      c.driver === undefined ? null : json(c.driver),
      c.error !== undefined,
      c.error ?? null,
      c.attackEnded ?? false,
      c.announced ?? false,
      c.withdrawn ?? false,
      c.expiresAt ?? null,
    ],
  );
}

/** Live mitigations of an org other than `exceptId`: their rules and how they were announced. */
export const liveMitigations = (q: Queryable, orgId: string, exceptId: string) =>
  q.query<{ id: string; rules: unknown; driver: unknown; rule_count: number }>(
    `select id, rules, driver, rule_count from mitigations
     where org_id = $1 and id <> $2 and state = any($3::text[])`,
    [orgId, exceptId, [...LIVE_STATES]],
  );

export interface NewEvent {
  kind: string;
  outcome: 'ok' | 'error' | 'info';
  actor?: { userId: string | null; tokenId: string | null };
  driver?: string | null;
  sent?: string | null;
  output?: string | null;
  error?: string | null;
  details?: Record<string, unknown>;
}

export const insertEvent = (q: Queryable, mitigationId: string, e: NewEvent) =>
  q.execute(
    `insert into mitigation_events (mitigation_id, kind, actor_user_id, actor_token_id, driver, sent, output,
       outcome, error, details)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb)`,
    [
      mitigationId,
      e.kind,
      e.actor?.userId ?? null,
      e.actor?.tokenId ?? null,
      e.driver ?? null,
      e.sent ?? null,
      e.output ?? null,
      e.outcome,
      e.error ?? null,
      json(e.details ?? {}),
    ],
  );

export const listEvents = (q: Queryable, mitigationId: string) =>
  q.query<EventRow>(
    `select id, mitigation_id, at, kind, actor_user_id, actor_token_id, driver, sent, output, outcome, error, details
     from mitigation_events where mitigation_id = $1 order by id`,
    [mitigationId],
  );

/** Newest first, optionally only some states or one attack; `after` is the (created_at, id) of the last row of the previous page. */
export const listMitigations = (
  q: Queryable,
  orgId: string,
  o: { states?: readonly MitigationState[]; attackId?: string; after?: [string, string]; limit: number },
) =>
  q.query<MitigationRow>(
    `select ${COLS} from mitigations
     where org_id = $1 and ($2::text[] is null or state = any($2::text[]))
       and ($6::text is null or attack_id = $6)
       and ($3::timestamptz is null or (created_at, id) < ($3::timestamptz, $4::uuid))
     order by created_at desc, id desc limit $5`,
    [
      orgId,
      o.states ? [...o.states] : null,
      o.after?.[0] ?? null,
      o.after?.[1] ?? null,
      o.limit,
      o.attackId ?? null,
    ],
  );

export type NewHookRun = Omit<HookRunRow, 'id' | 'at'> & { org_id: string };

export const insertHookRun = (q: Queryable, r: NewHookRun) =>
  q.execute(
    `insert into mitigation_hook_runs (org_id, hook_id, kind, attack_id, event, attempt, duration_ms, outcome,
       exit_code, http_status, output, error)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      r.org_id,
      r.hook_id,
      r.kind,
      r.attack_id,
      r.event,
      r.attempt,
      r.duration_ms,
      r.outcome,
      r.exit_code,
      r.http_status,
      r.output,
      r.error,
    ],
  );

export const listHookRuns = (q: Queryable, orgId: string, beforeId: number | undefined, limit: number) =>
  q.query<HookRunRow>(
    `select id, hook_id, kind, attack_id, event, attempt, at, duration_ms, outcome, exit_code, http_status, output, error
     from mitigation_hook_runs where org_id = $1 and ($2::bigint is null or id < $2) order by id desc limit $3`,
    [orgId, beforeId ?? null, limit],
  );
