import type { SectionProps } from '../../App.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { atLeast } from '../../format.ts';
import { Link } from '../../router.tsx';
import { NotFound } from '../NotFound.tsx';
import { Deliveries } from './Deliveries.tsx';
import { Integrations } from './Integrations.tsx';
import { Policies } from './Policies.tsx';
import { RoutingRules } from './RoutingRules.tsx';
import { ScheduleDetail } from './ScheduleDetail.tsx';
import { Schedules } from './Schedules.tsx';
import { Teams } from './Teams.tsx';

const TABS = [
  { path: 'schedules', label: 'Schedules', admin: false },
  { path: 'teams', label: 'Teams', admin: false },
  { path: 'policies', label: 'Escalation policies', admin: false },
  { path: 'routing', label: 'Routing rules', admin: false },
  { path: 'integrations', label: 'Integrations', admin: true },
  { path: 'deliveries', label: 'Delivery log', admin: true },
] as const;

/** On-call configuration: schedules, teams, escalation policies, routing rules, integration keys. */
export function OnCall({ org, sub }: SectionProps) {
  const [tab = 'schedules', id, ...more] = sub;
  if (more.length > 0 || (id && tab !== 'schedules')) return <NotFound />;
  if (tab === 'schedules' && id) return <ScheduleDetail key={id} org={org} scheduleId={id} />;
  const current = TABS.find((t) => t.path === tab);
  if (!current) return <NotFound />;
  const base = `/o/${org.handle}/oncall`;
  return (
    <>
      <PageHeader title={current.label} context={`On-call · ${org.name}`} />
      <nav className="tabs" aria-label="On-call">
        {TABS.filter((t) => !t.admin || atLeast(org.role, 'admin')).map((t) => (
          <Link key={t.path} to={`${base}/${t.path}`} aria-current={t.path === tab ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      {tab === 'schedules' && <Schedules org={org} />}
      {tab === 'teams' && <Teams org={org} />}
      {tab === 'policies' && <Policies org={org} />}
      {tab === 'routing' && <RoutingRules org={org} />}
      {tab === 'integrations' && <Integrations org={org} />}
      {tab === 'deliveries' && <Deliveries org={org} />}
    </>
  );
}
