-- Detection: attacks found by the collect role, a per-second traffic series per attack and
-- vector for the graph, and the collectors with their exporters' statistics (written by the
-- collect role every few seconds, read by the API on any node).

create table attacks (
  id uuid primary key,
  -- Null until an org is configured for the collector (the attack is stored, not yet visible).
  org_id uuid references orgs(id) on delete cascade,
  collector text not null,
  scope text not null check (scope in ('host', 'prefix')),
  target text not null,
  prefix text,
  hostgroup text,
  direction text not null check (direction in ('incoming', 'outgoing')),
  classification text not null,
  vectors jsonb not null default '[]',
  state text not null check (state in ('active', 'ended')),
  started_at timestamptz not null,
  updated_at timestamptz not null,
  ended_at timestamptz,
  detected_at timestamptz not null,
  first_seen_at timestamptz not null,
  current jsonb not null,
  peak jsonb not null,
  breakdown jsonb not null default '{}',
  top_sources jsonb not null default '[]',
  top_source_ports jsonb not null default '[]',
  top_destination_ports jsonb not null default '[]',
  top_source_asns jsonb not null default '[]',
  sample_flows jsonb not null default '[]',
  spoofing text not null check (spoofing in ('low', 'medium', 'high')),
  thresholds jsonb not null default '{}'
);
create index attacks_org_started on attacks (org_id, started_at desc, id desc);
create index attacks_org_state on attacks (org_id, state, started_at desc, id desc);
create index attacks_collector_active on attacks (collector) where state = 'active';

-- One row per attack, second and vector; the writer stops adding rows for very long attacks
-- except once a minute, so a week-long attack stays a few thousand rows.
create table attack_samples (
  attack_id uuid not null references attacks(id) on delete cascade,
  at timestamptz not null,
  vector text not null,
  pps double precision not null,
  bps double precision not null,
  primary key (attack_id, at, vector)
);

create table collectors (
  name text primary key,
  org_id uuid references orgs(id) on delete set null,
  info jsonb not null default '{}',
  started_at timestamptz not null,
  updated_at timestamptz not null
);
create index collectors_org on collectors (org_id);

create table collector_exporters (
  collector text not null references collectors(name) on delete cascade,
  exporter text not null,
  protocol text,
  stats jsonb not null,
  last_seen_at timestamptz,
  updated_at timestamptz not null,
  primary key (collector, exporter)
);
