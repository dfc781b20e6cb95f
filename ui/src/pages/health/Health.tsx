import './health.css';
import { useEffect, useState } from 'react';
import type { SectionProps } from '../../App.tsx';
import { healthApi } from '../../api-health.ts';
import { atLeast } from '../../format.ts';
import { Link } from '../../router.tsx';
import { NotFound } from '../NotFound.tsx';
import { CustomerResources } from './CustomerResources.tsx';
import { Customers } from './Customers.tsx';
import { MyReports } from './MyReports.tsx';
import { MyResources } from './MyResources.tsx';
import { ReportQueue } from './ReportQueue.tsx';
import { ResourceDetail } from './ResourceDetail.tsx';

const CUSTOMER_TABS = [
  { path: '', label: 'My resources' },
  { path: 'reports', label: 'My problem reports' },
];
const PROVIDER_TABS = [
  { path: 'customers', label: 'Customers' },
  { path: 'queue', label: 'Problem reports queue' },
];

/** Provider tabs for orgs that have customers, and for admins who may link the first one. */
function useIsProvider(orgId: string, admin: boolean) {
  const [has, setHas] = useState(false);
  useEffect(() => {
    healthApi.customers(orgId).then(
      (r) => setHas(r.items.length > 0),
      () => setHas(false),
    );
  }, [orgId]);
  return has || admin;
}

/**
 * `/o/<org>/health/…`: the customer's side (My resources, a resource with its live attack graph,
 * My problem reports) and the provider's (customers and their resources, the report queue).
 * The server decides what each side may see; these pages only show it.
 */
export function Health({ org, sub }: SectionProps) {
  const [first = '', second] = sub;
  const provider = useIsProvider(org.id, atLeast(org.role, 'admin'));
  const tabs = provider ? [...CUSTOMER_TABS, ...PROVIDER_TABS] : CUSTOMER_TABS;
  const page =
    sub.length === 0 ? (
      <MyResources org={org} />
    ) : first === 'r' && second && sub.length === 2 ? (
      <ResourceDetail org={org} resourceId={second} />
    ) : first === 'reports' && sub.length === 1 ? (
      <MyReports org={org} />
    ) : first === 'customers' && sub.length === 1 ? (
      <Customers org={org} />
    ) : first === 'customers' && second && sub.length === 2 ? (
      <CustomerResources org={org} customerOrgId={second} />
    ) : first === 'queue' && sub.length === 1 ? (
      <ReportQueue org={org} />
    ) : null;
  if (!page) return <NotFound />;
  const current = first === 'r' ? '' : first;
  return (
    <>
      <nav aria-label="Health">
        <ul className="health-tabs">
          {tabs.map((t) => (
            <li key={t.path}>
              <Link
                to={`/o/${org.handle}/health${t.path ? `/${t.path}` : ''}`}
                aria-current={t.path === current ? 'page' : undefined}
              >
                {t.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {page}
    </>
  );
}
