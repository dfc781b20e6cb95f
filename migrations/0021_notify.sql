-- Notifications: one row per delivery (the delivery log), endpoint health for outgoing
-- webhooks, and server-side secrets generated on first use (never in the repository).

create table notify_deliveries (
  id uuid primary key default gen_random_uuid(),
  idempotency_key text not null unique,
  channel text not null check (channel in ('in_app', 'email', 'webhook', 'slack', 'matrix')),
  target jsonb not null,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed', 'skipped')),
  attempts integer not null default 0,
  last_error text,
  org_id uuid references orgs(id) on delete cascade,
  owner_user_id uuid references users(id) on delete set null,
  ref_type text,
  ref_id text,
  endpoint_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  delivered_at timestamptz
);
create index notify_deliveries_ref on notify_deliveries (ref_type, ref_id, created_at);
create index notify_deliveries_org on notify_deliveries (org_id, created_at desc, id);
create index notify_deliveries_endpoint on notify_deliveries (endpoint_id, created_at desc) where endpoint_id is not null;

-- One row per webhook URL and owner: consecutive failed attempts disable it.
create table notify_endpoints (
  id uuid primary key default gen_random_uuid(),
  url_hash text not null,
  owner_user_id uuid,
  org_id uuid,
  url text not null,
  consecutive_failures integer not null default 0,
  disabled_at timestamptz,
  last_error text,
  updated_at timestamptz not null default now(),
  unique nulls not distinct (url_hash, owner_user_id)
);

create table server_secrets (
  name text primary key,
  value text not null,
  created_at timestamptz not null default now()
);
