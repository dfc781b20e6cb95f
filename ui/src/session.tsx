import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, api, messageOf, onSessionLost, setCsrfToken } from './api.ts';
import type { Session, SessionOrg } from './types.ts';

export type SessionState =
  | { status: 'loading' }
  | { status: 'unreachable'; message: string }
  | {
      status: 'signedOut';
      setupNeeded: boolean;
      notice: string | null;
      /** Return to the current page after signing in (the session was lost, not ended on purpose). */
      keepPlace: boolean;
    }
  | { status: 'signedIn'; session: Session };

interface SessionApi {
  state: SessionState;
  /** After sign-in or setup: the answer is the new session. */
  signedIn(session: Session): void;
  /** Forget the session locally (after sign-out, or when the server says it is gone). */
  signedOut(notice?: string | null, keepPlace?: boolean): void;
  /** Re-read the session, e.g. after creating an organisation. */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

const LAST_ORG_KEY = 'swimmy.org';

async function probe(): Promise<SessionState> {
  try {
    const session = await api.session();
    return { status: 'signedIn', session };
  } catch (err) {
    if (!(err instanceof ApiError) || err.status !== 401)
      return { status: 'unreachable', message: messageOf(err) };
    const notice = err.code === 'session_expired' ? err.message : null;
    try {
      const { needed } = await api.setupStatus();
      return { status: 'signedOut', setupNeeded: needed, notice, keepPlace: true };
    } catch (e) {
      return { status: 'unreachable', message: messageOf(e) };
    }
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setState({ status: 'signedIn', session });
  }, []);
  const signedOut = useCallback((notice: string | null = null, keepPlace = false) => {
    setCsrfToken(null);
    setState({ status: 'signedOut', setupNeeded: false, notice, keepPlace });
  }, []);
  const refresh = useCallback(async () => {
    const next = await probe();
    setCsrfToken(next.status === 'signedIn' ? next.session.csrfToken : null);
    setState(next);
  }, []);

  useEffect(() => {
    void refresh();
    onSessionLost((err) =>
      signedOut(err.code === 'session_expired' ? err.message : 'Please sign in again.', true),
    );
    return () => onSessionLost(null);
  }, [refresh, signedOut]);

  const value = useMemo(
    () => ({ state, signedIn, signedOut, refresh }),
    [state, signedIn, signedOut, refresh],
  );
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in session; only for components rendered inside the signed-in shell. */
export function useSignedIn(): Session {
  const { state } = useSession();
  if (state.status !== 'signedIn') throw new Error('useSignedIn while not signed in');
  return state.session;
}

export function rememberOrg(handle: string) {
  try {
    localStorage.setItem(LAST_ORG_KEY, handle);
  } catch {
    // storage may be disabled; the URL still carries the org
  }
}

/** The org to open at `/`: the last one chosen if the user still belongs to it, else the first. */
export function preferredOrg(orgs: SessionOrg[]): SessionOrg | undefined {
  let last: string | null = null;
  try {
    last = localStorage.getItem(LAST_ORG_KEY);
  } catch {
    // ignore
  }
  return orgs.find((o) => o.handle === last) ?? orgs[0];
}
