-- Teams: named sets of people within an org, usable as escalation targets. A team may have its
-- own on-call schedule: then a page goes to whoever is on call there (every member when nobody
-- is), otherwise to every member. Policies name teams inside their levels (JSON), so deleting
-- a team that a policy uses is refused by the service, as for schedules.
create table oncall_teams (
  id uuid primary key default gen_random_uuid(),
  org_id uuid not null references orgs(id) on delete cascade,
  name text not null check (length(name) between 1 and 200),
  description text not null default '',
  schedule_id uuid references oncall_schedules(id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index oncall_teams_org_name on oncall_teams (org_id, lower(name));

create table oncall_team_members (
  team_id uuid not null references oncall_teams(id) on delete cascade,
  user_id uuid not null references users(id) on delete cascade,
  position integer not null,
  primary key (team_id, user_id)
);
create index oncall_team_members_user on oncall_team_members (user_id);
