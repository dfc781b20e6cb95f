import type { Queryable } from '../db/db.ts';
import type { Job, JobSpec } from './jobs.ts';

// Every statement that changes a claimed job checks (lease_owner, attempts, state = 'running'):
// attempts grows with each claim, so the pair names one claim, and a worker whose lease expired
// (and was claimed again, even by itself) can never finish or fail the newer run.

interface JobRow {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
  run_at: Date;
  idempotency_key: string | null;
}

/** A claim: the job plus what identifies this run of it. */
export type Claimed = Pick<Job, 'id' | 'attempts'>;

const toJob = (r: JobRow): Job => ({
  id: r.id,
  kind: r.kind,
  payload: r.payload,
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  runAt: r.run_at,
  idempotencyKey: r.idempotency_key,
});

const ms = (param: string) => `(${param}::float8 * interval '1 millisecond')`;
const ids = (jobs: readonly Claimed[]) => jobs.map((j) => j.id);
const attempts = (jobs: readonly Claimed[]) => jobs.map((j) => j.attempts);

export function validateSpec(spec: JobSpec) {
  if (typeof spec.kind !== 'string' || spec.kind.length === 0 || spec.kind.length > 200) {
    throw new TypeError('job kind must be a string of 1 to 200 characters');
  }
  if (spec.runAt !== undefined && !(spec.runAt instanceof Date && Number.isFinite(spec.runAt.getTime()))) {
    throw new TypeError('job runAt must be a valid Date');
  }
  if (spec.maxAttempts !== undefined && !(Number.isInteger(spec.maxAttempts) && spec.maxAttempts >= 1)) {
    throw new TypeError('job maxAttempts must be an integer >= 1');
  }
  if (
    spec.idempotencyKey !== undefined &&
    (typeof spec.idempotencyKey !== 'string' || !spec.idempotencyKey)
  ) {
    throw new TypeError('job idempotencyKey must be a non-empty string');
  }
}

/** Inserts a job; with a key already taken, returns the existing job's id and created: false. */
export async function insertJob(q: Queryable, spec: JobSpec): Promise<{ id: number; created: boolean }> {
  const payload = JSON.stringify(spec.payload === undefined ? {} : spec.payload);
  const key = spec.idempotencyKey ?? null;
  // Two tries: the conflicting row may be deleted (cleanup) between the insert and the select.
  for (let i = 0; i < 2; i++) {
    const row = await q.one<{ id: number }>(
      `insert into jobs (kind, payload, run_at, max_attempts, idempotency_key)
       values ($1, $2::jsonb, coalesce($3::timestamptz, now()), $4, $5)
       on conflict (idempotency_key) where idempotency_key is not null do nothing
       returning id`,
      [spec.kind, payload, spec.runAt ?? null, spec.maxAttempts ?? 10, key],
    );
    if (row) return { id: row.id, created: true };
    const existing = await q.one<{ id: number }>('select id from jobs where idempotency_key = $1', [key]);
    if (existing) return { id: existing.id, created: false };
  }
  throw new Error(`job with idempotency key ${key} neither inserted nor found`);
}

/**
 * Inserts several jobs with one statement; keys already taken are skipped. With `claimFor`, they
 * are due now and leased to that owner already (attempt 1), as if claimed the moment they were
 * inserted: the lease counts from the statement's own clock, not the transaction's start.
 * Returns the jobs created.
 */
export async function insertJobs(
  q: Queryable,
  specs: readonly JobSpec[],
  claimFor?: { owner: string; leaseMs: number },
): Promise<Job[]> {
  if (!specs.length) return [];
  const rows = specs.map((s) => ({
    kind: s.kind,
    payload: s.payload === undefined ? {} : s.payload,
    run_at: claimFor ? null : (s.runAt?.toISOString() ?? null),
    max_attempts: s.maxAttempts ?? 10,
    key: s.idempotencyKey ?? null,
  }));
  const claimed = claimFor ? 'true' : 'false';
  const inserted = await q.query<JobRow>(
    `insert into jobs (kind, payload, run_at, max_attempts, idempotency_key, state, lease_owner, lease_until, attempts)
     select s.kind, s.payload, coalesce(s.run_at, now()), s.max_attempts, s.key,
       case when ${claimed} then 'running' else 'pending' end, $2::text,
       case when ${claimed} then clock_timestamp() + ${ms('$3')} end, case when ${claimed} then 1 else 0 end
     from jsonb_to_recordset($1::jsonb)
       as s(kind text, payload jsonb, run_at timestamptz, max_attempts int, key text)
     on conflict (idempotency_key) where idempotency_key is not null do nothing
     returning id, kind, payload, attempts, max_attempts, run_at, idempotency_key`,
    [JSON.stringify(rows), claimFor?.owner ?? null, claimFor?.leaseMs ?? 0],
  );
  return inserted.map(toJob);
}

/**
 * Leases up to `limit` due jobs (pending, or running with an expired lease) to `owner`.
 * `rowLocks` (FOR UPDATE SKIP LOCKED) keeps concurrent claimers on PostgreSQL apart; PGlite has
 * one connection that runs one statement at a time, where the locks would only add a write per row.
 */
export async function claimDue(
  q: Queryable,
  owner: string,
  limit: number,
  leaseMs: number,
  rowLocks = true,
): Promise<Job[]> {
  const rows = await q.query<JobRow>(
    `with due as (
       select id from jobs
       where finished_at is null and run_at <= now()
         and (lease_until is null or lease_until < now())
       order by run_at
       limit $1
       ${rowLocks ? 'for update skip locked' : ''})
     update jobs j
     set state = 'running', lease_owner = $2, lease_until = now() + ${ms('$3')}, attempts = j.attempts + 1
     from due where j.id = due.id
     returning j.id, j.kind, j.payload, j.attempts, j.max_attempts, j.run_at, j.idempotency_key`,
    [limit, owner, leaseMs],
  );
  return rows.map(toJob).sort((a, b) => a.runAt.getTime() - b.runAt.getTime());
}

/**
 * claimDue() and the time until the next due job in one statement (the worker loop's round trip): the jobs
 * claimed, and the wait until the next pending job this claim left (null: none pending). The
 * wait is read from the statement's snapshot, so jobs committed meanwhile are not in it: those
 * scheduled here nudge the worker, those scheduled elsewhere are found by the next poll, as before.
 * `(select now())` keeps the time out of planning: with it as a constant, the planner probes the
 * due index for its actual extremes and walks its dead entries at every claim.
 */
export async function claimDueAndNext(
  q: Queryable,
  owner: string,
  limit: number,
  leaseMs: number,
  rowLocks = true,
): Promise<{ jobs: Job[]; nextDueMs: number | null }> {
  const rows = await q.query<Partial<JobRow> & { wait: number | null }>(
    `with due as (
       select id from jobs
       where finished_at is null and run_at <= (select now())
         and (lease_until is null or lease_until < (select now()))
       order by run_at
       limit $1
       ${rowLocks ? 'for update skip locked' : ''}),
     claimed as (
       update jobs j
       set state = 'running', lease_owner = $2, lease_until = now() + ${ms('$3')}, attempts = j.attempts + 1
       from due where j.id = due.id
       returning j.id, j.kind, j.payload, j.attempts, j.max_attempts, j.run_at, j.idempotency_key),
     next as (
       select extract(epoch from (min(run_at) - now())) * 1000 as wait from jobs
       where finished_at is null and state = 'pending' and id not in (select id from due))
     select c.*, next.wait from next left join claimed c on true`,
    [limit, owner, leaseMs],
  );
  const wait = rows[0]?.wait;
  const jobs = rows.flatMap((r) => (r.id == null ? [] : [toJob(r as JobRow)]));
  return {
    jobs: jobs.sort((a, b) => a.runAt.getTime() - b.runAt.getTime()),
    nextDueMs: wait == null ? null : Number(wait),
  };
}

/**
 * Marks finished runs done; returns how many were still ours.
 *
 * With `relaxed` (the worker, on PostgreSQL) the commit does not wait for the WAL flush, which
 * halves the worker's synchronous commits. Losing this write in a server crash only means the job
 * runs again once its lease expires, after this run ended: at-least-once, never twice at the same
 * time. Claims and renewals stay synchronous: losing one could let a second worker start a job
 * that is still running. set_config(…, true) lasts until the end of this statement's own
 * transaction, whose commit reads it.
 */
export function markDone(
  q: Queryable,
  owner: string,
  jobs: readonly Claimed[],
  relaxed = false,
): Promise<number> {
  return q.execute(
    `${relaxed ? "with relaxed as (select set_config('synchronous_commit', 'off', true))" : ''}
     update jobs j set state = 'done', finished_at = now(), lease_until = null
     from unnest($1::bigint[], $2::int[]) as d(id, attempts)${relaxed ? ', relaxed' : ''}
     where j.id = any($1::bigint[]) and j.id = d.id and j.attempts = d.attempts and j.lease_owner = $3
       and j.state = 'running'`,
    [ids(jobs), attempts(jobs), owner],
  );
}

/**
 * Records a failed run: back to 'pending' after `delayMs`, or 'dead' once attempts reach
 * max_attempts. Returns the new state, or undefined when the run was no longer ours.
 */
export async function markFailed(
  q: Queryable,
  owner: string,
  job: Claimed,
  error: string,
  delayMs: number,
): Promise<'pending' | 'dead' | undefined> {
  const row = await q.one<{ state: 'pending' | 'dead' }>(
    `update jobs set
       state = case when attempts >= max_attempts then 'dead' else 'pending' end,
       run_at = case when attempts >= max_attempts then run_at else now() + ${ms('$4')} end,
       finished_at = case when attempts >= max_attempts then now() end,
       lease_owner = null, lease_until = null, last_error = $5
     where id = $1 and lease_owner = $2 and attempts = $3 and state = 'running'
     returning state`,
    [job.id, owner, job.attempts, delayMs, error],
  );
  return row?.state;
}

/** Extends the leases of runs still ours; returns their ids (the others were lost). */
export async function renewLeases(
  q: Queryable,
  owner: string,
  jobs: readonly Claimed[],
  leaseMs: number,
): Promise<Set<number>> {
  const rows = await q.query<{ id: number }>(
    `update jobs j set lease_until = now() + ${ms('$4')}
     from unnest($1::bigint[], $2::int[]) as d(id, attempts)
     where j.id = any($1::bigint[]) and j.id = d.id and j.attempts = d.attempts and j.lease_owner = $3
       and j.state = 'running'
     returning j.id`,
    [ids(jobs), attempts(jobs), owner, leaseMs],
  );
  return new Set(rows.map((r) => r.id));
}

/**
 * Gives runs back without counting them as attempts (the worker stops, or holds the job already),
 * due again after `delayMs` (0: keep run_at, so another worker takes them at once).
 */
export function releaseLeases(q: Queryable, owner: string, jobs: readonly Claimed[], delayMs = 0) {
  return q.execute(
    `update jobs j set state = 'pending', lease_owner = null, lease_until = null,
       attempts = greatest(j.attempts - 1, 0),
       run_at = case when $4::float8 > 0 then now() + ${ms('$4')} else j.run_at end
     from unnest($1::bigint[], $2::int[]) as d(id, attempts)
     where j.id = any($1::bigint[]) and j.id = d.id and j.attempts = d.attempts and j.lease_owner = $3
       and j.state = 'running'`,
    [ids(jobs), attempts(jobs), owner, delayMs],
  );
}

/** Cancels a pending or running job; a running one loses its lease at the worker's next renewal. */
export async function cancelJob(
  q: Queryable,
  where: { id: number } | { key: string },
): Promise<number | undefined> {
  const [column, value] = 'id' in where ? ['id', where.id] : ['idempotency_key', where.key];
  const row = await q.one<{ id: number }>(
    `update jobs set state = 'cancelled', finished_at = now(), lease_until = null
     where ${column} = $1 and state in ('pending', 'running')
     returning id`,
    [value],
  );
  return row?.id;
}

/**
 * Vacuums and analyzes the table. Only for PGlite, which has no autovacuum: without it the dead
 * row versions every claim and completion leave behind slow the claim down, and the planner
 * works without statistics. Not inside a transaction.
 */
export async function vacuumJobs(q: Queryable) {
  await q.query('vacuum (analyze) jobs');
}

/** Deletes up to `limit` done or cancelled jobs finished more than `days` ago. */
export function deleteFinished(q: Queryable, days: number, limit: number): Promise<number> {
  return q.execute(
    `delete from jobs where id in (
       select id from jobs
       where finished_at < now() - ($1::float8 * interval '1 day') and state in ('done', 'cancelled')
       limit $2)`,
    [days, limit],
  );
}
