import { useCallback, useEffect, useRef, useState } from 'react';
import { messageOf } from './api.ts';
import type { Page } from './types.ts';

/** Runs a call on demand; keeps its pending state and error message for the form that caused it. */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const run = useCallback(async (...args: A): Promise<{ ok: true; value: R } | { ok: false }> => {
    setPending(true);
    setError(null);
    try {
      const value = await fnRef.current(...args);
      return { ok: true, value };
    } catch (err) {
      setError(messageOf(err));
      return { ok: false };
    } finally {
      setPending(false);
    }
  }, []);
  return { run, pending, error, setError };
}

/** A cursor-paginated list: the first page on mount (and when `key` changes), more on demand. */
export function usePaged<T>(fetchPage: (cursor: string | null) => Promise<Page<T>>, key: string) {
  const [items, setItems] = useState<T[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;
  const generation = useRef(0);

  const load = useCallback(async (cursor: string | null) => {
    const gen = ++generation.current;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchRef.current(cursor);
      if (gen !== generation.current) return;
      setItems((prev) => (cursor && prev ? [...prev, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
    } catch (err) {
      if (gen === generation.current) setError(messageOf(err));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: key names what to load; load itself is stable
  useEffect(() => {
    setItems(null);
    void load(null);
  }, [key, load]);

  return {
    items,
    setItems,
    loading,
    error,
    hasMore: nextCursor !== null,
    loadMore: () => nextCursor && load(nextCursor),
    reload: () => load(null),
  };
}

/**
 * The later of two versions of a record. A live event can overtake the HTTP answer of the
 * request that caused it (or the other way round); the older version must not win.
 */
export function newer<T extends { updatedAt: string }>(current: T | null | undefined, incoming: T): T {
  if (!current) return incoming;
  return Date.parse(incoming.updatedAt) >= Date.parse(current.updatedAt) ? incoming : current;
}
