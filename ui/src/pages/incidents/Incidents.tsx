import { useState } from 'react';
import type { SectionProps } from '../../App.tsx';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useLiveEvents } from '../../live.tsx';
import { usePeople } from '../../people.ts';
import { Link } from '../../router.tsx';
import { useSignedIn } from '../../session.tsx';
import type { IncidentStatus } from '../../types-ops.ts';
import { NotFound } from '../NotFound.tsx';
import { IncidentDetail } from './IncidentDetail.tsx';
import { IncidentTable } from './IncidentTable.tsx';
import { OnCallNow } from './OnCallNow.tsx';
import { useIncidents } from './useIncidents.ts';

export function Incidents({ org, sub }: SectionProps) {
  if (sub.length === 1) return <IncidentDetail key={sub[0]} org={org} incidentId={sub[0]!} />;
  if (sub.length > 1) return <NotFound />;
  return <IncidentList org={org} />;
}

const FILTERS: { label: string; status: IncidentStatus[] }[] = [
  { label: 'Open', status: ['triggered', 'acknowledged'] },
  { label: 'Triggered', status: ['triggered'] },
  { label: 'Acknowledged', status: ['acknowledged'] },
  { label: 'Resolved', status: ['resolved'] },
  { label: 'All', status: [] },
];

function IncidentList({ org }: Pick<SectionProps, 'org'>) {
  const { user } = useSignedIn();
  const people = usePeople(org.id);
  const [filter, setFilter] = useState(0);
  const base = `/o/${org.handle}`;
  const mine = useIncidents(org.id, { status: ['triggered', 'acknowledged'], mine: true, userId: user.id });
  const all = useIncidents(org.id, { status: FILTERS[filter]!.status });
  // Being paged (an in-app notification) may make an incident mine: the server decides which.
  useLiveEvents<{ event?: { type?: string } }>(
    ['notification'],
    (e) => {
      if (e.data.event?.type === 'incident.page') mine.reload();
    },
    org.id,
  );
  return (
    <>
      <PageHeader title="Incidents" context={org.name}>
        <Link to={`${base}/oncall`} className="button small">
          Schedules and policies
        </Link>
      </PageHeader>
      <OnCallNow org={org} people={people} />

      <section aria-labelledby="mine-title">
        <h2 id="mine-title" className="section-title">
          My open incidents
        </h2>
        <FormError error={mine.error} />
        {mine.items?.length === 0 && <p className="muted">Nothing is waiting for you.</p>}
        {mine.items && mine.items.length > 0 && (
          <IncidentTable items={mine.items} base={base} people={people} />
        )}
        {mine.hasMore && (
          <button type="button" className="button" onClick={mine.loadMore} disabled={mine.loading}>
            Load more
          </button>
        )}
      </section>

      <section aria-labelledby="all-title">
        <div className="section-head">
          <h2 id="all-title" className="section-title">
            All incidents
          </h2>
          <fieldset className="segmented" aria-label="Show">
            <legend className="visually-hidden">Show</legend>
            {FILTERS.map((f, i) => (
              <label key={f.label}>
                <input
                  type="radio"
                  name="incident-filter"
                  checked={filter === i}
                  onChange={() => setFilter(i)}
                />
                {f.label}
              </label>
            ))}
          </fieldset>
        </div>
        <FormError error={all.error} />
        {all.items === null && all.loading && <p className="muted">Loading incidents…</p>}
        {all.items?.length === 0 && (
          <p className="empty">
            No{' '}
            {FILTERS[filter]!.label.toLowerCase() === 'all' ? '' : `${FILTERS[filter]!.label.toLowerCase()} `}
            incidents. Alerts from detection, PagerDuty-style events and Alertmanager open them;{' '}
            <Link to={`${base}/oncall/integrations`}>set up an integration</Link>.
          </p>
        )}
        {all.items && all.items.length > 0 && <IncidentTable items={all.items} base={base} people={people} />}
        {all.hasMore && (
          <button type="button" className="button" onClick={all.loadMore} disabled={all.loading}>
            {all.loading ? 'Loading…' : 'Load more'}
          </button>
        )}
      </section>
    </>
  );
}
