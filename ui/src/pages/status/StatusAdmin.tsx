import './status.css';
import { useCallback, useEffect, useState } from 'react';
import type { SectionProps } from '../../App.tsx';
import { messageOf } from '../../api.ts';
import { type StatusComponent, type StatusPage, statusApi } from '../../api-status.ts';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Link } from '../../router.tsx';
import { NotFound } from '../NotFound.tsx';
import { ComponentsEditor } from './ComponentsEditor.tsx';
import { IncidentDetail } from './IncidentDetail.tsx';
import { IncidentList } from './IncidentList.tsx';
import { MaintenanceScheduler } from './MaintenanceScheduler.tsx';
import { PageSettings } from './PageSettings.tsx';
import { Subscribers } from './Subscribers.tsx';

const TABS = [
  { path: '', label: 'Page' },
  { path: 'components', label: 'Components' },
  { path: 'incidents', label: 'Incidents' },
  { path: 'maintenance', label: 'Maintenance' },
  { path: 'subscribers', label: 'Subscribers' },
] as const;

/** The public status page's console: settings and preview, components, incidents, maintenance. */
export function StatusAdmin({ org, sub }: SectionProps) {
  const [tab = '', id, ...more] = sub;
  const [page, setPage] = useState<StatusPage | null | undefined>(undefined);
  const [components, setComponents] = useState<StatusComponent[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    statusApi.page(org.id).then(
      (p) => {
        setPage(p);
        statusApi.components(org.id).then(
          (r) => setComponents(r.items),
          (err) => setError(messageOf(err)),
        );
      },
      (err) => (err?.status === 404 ? setPage(null) : setError(messageOf(err))),
    );
  }, [org.id]);
  useEffect(load, [load]);

  const current = TABS.find((t) => t.path === tab);
  if (!current || more.length > 0 || (id && tab !== 'incidents' && tab !== 'maintenance'))
    return <NotFound />;
  const base = `/o/${org.handle}/status`;
  return (
    <>
      <PageHeader title={id ? 'Incident' : `Status page · ${current.label}`} context={org.name} />
      {page && (
        <nav className="tabs" aria-label="Status page">
          {TABS.map((t) => (
            <Link
              key={t.path}
              to={t.path ? `${base}/${t.path}` : base}
              aria-current={t.path === tab && !id ? 'page' : undefined}
            >
              {t.label}
            </Link>
          ))}
        </nav>
      )}
      <FormError error={error} />
      {page === undefined && !error && <p className="muted">Loading…</p>}
      {page === null && <PageSettings org={org} page={null} onSaved={load} />}
      {page && tab === '' && <PageSettings org={org} page={page} onSaved={load} />}
      {page && tab === 'components' && (
        <ComponentsEditor org={org} components={components} onChanged={load} />
      )}
      {page && (tab === 'incidents' || tab === 'maintenance') && id && (
        <IncidentDetail
          key={id}
          org={org}
          incidentId={id}
          components={components}
          onChanged={load}
          back={`${base}/${tab}`}
        />
      )}
      {page && tab === 'incidents' && !id && (
        <IncidentList org={org} components={components} base={`${base}/incidents`} />
      )}
      {page && tab === 'subscribers' && <Subscribers org={org} page={page} components={components} />}
      {page && tab === 'maintenance' && !id && (
        <MaintenanceScheduler org={org} components={components} base={`${base}/maintenance`} />
      )}
    </>
  );
}
