-- Collective defense: attack indicators, each org's sharing policy, and early flags raised when
-- an org's attack matches indicators its peers shared.

-- One row per org (absent: sharing off, peers' indicators unused).
create table intel_policies (
  org_id uuid primary key references orgs(id) on delete cascade,
  mode text not null default 'off' check (mode in ('off', 'propose', 'automatic')),
  space_id uuid references spaces(id) on delete set null,
  default_tlp text not null default 'GREEN'
    check (default_tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  recipient_org_ids uuid[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  anonymisation text not null default 'generalise' check (anonymisation in ('exact', 'generalise', 'hide')),
  min_confidence integer not null default 0 check (min_confidence between 0 and 100),
  expiry_hours integer not null default 24 check (expiry_hours between 1 and 8760),
  -- Using peers' indicators: off, flag matching attacks, and also propose (or announce) FlowSpec.
  peer_mode text not null default 'off' check (peer_mode in ('off', 'flag', 'propose', 'automatic')),
  updated_at timestamptz not null default now(),
  updated_by uuid references users(id) on delete set null
);

-- An indicator: derived from an attack (attack_id set, one per attack) or written by hand.
-- `content` is the derived signature (vector, ports, flags, sources, reflectors, generalised
-- target, rates, first/last seen, confidence), checked by the application's schema.
-- proposed → shared | rejected; shared → withdrawn. Peers read shared and withdrawn ones
-- (a withdrawal is news for them too), under the label and through the space.
create table intel_indicators (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references orgs(id) on delete cascade,
  attack_id text check (attack_id is null or length(attack_id) between 1 and 200),
  origin text not null check (origin in ('attack', 'manual')),
  state text not null check (state in ('proposed', 'shared', 'rejected', 'withdrawn')),
  content jsonb not null,
  vector text not null,
  tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  recipient_org_ids uuid[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  space_id uuid references spaces(id) on delete set null,
  case_id uuid references cases(id) on delete set null,
  post_id uuid,
  share_error text,
  author_id uuid references users(id) on delete set null,
  decided_by uuid references users(id) on delete set null,
  expires_at timestamptz not null,
  attack_ended_at timestamptz,
  shared_at timestamptz,
  withdrawn_at timestamptz,
  created_at timestamptz not null default now(),
  -- Millisecond precision: it is the TAXII date_added and a paging key that round-trips through JS dates.
  updated_at timestamptz not null default date_trunc('milliseconds', now()),
  unique (org_id, attack_id)
);
create index intel_indicators_org on intel_indicators (org_id, created_at desc, id);
create index intel_indicators_space on intel_indicators (space_id, updated_at, id) where state in ('shared', 'withdrawn');

-- An attack of this org matched indicators its peers shared (the first match is kept).
create table intel_matches (
  org_id uuid not null references orgs(id) on delete cascade,
  attack_id text not null check (length(attack_id) between 1 and 200),
  target text not null,
  matches jsonb not null,
  mitigation_id uuid,
  created_at timestamptz not null default now(),
  primary key (org_id, attack_id)
);
