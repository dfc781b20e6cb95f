import { type ReactNode, useEffect, useLayoutEffect } from 'react';
import { Shell } from './components/Shell.tsx';
import { Account } from './pages/Account.tsx';
import { Audit } from './pages/Audit.tsx';
import { Members } from './pages/Members.tsx';
import { NewOrg } from './pages/NewOrg.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { Overview } from './pages/Overview.tsx';
import { Setup } from './pages/Setup.tsx';
import { SignIn } from './pages/SignIn.tsx';
import { Loading, Unreachable } from './pages/Status.tsx';
import { Tokens } from './pages/Tokens.tsx';
import { match, navigate, safeNext, useLocation } from './router.tsx';
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
      return <SignedIn session={state.session} path={path} next={safeNext(query.get('next'))} />;
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

const SECTIONS: Record<string, (p: { org: SessionOrg }) => ReactNode> = {
  '': Overview,
  members: Members,
  tokens: Tokens,
  audit: Audit,
};

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
  const m = match('/o/:handle', path) ?? match('/o/:handle/:section', path);
  if (m) return <OrgRoute session={session} handle={m.handle!} section={m.section ?? ''} />;
  return (
    <Shell>
      <NotFound />
    </Shell>
  );
}

function OrgRoute({ session, handle, section }: { session: Session; handle: string; section: string }) {
  const org = session.orgs.find((o) => o.handle === handle);
  useEffect(() => {
    if (org) rememberOrg(org.handle);
  }, [org]);
  const Page = SECTIONS[section];
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
      {Page ? <Page key={org.id} org={org} /> : <NotFound />}
    </Shell>
  );
}
