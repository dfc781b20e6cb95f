-- Organisations, people, and how they sign in. Auth (platform) and identity (module) share these.
create table orgs (
  id uuid primary key default gen_random_uuid(),
  handle text not null unique check (handle ~ '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$'),
  name text not null check (length(name) between 1 and 200),
  kind text not null default 'provider' check (kind in ('provider', 'customer')),
  parent_org_id uuid references orgs(id),
  created_at timestamptz not null default now()
);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email)),
  name text not null check (length(name) between 1 and 200),
  password_hash text not null,
  disabled_at timestamptz,
  created_at timestamptz not null default now()
);

create table memberships (
  org_id uuid not null references orgs(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'responder', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user on memberships (user_id);

-- Only SHA-256 hashes of session and API tokens are stored.
create table sessions (
  id_hash text primary key,
  user_id uuid not null references users(id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index sessions_user on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references orgs(id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  role text not null check (role in ('owner', 'admin', 'responder', 'viewer')),
  token_hash text not null unique,
  prefix text not null,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_org on api_tokens (org_id);

create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  org_id uuid references orgs(id) on delete cascade,
  actor_user_id uuid,
  actor_token_id uuid,
  action text not null,
  target_type text,
  target_id text,
  ip text,
  details jsonb not null default '{}'
);
create index audit_log_org on audit_log (org_id, id desc);
