import type { Bus } from '../bus/bus.ts';
import type { SessionRow, TokenRow } from './store.ts';

/**
 * A short-lived cache of credential rows, so an authenticated read costs one query, not two.
 * Every change that narrows what a credential may do (revocation, sign-out, password change,
 * membership change) is published as `auth.changed` and drops the entries at once in every
 * process on the bus; the TTL bounds staleness where no bus connects the processes.
 */
export const AUTH_CHANGED = 'auth.changed';
const TTL_MS = 5_000;
const MAX_ENTRIES = 20_000;

export interface AuthChange {
  userIds?: string[];
  tokenIds?: string[];
}

interface Entry<R> {
  row: R;
  at: number;
}

/** The caches of this process by bus, so a change is dropped here before the call returns. */
const localCaches = new WeakMap<Bus, Set<CredentialCache>>();

export class CredentialCache {
  private readonly sessions = new Map<string, Entry<SessionRow>>();
  private readonly tokens = new Map<string, Entry<TokenRow>>();
  private readonly unsubscribe: () => void;
  private readonly bus: Bus;

  constructor(bus: Bus) {
    this.bus = bus;
    this.unsubscribe = bus.subscribe((e) => {
      if (e.type === AUTH_CHANGED) this.drop(e.data as AuthChange);
    });
    const set = localCaches.get(bus) ?? new Set();
    set.add(this);
    localCaches.set(bus, set);
  }

  session(hash: string): SessionRow | undefined {
    return fresh(this.sessions, hash);
  }
  token(hash: string): TokenRow | undefined {
    return fresh(this.tokens, hash);
  }
  putSession(hash: string, row: SessionRow) {
    put(this.sessions, hash, row);
  }
  putToken(hash: string, row: TokenRow) {
    put(this.tokens, hash, row);
  }

  drop(change: AuthChange) {
    const users = new Set(change.userIds ?? []);
    const tokens = new Set(change.tokenIds ?? []);
    for (const [k, e] of this.sessions) if (users.has(e.row.user_id)) this.sessions.delete(k);
    for (const [k, e] of this.tokens) {
      if (tokens.has(e.row.id) || (e.row.created_by && users.has(e.row.created_by))) this.tokens.delete(k);
    }
  }

  close() {
    this.unsubscribe();
    localCaches.get(this.bus)?.delete(this);
  }
}

function fresh<R>(map: Map<string, Entry<R>>, key: string): R | undefined {
  const e = map.get(key);
  if (!e) return undefined;
  if (Date.now() - e.at > TTL_MS) {
    map.delete(key);
    return undefined;
  }
  return e.row;
}

function put<R>(map: Map<string, Entry<R>>, key: string, row: R) {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as string);
  map.set(key, { row, at: Date.now() });
}

/**
 * Tells every process that credentials of these users/tokens changed. RED with no audience:
 * the policy module lets no live-stream client see it.
 */
export async function publishAuthChange(bus: Bus, change: AuthChange) {
  // This process at once (the bus may deliver to itself later, e.g. through JetStream) …
  for (const cache of localCaches.get(bus) ?? []) cache.drop(change);
  // … and every other process as soon as the bus carries it.
  await bus.publish({ type: AUTH_CHANGED, orgId: null, tlp: 'RED', data: change });
}
