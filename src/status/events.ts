import type { BusEvent } from '../platform/bus/bus.ts';
import type { Platform } from '../platform/platform.ts';

/**
 * The status module's bus events. Everything on a status page is public (TLP:CLEAR), so the
 * events are CLEAR too.
 *
 * - `status.changed`: anything a public page shows changed; every serve process re-renders
 *   that page (this is how several processes invalidate together).
 * - `status.update.published`: a numbered incident/maintenance update went public. Subscriptions
 *   (email, webhooks, feeds) and advisories build on this; `loadPublishedUpdate` gives them the
 *   Statuspage-shaped incident to deliver.
 */
export const STATUS_CHANGED = 'status.changed';
export const UPDATE_PUBLISHED = 'status.update.published';

export interface StatusChanged {
  pageId: string;
}
export interface UpdatePublished {
  pageId: string;
  incidentId: string;
  updateId: string;
  number: number;
  kind: 'incident' | 'maintenance';
  status: string;
  /** Whether the page is public now (subscribers of an unpublished page get nothing). */
  published: boolean;
}

/** This process's own renderers, told at once (the bus may deliver later, e.g. on NATS). */
const local = new WeakMap<Platform, Set<(pageId: string) => void>>();

export function onLocalChange(p: Platform, fn: (pageId: string) => void): () => void {
  const set = local.get(p) ?? new Set();
  local.set(p, set);
  set.add(fn);
  return () => set.delete(fn);
}

/**
 * A page changed: re-render here now (so the writer reads its own write), and everywhere else
 * through the bus.
 */
export function publishChanged(p: Platform, orgId: string, pageId: string) {
  for (const fn of local.get(p) ?? []) fn(pageId);
  return p.bus.publish<StatusChanged>({ type: STATUS_CHANGED, orgId, tlp: 'CLEAR', data: { pageId } });
}

export const publishUpdate = (p: Platform, orgId: string, data: UpdatePublished) =>
  p.bus.publish<UpdatePublished>({ type: UPDATE_PUBLISHED, orgId, tlp: 'CLEAR', data });

/** Calls `handler` for every update published from now on (on any process sharing the bus). */
export function onUpdatePublished(p: Platform, handler: (e: BusEvent<UpdatePublished>) => void): () => void {
  return p.bus.subscribe((e) => {
    if (e.type === UPDATE_PUBLISHED) handler(e as BusEvent<UpdatePublished>);
  });
}
