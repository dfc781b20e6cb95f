-- Public status pages (capability 10): one page per provider org, its components and groups,
-- incidents and scheduled maintenance (one table, `kind` tells them apart, as in Statuspage),
-- numbered updates, and a log of component status changes from which 90-day uptime is computed.
-- Everything here is public by definition (TLP:CLEAR); ids are short random strings because
-- they appear in public URLs and in the Statuspage-compatible JSON.

create table status_pages (
  id text primary key,
  org_id uuid not null unique references orgs(id) on delete cascade,
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{0,48}[a-z0-9]$'),
  name text not null check (length(name) between 1 and 200),
  custom_host text unique check (custom_host is null or custom_host ~ '^[a-z0-9.-]{1,253}$'),
  published boolean not null default false,
  time_zone text not null default 'Etc/UTC',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

-- A group is a component with is_group = true; its members point to it with group_id.
create table status_components (
  id text primary key,
  page_id text not null references status_pages(id) on delete cascade,
  group_id text references status_components(id) on delete set null,
  is_group boolean not null default false,
  name text not null check (length(name) between 1 and 200),
  description text not null default '',
  status text not null default 'operational' check (status in
    ('operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance')),
  position integer not null default 0,
  showcase boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index status_components_page on status_components (page_id, position);

-- Every status a component has entered, with when: the uptime history reads this.
create table status_component_events (
  id bigserial primary key,
  component_id text not null references status_components(id) on delete cascade,
  status text not null,
  at timestamptz not null default now()
);
create index status_component_events_component on status_component_events (component_id, at);

create table status_incidents (
  id text primary key,
  page_id text not null references status_pages(id) on delete cascade,
  kind text not null check (kind in ('incident', 'maintenance')),
  name text not null check (length(name) between 1 and 200),
  status text not null,
  impact text not null check (impact in ('none', 'minor', 'major', 'critical', 'maintenance')),
  scheduled_for timestamptz,
  scheduled_until timestamptz,
  auto_transition boolean not null default false,
  component_ids text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  started_at timestamptz not null default now(),
  monitoring_at timestamptz,
  resolved_at timestamptz,
  check (
    (kind = 'incident' and status in ('investigating', 'identified', 'monitoring', 'resolved', 'postmortem'))
    or (kind = 'maintenance' and status in ('scheduled', 'in_progress', 'verifying', 'completed')
        and scheduled_for is not null and scheduled_until > scheduled_for)
  )
);
create index status_incidents_page on status_incidents (page_id, created_at desc);

-- Numbered updates ("Update #7"); `affected` is [{code, name, old_status, new_status}].
create table status_incident_updates (
  id text primary key,
  incident_id text not null references status_incidents(id) on delete cascade,
  number integer not null check (number >= 1),
  status text not null,
  body text not null check (length(body) between 1 and 20000),
  affected jsonb not null default '[]',
  created_by uuid references users(id) on delete set null,
  created_at timestamptz not null default now(),
  unique (incident_id, number)
);
