-- Mitigation: RTBH / FlowSpec announcements proposed for attacks, their history, per-org settings,
-- the attacks as the detection bus last described them, and the runs of action hooks.

-- One JSON document per org (validated by the application); absent means the defaults.
create table mitigation_settings (
  org_id uuid primary key references orgs(id) on delete cascade,
  settings jsonb not null,
  updated_at timestamptz not null default now(),
  updated_by uuid
);

-- The last description of each attack seen on the bus; 'ended' never turns back to 'active',
-- so events handled out of order (several workers, a replay) cannot revive an attack.
create table mitigation_attacks (
  org_id uuid not null references orgs(id) on delete cascade,
  attack_id text not null check (length(attack_id) between 1 and 200),
  state text not null check (state in ('active', 'ended')),
  data jsonb not null,
  ended_at timestamptz,
  updated_at timestamptz not null default now(),
  primary key (org_id, attack_id)
);

-- At most one mitigation per attack: a repeated or replayed attack event never proposes twice.
-- proposed → pending (approved or automatic) → announcing → announced → withdrawing → withdrawn;
-- side exits: rejected, expired (never approved), cancelled (withdrawn before it was sent),
-- failed (could not announce), withdraw_failed (still announced: needs a person).
create table mitigations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references orgs(id) on delete cascade,
  attack_id text not null,
  target text not null,
  classification text not null,
  state text not null check (state in ('proposed', 'pending', 'announcing', 'announced', 'withdrawing',
    'withdrawn', 'withdraw_failed', 'rejected', 'expired', 'cancelled', 'failed')),
  rules jsonb not null,
  refused jsonb not null default '[]',
  notes jsonb not null default '[]',
  rule_count integer not null check (rule_count >= 0),
  -- The driver settings used for the announcement; the withdrawal goes the same way.
  driver jsonb,
  error text,
  attack_ended_at timestamptz,
  announced_at timestamptz,
  withdrawn_at timestamptz,
  expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (org_id, attack_id)
);
create index mitigations_org_recent on mitigations (org_id, created_at desc, id desc);
-- What counts against the org's limit of concurrent announcements.
create index mitigations_live on mitigations (org_id)
  where state in ('announcing', 'announced', 'withdrawing', 'withdraw_failed');

-- Every step, who took it, and the exact text sent with its outcome.
create table mitigation_events (
  id bigserial primary key,
  mitigation_id uuid not null references mitigations(id) on delete cascade,
  at timestamptz not null default now(),
  kind text not null,
  actor_user_id uuid,
  actor_token_id uuid,
  driver text,
  sent text,
  output text,
  outcome text not null check (outcome in ('ok', 'error', 'info')),
  error text,
  details jsonb not null default '{}'
);
create index mitigation_events_mitigation on mitigation_events (mitigation_id, id);

create table mitigation_hook_runs (
  id bigserial primary key,
  org_id uuid not null references orgs(id) on delete cascade,
  hook_id text not null,
  kind text not null check (kind in ('exec', 'webhook')),
  attack_id text not null,
  event text not null,
  attempt integer not null,
  at timestamptz not null default now(),
  duration_ms integer not null,
  outcome text not null check (outcome in ('ok', 'error')),
  exit_code integer,
  http_status integer,
  output text,
  error text
);
create index mitigation_hook_runs_org on mitigation_hook_runs (org_id, id desc);
