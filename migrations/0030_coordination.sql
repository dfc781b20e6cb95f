-- Consortium coordination: spaces, cases, posts, attachments, status matrix, vendor questions.
-- Every labelled row carries the same visibility columns (space_id, org_id = the source org,
-- tlp, recipient_org_ids, recipient_user_ids) and is read only through the policy module's
-- SQL predicate (src/policy/coordination.ts), joined to its case (the case label gates it).

create table spaces (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  description text not null default '' check (length(description) <= 4000),
  default_tlp text not null default 'AMBER+STRICT'
    check (default_tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT')),
  layers text[] not null default '{}',
  founding_org_id uuid not null references orgs(id) on delete cascade,
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now()
);

-- One row per org that ever joined; only 'active' rows grant reads (checked at read time).
create table space_orgs (
  space_id uuid not null references spaces(id) on delete cascade,
  org_id uuid not null references orgs(id) on delete cascade,
  status text not null check (status in ('active', 'left', 'removed')),
  joined_at timestamptz not null default now(),
  ended_at timestamptz,
  primary key (space_id, org_id)
);
create index space_orgs_org on space_orgs (org_id, space_id) where status = 'active';

-- Space roles per person, on top of org roles (absent: derived from the org role).
create table space_user_roles (
  space_id uuid not null references spaces(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  role text not null check (role in ('admin', 'member', 'observer')),
  primary key (space_id, user_id)
);

-- An org joins when both sides approved: an admin of the inviting org and one of the invited org.
create table space_invitations (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  inviting_org_id uuid not null references orgs(id) on delete cascade,
  org_id uuid references orgs(id) on delete cascade,
  code_hash text unique,
  created_by uuid references users(id) on delete set null,
  inviter_approved_by uuid references users(id) on delete set null,
  inviter_approved_at timestamptz,
  invitee_approved_by uuid references users(id) on delete set null,
  invitee_approved_at timestamptz,
  status text not null default 'pending' check (status in ('pending', 'accepted', 'declined', 'revoked')),
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  check (org_id is not null or code_hash is not null)
);
create unique index space_invitations_open on space_invitations (space_id, org_id)
  where status = 'pending' and org_id is not null;
create index space_invitations_org on space_invitations (org_id, status);

create table cases (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  org_id uuid not null references orgs(id) on delete cascade,
  author_id uuid references users(id) on delete set null,
  kind text not null check (kind in ('vulnerability', 'incident')),
  title text not null check (length(title) between 1 and 300),
  cve_ids text[] not null default '{}',
  cve_text text not null default '',
  layers text[] not null default '{}',
  embargo_at timestamptz,
  state text not null default 'open' check (state in ('open', 'monitoring', 'closed')),
  tlp text not null default 'GREEN' check (tlp in ('CLEAR', 'GREEN')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search tsvector generated always as (to_tsvector('english', title || ' ' || cve_text)) stored
);
create index cases_space on cases (space_id, created_at desc);
create index cases_search on cases using gin (search);

-- The pinned "current status": every revision kept, each with its own label.
create table case_statuses (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  case_id uuid not null references cases(id) on delete cascade,
  space_id uuid not null references spaces(id) on delete cascade,
  org_id uuid not null references orgs(id) on delete cascade,
  author_id uuid references users(id) on delete set null,
  tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  recipient_org_ids uuid[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  body_md text not null,
  body_html text not null,
  created_at timestamptz not null default now()
);
create index case_statuses_case on case_statuses (case_id, seq desc);

create table posts (
  id uuid primary key default gen_random_uuid(),
  seq bigint generated always as identity unique,
  case_id uuid not null references cases(id) on delete cascade,
  space_id uuid not null references spaces(id) on delete cascade,
  org_id uuid not null references orgs(id) on delete cascade,
  author_id uuid references users(id) on delete set null,
  reply_to uuid references posts(id) on delete set null,
  quotes boolean not null default false,
  tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  recipient_org_ids uuid[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  body_md text not null,
  body_html text not null,
  mentions jsonb not null default '[]',
  revision integer not null default 1,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  search tsvector generated always as (to_tsvector('english', body_md)) stored
);
create index posts_case on posts (case_id, seq);
create index posts_search on posts using gin (search);

-- Every revision of a post (the current one included), each with its own label.
create table post_revisions (
  post_id uuid not null references posts(id) on delete cascade,
  revision integer not null,
  case_id uuid not null references cases(id) on delete cascade,
  space_id uuid not null references spaces(id) on delete cascade,
  org_id uuid not null references orgs(id) on delete cascade,
  author_id uuid references users(id) on delete set null,
  tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  recipient_org_ids uuid[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  body_md text not null,
  body_html text not null,
  created_at timestamptz not null default now(),
  primary key (post_id, revision)
);

create table attachments (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id) on delete cascade,
  space_id uuid not null references spaces(id) on delete cascade,
  post_id uuid references posts(id) on delete set null,
  org_id uuid not null references orgs(id) on delete cascade,
  author_id uuid references users(id) on delete set null,
  tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  recipient_org_ids uuid[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  filename text not null check (length(filename) between 1 and 255),
  content_type text not null,
  size_bytes integer not null,
  sha256 text not null,
  content bytea not null,
  created_at timestamptz not null default now()
);
create index attachments_case on attachments (case_id, created_at);

-- Status matrix: one row per org × component layer × CVE of a case; history keeps each change.
create table matrix_rows (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id) on delete cascade,
  space_id uuid not null references spaces(id) on delete cascade,
  org_id uuid not null references orgs(id) on delete cascade,
  author_id uuid references users(id) on delete set null,
  layer text not null,
  cve_id text not null,
  status text not null check (status in
    ('under_investigation', 'affected', 'mitigation_in_progress', 'fixed', 'not_affected')),
  justification text check (justification in ('component_not_present', 'vulnerable_code_not_present',
    'vulnerable_code_not_in_execute_path', 'vulnerable_code_cannot_be_controlled_by_adversary',
    'inline_mitigations_already_exist')),
  rollout jsonb not null default '[]',
  statement text not null default '',
  source_post_id uuid references posts(id) on delete set null,
  tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  recipient_org_ids uuid[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  unique (case_id, org_id, layer, cve_id),
  check ((status = 'not_affected') = (justification is not null))
);
create index matrix_rows_space on matrix_rows (space_id);

create table matrix_history (
  id uuid primary key default gen_random_uuid(),
  row_id uuid not null references matrix_rows(id) on delete cascade,
  version integer not null,
  case_id uuid not null references cases(id) on delete cascade,
  space_id uuid not null references spaces(id) on delete cascade,
  org_id uuid not null references orgs(id) on delete cascade,
  author_id uuid references users(id) on delete set null,
  status text not null,
  justification text,
  rollout jsonb not null,
  statement text not null,
  tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  recipient_org_ids uuid[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  created_at timestamptz not null default now(),
  unique (row_id, version)
);

create table vendor_questions (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id) on delete cascade,
  space_id uuid not null references spaces(id) on delete cascade,
  org_id uuid not null references orgs(id) on delete cascade,
  author_id uuid references users(id) on delete set null,
  vendor text not null check (length(vendor) between 1 and 200),
  body_md text not null,
  body_html text not null,
  status text not null default 'open' check (status in ('open', 'answered', 'partially_answered')),
  source_post_id uuid references posts(id) on delete set null,
  tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  recipient_org_ids uuid[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index vendor_questions_case on vendor_questions (case_id, created_at);

create table vendor_answers (
  id uuid primary key default gen_random_uuid(),
  question_id uuid not null references vendor_questions(id) on delete cascade,
  case_id uuid not null references cases(id) on delete cascade,
  space_id uuid not null references spaces(id) on delete cascade,
  org_id uuid not null references orgs(id) on delete cascade,
  author_id uuid references users(id) on delete set null,
  body_md text not null,
  body_html text not null,
  sources text[] not null default '{}',
  source_post_id uuid references posts(id) on delete set null,
  tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  recipient_org_ids uuid[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  created_at timestamptz not null default now()
);
create index vendor_answers_question on vendor_answers (question_id, created_at);

-- "We need this too": one vote per org.
create table question_votes (
  question_id uuid not null references vendor_questions(id) on delete cascade,
  org_id uuid not null references orgs(id) on delete cascade,
  user_id uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (question_id, org_id)
);

-- Unread markers: the newest post seq a reader (person or API token) has seen in a case.
create table case_reads (
  reader_id uuid not null,
  case_id uuid not null references cases(id) on delete cascade,
  last_seq bigint not null default 0,
  primary key (reader_id, case_id)
);

-- A reader asks the source to widen a label.
create table remark_requests (
  id uuid primary key default gen_random_uuid(),
  space_id uuid not null references spaces(id) on delete cascade,
  item_type text not null check (item_type in ('post', 'attachment', 'status', 'matrix_row', 'question', 'answer')),
  item_id uuid not null,
  requested_by uuid references users(id) on delete set null,
  requester_org_id uuid not null references orgs(id) on delete cascade,
  tlp text not null check (tlp in ('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED')),
  recipient_org_ids uuid[] not null default '{}',
  recipient_user_ids uuid[] not null default '{}',
  reason text not null default '',
  status text not null default 'pending' check (status in ('pending', 'approved', 'declined')),
  decided_by uuid references users(id) on delete set null,
  decided_at timestamptz,
  created_at timestamptz not null default now()
);
create index remark_requests_item on remark_requests (item_type, item_id);
