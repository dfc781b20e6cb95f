-- On-call: schedules, escalation policies, routing, integrations, incidents and their timeline.
-- Escalation steps and notifications are rows in `jobs` (0002); an incident's `generation`
-- grows with every change that makes a scheduled step stale (ack, resolve, reassign, repair),
-- so a step whose generation is not the incident's does nothing.

-- Layers (rotations, ordered: a higher position overrides a lower one) are validated JSON:
-- they are always read and written with their schedule.
create table oncall_schedules (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references orgs(id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  description text not null default '',
  time_zone text not null,
  layers jsonb not null default '[]',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index oncall_schedules_org on oncall_schedules (org_id, name);

create table oncall_overrides (
  id uuid primary key default gen_random_uuid(),
  schedule_id uuid not null references oncall_schedules(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at)
);
create index oncall_overrides_schedule on oncall_overrides (schedule_id, starts_at);

create table oncall_policies (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references orgs(id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  description text not null default '',
  urgency text not null default 'high' check (urgency in ('high', 'low')),
  repeat integer not null default 0 check (repeat between 0 and 20),
  ack_timeout_ms integer check (ack_timeout_ms > 0),
  levels jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index oncall_policies_org on oncall_policies (org_id, name);

create table oncall_routing_rules (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references orgs(id) on delete cascade,
  position integer not null,
  name text not null check (length(name) between 1 and 200),
  conditions jsonb not null default '{}',
  policy_id uuid not null references oncall_policies(id) on delete restrict,
  urgency text check (urgency in ('high', 'low')),
  created_at timestamptz not null default now()
);
create index oncall_routing_rules_org on oncall_routing_rules (org_id, position);

-- Integration keys: only the SHA-256 of the key is stored; `prefix` (not secret) finds the row.
create table oncall_integrations (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references orgs(id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  kind text not null check (kind in ('pagerduty', 'alertmanager')),
  prefix text not null unique,
  key_hash text not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  rotated_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index oncall_integrations_org on oncall_integrations (org_id, created_at);

create table oncall_incidents (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references orgs(id) on delete cascade,
  number bigserial,
  dedup_key text not null,
  source text not null,
  summary text not null,
  severity text not null check (severity in ('critical', 'error', 'warning', 'info')),
  urgency text not null check (urgency in ('high', 'low')),
  status text not null check (status in ('triggered', 'acknowledged', 'resolved')),
  details jsonb not null default '{}',
  labels jsonb not null default '{}',
  integration_id uuid references oncall_integrations(id) on delete set null,
  policy_id uuid references oncall_policies(id) on delete set null,
  routing_rule_id uuid references oncall_routing_rules(id) on delete set null,
  generation integer not null default 0,
  -- The next escalation step: level (-1: the assignees after a reassign) and round (repeat).
  next_level integer not null default 0,
  next_round integer not null default 0,
  next_step_at timestamptz,
  last_level integer not null default -1,
  last_round integer not null default 0,
  exhausted boolean not null default false,
  assignee_ids uuid[] not null default '{}',
  alert_count integer not null default 1,
  acked_by uuid references users(id) on delete set null,
  acked_at timestamptz,
  ack_until timestamptz,
  resolved_by uuid references users(id) on delete set null,
  resolved_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- Same dedup key joins the open incident; after resolve a trigger opens a new one.
create unique index oncall_incidents_open_dedup on oncall_incidents (org_id, dedup_key) where status <> 'resolved';
create index oncall_incidents_org on oncall_incidents (org_id, created_at desc, id);
create index oncall_incidents_open on oncall_incidents (status, next_step_at) where status <> 'resolved';

-- Individual alerts of an incident (an Alertmanager group has several; repeats of one key count up).
create table oncall_alerts (
  id bigserial primary key,
  incident_id uuid not null references oncall_incidents(id) on delete cascade,
  alert_key text not null,
  status text not null check (status in ('firing', 'resolved')),
  summary text not null,
  severity text not null,
  labels jsonb not null default '{}',
  details jsonb not null default '{}',
  events integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (incident_id, alert_key)
);

create table oncall_timeline (
  id bigserial primary key,
  incident_id uuid not null references oncall_incidents(id) on delete cascade,
  at timestamptz not null default now(),
  kind text not null,
  actor_user_id uuid,
  user_id uuid,
  channel text,
  details jsonb not null default '{}'
);
create index oncall_timeline_incident on oncall_timeline (incident_id, id);

-- Per-user notification rules: each is a durable job delayed by delay_ms from the page.
create table oncall_notification_rules (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users(id) on delete cascade,
  channel text not null check (channel in ('in_app', 'email', 'webhook', 'slack', 'matrix')),
  delay_ms integer not null default 0 check (delay_ms between 0 and 86400000),
  urgency text not null default 'any' check (urgency in ('any', 'high', 'low')),
  target text,
  secret text,
  created_at timestamptz not null default now()
);
create index oncall_notification_rules_user on oncall_notification_rules (user_id, created_at);

-- Calendar subscription secrets (per user, hashed) for iCalendar feeds.
create table oncall_calendar_tokens (
  user_id uuid primary key references users(id) on delete cascade,
  prefix text not null unique,
  token_hash text not null,
  created_at timestamptz not null default now()
);

-- One-click acknowledge links: a link's id is recorded when used, so each works once.
create table oncall_ack_links_used (
  jti text primary key,
  incident_id uuid not null,
  user_id uuid not null,
  used_at timestamptz not null default now(),
  expires_at timestamptz not null
);
