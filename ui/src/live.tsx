import { type ReactNode, useEffect, useRef, useSyncExternalStore } from 'react';

/**
 * One EventSource on /api/v1/stream for the whole console. Pages subscribe to event types
 * (`attack.updated`, `incident.acknowledged` …); the hub adds a listener per type to the
 * source, so named SSE events reach them. When the server says `reset` (events were missed),
 * subscribers of `useLiveResync` refetch their state.
 */

export interface LiveEvent<T = unknown> {
  id: string;
  seq: number;
  type: string;
  orgId: string | null;
  tlp: string;
  at: string;
  data: T;
}
export type LiveStatus = 'connecting' | 'live' | 'reconnecting';
type Listener = (e: LiveEvent) => void;

const listeners = new Map<string, Set<Listener>>();
const resyncers = new Set<() => void>();
const statusWatchers = new Set<() => void>();
let status: LiveStatus = 'connecting';
let source: EventSource | null = null;
let lastSeq: number | null = null;
let users = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let delay = 2000;

function setStatus(next: LiveStatus) {
  if (next === status) return;
  status = next;
  for (const w of statusWatchers) w();
}

function onFrame(e: Event) {
  const m = e as MessageEvent<string>;
  let event: LiveEvent;
  try {
    event = JSON.parse(m.data) as LiveEvent;
  } catch {
    return;
  }
  if (typeof event.seq === 'number') lastSeq = event.seq;
  for (const l of listeners.get(event.type) ?? []) l(event);
}

function onReset() {
  for (const r of resyncers) r();
}

function connect() {
  const resume = lastSeq === null ? '' : `?lastEventId=${lastSeq}`;
  const s = new EventSource(`/api/v1/stream${resume}`, { withCredentials: true });
  source = s;
  for (const type of listeners.keys()) s.addEventListener(type, onFrame);
  s.addEventListener('reset', onReset);
  s.onopen = () => {
    delay = 2000;
    setStatus('live');
  };
  s.onerror = () => {
    setStatus('reconnecting');
    // The browser retries by itself unless the server refused (non-200): then we do, slower.
    if (s.readyState === EventSource.CLOSED && source === s) {
      s.close();
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, 30_000);
    }
  };
}

function start() {
  if (users++ > 0) return;
  setStatus('connecting');
  connect();
}

function stop() {
  if (--users > 0) return;
  clearTimeout(timer);
  source?.close();
  source = null;
  lastSeq = null;
}

/** Keeps the stream open while signed in. */
export function LiveProvider({ children }: { children: ReactNode }) {
  useEffect(() => {
    start();
    return stop;
  }, []);
  return children;
}

export function useLiveStatus(): LiveStatus {
  return useSyncExternalStore(
    (fn) => {
      statusWatchers.add(fn);
      return () => statusWatchers.delete(fn);
    },
    () => status,
  );
}

/**
 * Calls `handler` for each live event of the given types (of `orgId` when given). The handler
 * may change between renders without resubscribing.
 */
export function useLiveEvents<T = unknown>(
  types: readonly string[],
  handler: (e: LiveEvent<T>) => void,
  orgId?: string,
) {
  const ref = useRef(handler);
  ref.current = handler;
  const key = types.join(',');
  useEffect(() => {
    const l: Listener = (e) => {
      if (orgId === undefined || e.orgId === orgId) ref.current(e as LiveEvent<T>);
    };
    for (const type of key.split(',')) {
      let set = listeners.get(type);
      if (!set) {
        set = new Set();
        listeners.set(type, set);
        source?.addEventListener(type, onFrame);
      }
      set.add(l);
    }
    return () => {
      for (const type of key.split(',')) listeners.get(type)?.delete(l);
    };
  }, [key, orgId]);
}

/** Calls `refetch` when the stream could not replay what was missed. */
export function useLiveResync(refetch: () => void) {
  const ref = useRef(refetch);
  ref.current = refetch;
  useEffect(() => {
    const r = () => ref.current();
    resyncers.add(r);
    return () => {
      resyncers.delete(r);
    };
  }, []);
}
