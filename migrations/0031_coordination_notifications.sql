-- Coordination notifications: new cases, mentions, status matrix changes, per person.
-- A row holds references only (case, item, version), never text: its title and preview are
-- rendered at read time through the policy module's predicates, so a label narrowed later or
-- an org that leaves the space hides the notification at once.
create table coordination_notifications (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  user_id uuid not null references users(id) on delete cascade,
  kind text not null check (kind in ('case_created', 'mention_user', 'mention_org', 'matrix_changed')),
  space_id uuid not null references spaces(id) on delete cascade,
  case_id uuid not null references cases(id) on delete cascade,
  item_type text not null check (item_type in ('case', 'post', 'matrix_row')),
  item_id uuid not null,
  -- Matrix changes: the history version told about; 0 for cases and posts (one per person and item).
  item_version integer not null default 0,
  -- A mention of an org: which one (the reader's org that was mentioned).
  via_org_id uuid references orgs(id) on delete cascade,
  actor_id uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  read_at timestamptz,
  unique (user_id, item_type, item_id, item_version)
);
create index coordination_notifications_user on coordination_notifications (user_id, seq desc);
create index coordination_notifications_unread on coordination_notifications (user_id) where read_at is null;

-- Per-person choices; no row means the defaults (email on when the platform has SMTP).
create table coordination_notification_settings (
  user_id uuid primary key references users(id) on delete cascade,
  email boolean not null default true,
  updated_at timestamptz not null default now()
);
