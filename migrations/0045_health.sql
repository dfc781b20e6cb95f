-- Tenant resource health: a provider's customers (other orgs, signing in with the platform
-- identity), their resources, what the health module has seen of attacks and incidents (a
-- projection of bus events, so it never reads other modules' tables), and problem reports.

create table health_customers (
  provider_org_id uuid not null references orgs(id) on delete cascade,
  customer_org_id uuid not null references orgs(id) on delete cascade,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (provider_org_id, customer_org_id),
  check (provider_org_id <> customer_org_id)
);
create index health_customers_customer on health_customers (customer_org_id);

create table health_resources (
  id uuid primary key default gen_random_uuid(),
  provider_org_id uuid not null,
  customer_org_id uuid not null,
  kind text not null check (kind in ('address', 'prefix', 'instance', 'volume', 'region')),
  -- Canonical text: addresses and prefixes re-formatted from their parsed value.
  identifier text not null check (length(identifier) between 1 and 200),
  name text not null check (length(name) between 1 and 200),
  region text check (length(region) between 1 and 100),
  component_id text check (length(component_id) between 1 and 100),
  -- The address or prefix as a network, for "is this attack target inside" lookups.
  network cidr,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (provider_org_id, kind, identifier),
  foreign key (provider_org_id, customer_org_id)
    references health_customers (provider_org_id, customer_org_id) on delete cascade,
  check ((kind in ('address', 'prefix')) = (network is not null))
);
create index health_resources_customer on health_resources (customer_org_id, kind, identifier);
create index health_resources_network on health_resources (provider_org_id) where network is not null;

-- The last state of each attack the provider's detection published (attack.* events), with
-- the mitigation state from mitigation.* events. Only rates and vectors: never sources or flows.
create table health_attacks (
  id uuid primary key,
  provider_org_id uuid not null references orgs(id) on delete cascade,
  target text not null,
  target_network cidr not null,
  classification text not null,
  vectors jsonb not null default '[]',
  state text not null check (state in ('active', 'ended')),
  pps double precision not null default 0,
  bps double precision not null default 0,
  peak_pps double precision not null default 0,
  peak_bps double precision not null default 0,
  mitigation text,
  mitigation_kinds jsonb not null default '[]',
  started_at timestamptz not null,
  updated_at timestamptz not null,
  ended_at timestamptz
);
create index health_attacks_provider on health_attacks (provider_org_id, state, updated_at desc);

-- One rate point per attack event, for the customer's graph.
create table health_attack_samples (
  attack_id uuid not null references health_attacks(id) on delete cascade,
  at timestamptz not null,
  pps double precision not null,
  bps double precision not null,
  primary key (attack_id, at)
);

-- On-call incidents (incident.* events) and public status-page incidents and maintenance
-- (status.update.published): only what matching needs. `public` rows came from a published
-- status page (TLP:CLEAR), so customers may read their summary; on-call summaries are internal.
create table health_incidents (
  -- On-call incident ids, or `status:<id>` for status-page incidents.
  id text primary key,
  provider_org_id uuid not null references orgs(id) on delete cascade,
  source text not null check (source in ('oncall', 'status')),
  public boolean not null default false,
  status text not null,
  severity text,
  summary text not null,
  target text,
  region text,
  components text[] not null default '{}',
  resource_id uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index health_incidents_open on health_incidents (provider_org_id) where status <> 'resolved';

create table health_settings (
  provider_org_id uuid primary key references orgs(id) on delete cascade,
  always_page boolean not null default false,
  lookback_minutes integer not null default 30 check (lookback_minutes between 1 and 1440),
  updated_at timestamptz not null default now()
);

create table health_reports (
  id uuid primary key default gen_random_uuid(),
  provider_org_id uuid not null,
  customer_org_id uuid not null,
  resource_id uuid not null references health_resources(id) on delete cascade,
  kind text not null,
  description text not null check (length(description) <= 2000),
  state text not null check (state in ('received', 'investigating', 'confirmed', 'resolved')),
  evidence jsonb not null default '{}',
  paged_reason text,
  incident_id uuid,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  first_response_at timestamptz,
  first_response_by uuid references users(id) on delete set null,
  resolved_at timestamptz,
  foreign key (provider_org_id, customer_org_id)
    references health_customers (provider_org_id, customer_org_id) on delete cascade
);
create index health_reports_provider on health_reports (provider_org_id, created_at desc, id desc);
create index health_reports_customer on health_reports (customer_org_id, created_at desc, id desc);
create index health_reports_incident on health_reports (incident_id) where incident_id is not null;

-- What a provider's people answered; customers see these.
create table health_report_responses (
  id uuid primary key default gen_random_uuid(),
  report_id uuid not null references health_reports(id) on delete cascade,
  author_user_id uuid references users(id) on delete set null,
  author_name text not null,
  message text not null check (length(message) <= 4000),
  state text,
  created_at timestamptz not null default now()
);
create index health_report_responses_report on health_report_responses (report_id, created_at);
