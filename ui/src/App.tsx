import { type ReactNode, useEffect, useLayoutEffect } from 'react';
import { Shell } from './components/Shell.tsx';
import { LiveProvider } from './live.tsx';
import { Account } from './pages/Account.tsx';
import { Audit } from './pages/Audit.tsx';
import { Advisories } from './pages/advisories/Advisories.tsx';
import { Attacks } from './pages/attacks/Attacks.tsx';
import { Collectors } from './pages/attacks/Collectors.tsx';
import { Health } from './pages/health/Health.tsx';
import { Incidents } from './pages/incidents/Incidents.tsx';
import { Intel } from './pages/intel/Intel.tsx';
import { Members } from './pages/Members.tsx';
import { Mitigations } from './pages/mitigations/Mitigations.tsx';
import { NewOrg } from './pages/NewOrg.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { Overview } from './pages/Overview.tsx';
import { OnCall } from './pages/oncall/OnCall.tsx';
import { Setup } from './pages/Setup.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { Loading, Unreachable } from './pages/Status.tsx';
import { SpaceLink } from './pages/spaces/SpaceLink.tsx';
import { Spaces } from './pages/spaces/Spaces.tsx';
import { StatusAdmin } from './pages/status/StatusAdmin.tsx';
import { Tokens } from './pages/Tokens.tsx';
import { navigate, safeNext, useLocation } from './router.tsx';
import { preferredOrg, rememberOrg, type SessionState, useSession } from './session.tsx';
import type { Session, SessionOrg } from './types.ts';

function Redirect({ to }: { to: string }) {
  useLayoutEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

export function App() {
  const { state } = useSession();
  const { path, query } = useLocation();
  switch (state.status) {
    case 'loading':
      return <Loading />;
    case 'unreachable':
      return <Unreachable message={state.message} />;
    case 'signedOut':
      return <SignedOut state={state} path={path} />;
    case 'signedIn':
      return (
        <LiveProvider>
          <SignedIn session={state.session} path={path} next={safeNext(query.get('next'))} />
        </LiveProvider>
      );
  }
}

function SignedOut({ state, path }: { state: Extract<SessionState, { status: 'signedOut' }>; path: string }) {
  if (state.setupNeeded) return path === '/setup' ? <Setup /> : <Redirect to="/setup" />;
  if (path === '/sign-in') return <SignIn notice={state.notice} />;
  const keep = state.keepPlace && path !== '/' && path !== '/setup';
  return (
    <Redirect to={keep ? `/sign-in?next=${encodeURIComponent(path + window.location.search)}` : '/sign-in'} />
  );
}

export interface SectionProps {
  org: SessionOrg;
  /** Path segments after the section: `/o/acme/incidents/<id>` → `[<id>]`. */
  sub: string[];
}

// Sections marked `true` read deeper paths themselves; the others are single pages.
const SECTIONS: Record<string, [(p: SectionProps) => ReactNode, boolean]> = {
  '': [Overview, false],
  attacks: [Attacks, true],
  collectors: [Collectors, false],
  mitigations: [Mitigations, true],
  incidents: [Incidents, true],
  oncall: [OnCall, true],
  status: [StatusAdmin, true],
  spaces: [Spaces, true],
  advisories: [Advisories, false],
  health: [Health, true],
  intel: [Intel, true],
  members: [Members, false],
  tokens: [Tokens, false],
  audit: [Audit, false],
};

/** `/o/<handle>/<section>/<sub…>`, decoded; null for anything else or bad escapes. */
function orgPath(path: string): { handle: string; section: string; sub: string[] } | null {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] !== 'o' || !parts[1]) return null;
  try {
    const [handle, section = '', ...sub] = parts.slice(1).map(decodeURIComponent);
    return { handle: handle!, section, sub };
  } catch {
    return null;
  }
}

function SignedIn({ session, path, next }: { session: Session; path: string; next: string | null }) {
  if (path === '/sign-in' || path === '/setup') return <Redirect to={next ?? '/'} />;
  if (path === '/') {
    const org = preferredOrg(session.orgs);
    return <Redirect to={org ? `/o/${org.handle}` : '/orgs/new'} />;
  }
  if (path === '/account') {
    return (
      <Shell>
        <Account />
      </Shell>
    );
  }
  if (path === '/orgs/new') {
    return (
      <Shell>
        <NewOrg />
      </Shell>
    );
  }
  if (path.startsWith('/spaces/'))
    return (
      <Shell>
        <SpaceLink path={path} />
      </Shell>
    );
  const m = orgPath(path);
  if (m) return <OrgRoute session={session} {...m} />;
  return (
    <Shell>
      <NotFound />
    </Shell>
  );
}

function OrgRoute({
  session,
  handle,
  section,
  sub,
}: {
  session: Session;
  handle: string;
  section: string;
  sub: string[];
}) {
  const org = session.orgs.find((o) => o.handle === handle);
  useEffect(() => {
    if (org) rememberOrg(org.handle);
  }, [org]);
  const entry = SECTIONS[section];
  const Page = entry && (entry[1] || sub.length === 0) ? entry[0] : undefined;
  if (!org) {
    return (
      <Shell>
        <NotFound
          message={`You are not a member of an organisation called “${handle}”, or it does not exist.`}
        />
      </Shell>
    );
  }
  return (
    <Shell org={org} section={section}>
      {Page ? <Page key={org.id} org={org} sub={sub} /> : <NotFound />}
    </Shell>
  );
}
