-- Durable jobs and timers: claimed with a lease, retried with backoff, deduplicated by key.
-- A claim takes due rows (pending, or running with an expired lease) with FOR UPDATE SKIP LOCKED,
-- so several workers never run one job at once; attempts counts claims, so a job whose worker
-- keeps dying ends up 'dead' instead of looping for ever.
--
-- Every claim and lease renewal rewrites a row, so the indexes avoid the columns those writes
-- change (state, lease_*, attempts): such updates are HOT (no new index entries, the dead version
-- pruned in place), and free space is left in each page for them. "Not finished" stands for
-- state in ('pending', 'running'): finished_at is set exactly when a job is done, dead or cancelled.
create table jobs (
  id bigserial primary key,
  kind text not null check (length(kind) between 1 and 200),
  payload jsonb not null default '{}',
  run_at timestamptz not null default now(),
  state text not null default 'pending' check (state in ('pending', 'running', 'done', 'dead', 'cancelled')),
  attempts integer not null default 0,
  max_attempts integer not null default 10 check (max_attempts >= 1),
  -- Taken while the row exists (done, dead and cancelled jobs included, until cleanup).
  idempotency_key text,
  lease_owner text,
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  check ((finished_at is null) = (state in ('pending', 'running')))
) with (fillfactor = 80);
create unique index jobs_idempotency_key on jobs (idempotency_key) where idempotency_key is not null;
-- Claims and the "next due" query walk this in run_at order.
create index jobs_due on jobs (run_at) where finished_at is null;
-- Cleanup of old finished jobs.
create index jobs_finished on jobs (finished_at) where finished_at is not null;
