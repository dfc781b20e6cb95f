-- Public CSAF 2.0 VEX advisories. A provider org publishes one advisory per coordination case;
-- every republish is a new numbered revision whose exact JSON bytes are kept for ever (the
-- public URLs serve those bytes, so ETags and hashes stay stable).

create table advisories (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references orgs(id) on delete cascade,
  -- The case it was built from; the advisory stays public if the case goes away.
  case_id uuid references cases(id) on delete set null,
  tracking_id text not null check (tracking_id ~ '^[a-z0-9][a-z0-9-]{0,98}[a-z0-9]$'),
  -- Per-org sequence behind the tracking id (acme-2018-0001).
  seq integer not null check (seq > 0),
  title text not null check (length(title) between 1 and 300),
  initial_release_date timestamptz not null,
  current_release_date timestamptz not null,
  current_version integer not null check (current_version > 0),
  created_at timestamptz not null default now(),
  unique (org_id, tracking_id),
  unique (org_id, seq),
  unique (org_id, case_id)
);
-- changes.csv and index.txt: newest change first, per org.
create index advisories_org_changed on advisories (org_id, current_release_date desc);

create table advisory_revisions (
  advisory_id uuid not null references advisories(id) on delete cascade,
  version integer not null check (version > 0),
  summary text not null check (length(summary) between 1 and 1000),
  -- The document exactly as served (text, not jsonb: key order and bytes must not change).
  document text not null,
  sha256 text not null,
  sha512 text not null,
  published_by uuid references users(id) on delete set null,
  published_at timestamptz not null,
  primary key (advisory_id, version)
);

-- Revisions are immutable: a correction is a new revision, never an edit.
create function advisory_revisions_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'advisory revisions are immutable';
end $$;
create trigger advisory_revisions_no_update before update on advisory_revisions
  for each row execute function advisory_revisions_immutable();
