import type { ReactNode } from 'react';
import { atLeast } from '../format.ts';
import { Link } from '../router.tsx';
import { preferredOrg, useSignedIn } from '../session.tsx';
import type { Role, SessionOrg } from '../types.ts';
import { LiveIndicator } from './LiveIndicator.tsx';
import { NavCount } from './NavCount.tsx';
import { NotificationBell } from './NotificationBell.tsx';
import { OrgSwitcher } from './OrgSwitcher.tsx';
import { PageAlerts } from './PageAlerts.tsx';
import { UserMenu } from './UserMenu.tsx';

// Only sections that work; later modules add Spaces and the Status page.
const SECTIONS: { path: string; label: string; min: Role; badge?: 'attacks' | 'incidents' }[] = [
  { path: '', label: 'Overview', min: 'viewer' },
  { path: 'attacks', label: 'Attacks', min: 'viewer', badge: 'attacks' },
  { path: 'mitigations', label: 'Mitigations', min: 'viewer' },
  { path: 'incidents', label: 'Incidents', min: 'viewer', badge: 'incidents' },
  { path: 'oncall', label: 'On-call', min: 'viewer' },
  { path: 'spaces', label: 'Spaces', min: 'viewer' },
  { path: 'intel', label: 'Collective defense', min: 'viewer' },
  { path: 'health', label: 'Customer health', min: 'viewer' },
  { path: 'status', label: 'Status page', min: 'viewer' },
  { path: 'members', label: 'Members', min: 'viewer' },
  { path: 'tokens', label: 'API tokens', min: 'admin' },
  { path: 'audit', label: 'Audit log', min: 'admin' },
];

/** Pages without a nav item of their own light up their parent's. */
const PARENT: Record<string, string> = { collectors: 'attacks' };

interface Props {
  /** The org the page is about; account pages pass none and the last chosen org is shown. */
  org?: SessionOrg;
  section?: string;
  children: ReactNode;
}

export function Shell({ org: given, section = '', children }: Props) {
  const session = useSignedIn();
  const org = given ?? preferredOrg(session.orgs);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to={org ? `/o/${org.handle}` : '/'} className="brand" aria-label="Swimmy home">
          <img src="/favicon.svg" alt="" width="24" height="24" />
          <span>Swimmy</span>
        </Link>
        {org && <OrgSwitcher orgs={session.orgs} current={org} section={given ? section : ''} />}
        <span className="spacer" />
        <NotificationBell />
        <LiveIndicator />
        <PageAlerts />
        <UserMenu />
      </header>
      <nav className="sidenav" aria-label="Sections">
        {org && (
          <ul>
            {SECTIONS.filter((s) => atLeast(org.role, s.min)).map((s) => {
              const current = given !== undefined && s.path === (PARENT[section] ?? section);
              return (
                <li key={s.path}>
                  <Link
                    to={`/o/${org.handle}${s.path ? `/${s.path}` : ''}`}
                    aria-current={current ? 'page' : undefined}
                  >
                    {s.label}
                    {s.badge && <NavCount org={org} kind={s.badge} />}
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
        <ul className="sidenav-secondary">
          <li>
            <a href="/api/docs" target="_blank" rel="noopener">
              API reference <span aria-hidden="true">↗</span>
            </a>
          </li>
        </ul>
      </nav>
      <main id="main" className="content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
