import type { Platform } from '../../platform/platform.ts';
import { onLocalChange, STATUS_CHANGED, type StatusChanged } from '../events.ts';
import * as store from '../store.ts';
import { pagePublicUrl } from '../urls.ts';
import { type Resource, renderAll, renderData, renderIncident } from './render.ts';
import { loadSnapshot, type Snapshot } from './snapshot.ts';

const INCIDENT_PREFIX = '/incidents/';

interface Built {
  pageId: string;
  /** What the resources were rendered from: older incident pages render from it on demand. */
  snapshot: Snapshot;
  slug: string;
  host: string | null;
  /** Under /status/<slug>. */
  bySlug: Map<string, Resource>;
  /** On the page's own host name (links without the /status/<slug> prefix). */
  byHost: Map<string, Resource> | null;
}

/**
 * Every published status page, rendered and held in memory. A page is re-rendered when the
 * module says it changed (`status.changed` on the bus, so every serve process re-renders
 * together), and at each UTC midnight (the uptime bars move); requests never touch the
 * database. Unknown slugs and host names are answered from memory too.
 */
export class PublicSite {
  readonly #p: Platform;
  readonly #pages = new Map<string, Built>();
  readonly #slugs = new Map<string, string>();
  readonly #hosts = new Map<string, string>();
  readonly #building = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  #warm: Promise<void> | null = null;
  #isWarm = false;
  #timer: NodeJS.Timeout | null = null;
  #unsubscribe: (() => void) | null = null;
  #unsubscribeLocal: (() => void) | null = null;
  #closed = false;
  /** Re-renders done (tests and metrics). */
  renders = 0;

  constructor(p: Platform) {
    this.#p = p;
  }

  /** Subscribes to changes and renders every published page (in the background). */
  start(): Promise<void> {
    this.#unsubscribe ??= this.#p.bus.subscribe((e) => {
      if (e.type === STATUS_CHANGED) void this.refresh((e.data as StatusChanged).pageId);
    });
    this.#unsubscribeLocal ??= onLocalChange(this.#p, (pageId) => void this.refresh(pageId));
    this.#warm ??= this.#loadAll().then(() => {
      this.#isWarm = true;
    });
    this.#scheduleMidnight();
    return this.#warm;
  }

  close() {
    this.#closed = true;
    this.#unsubscribe?.();
    this.#unsubscribeLocal?.();
    if (this.#timer) clearTimeout(this.#timer);
  }

  get warm() {
    return this.#isWarm;
  }

  async #loadAll() {
    for (;;) {
      try {
        const pages = await store.publishedPages(this.#p.db);
        await Promise.all(pages.map((page) => this.refresh(page.id)));
        return;
      } catch (err) {
        if (this.#closed) return;
        this.#p.log.error({ err }, 'status pages could not be loaded; retrying');
        await new Promise((r) => setTimeout(r, 2000).unref());
      }
    }
  }

  #scheduleMidnight() {
    const next = Math.ceil((Date.now() + 1) / 86_400_000) * 86_400_000 + 1000;
    this.#timer = setTimeout(() => {
      this.refreshAll();
      this.#scheduleMidnight();
    }, next - Date.now());
    this.#timer.unref();
  }

  /** Re-renders every page (the base URL changed). */
  refreshAll() {
    for (const id of this.#pages.keys()) void this.refresh(id);
  }

  /**
   * Re-renders one page. A change during a render queues one more; the promise (shared by every
   * caller and by waiting requests) settles once the page reflects every change seen so far.
   */
  refresh(pageId: string): Promise<void> {
    const running = this.#building.get(pageId);
    if (running) {
      this.#again.add(pageId);
      return running;
    }
    const chain = (async () => {
      do {
        this.#again.delete(pageId);
        try {
          await this.#build(pageId);
        } catch (err) {
          this.#p.log.error({ err, pageId }, 'status page render failed; serving the previous one');
          setTimeout(() => void this.refresh(pageId), 5000).unref();
          return;
        }
      } while (this.#again.has(pageId) && !this.#closed);
    })().finally(() => {
      this.#building.delete(pageId);
      // A change that arrived after the last check still gets its render.
      if (this.#again.delete(pageId) && !this.#closed) void this.refresh(pageId);
    });
    this.#building.set(pageId, chain);
    return chain;
  }

  async #build(pageId: string) {
    const page = await store.pageById(this.#p.db, pageId);
    if (!page?.published || this.#closed) {
      this.#forget(pageId);
      return;
    }
    const snapshot = await loadSnapshot(this.#p.db, page, pagePublicUrl(this.#p.config, page));
    const data = renderData(snapshot);
    const built: Built = {
      pageId,
      snapshot,
      slug: page.slug,
      host: page.custom_host,
      bySlug: renderAll(snapshot, `/status/${page.slug}`, data),
      byHost: page.custom_host ? renderAll(snapshot, '', data) : null,
    };
    this.#forget(pageId); // another build may have finished meanwhile
    this.#pages.set(pageId, built);
    this.#slugs.set(page.slug, pageId);
    if (page.custom_host) this.#hosts.set(page.custom_host, pageId);
    this.renders++;
  }

  #forget(pageId: string) {
    const old = this.#pages.get(pageId);
    if (!old) return;
    this.#pages.delete(pageId);
    if (this.#slugs.get(old.slug) === pageId) this.#slugs.delete(old.slug);
    if (old.host && this.#hosts.get(old.host) === pageId) this.#hosts.delete(old.host);
  }

  /** True when `host` is a page's own host name (its root is the page). */
  isCustomHost(host: string): boolean {
    return this.#hosts.has(host);
  }

  /**
   * The resource at `path` of the page named by slug (or by host name when `bySlug` is false);
   * undefined when there is none. A promise only while warming up or while that page (or an
   * unknown one, which may be a page being published) is re-rendered: a change seen on the bus
   * is visible to every request that follows.
   */
  lookup(
    key: string,
    path: string,
    bySlug: boolean,
    waited = false,
  ): Resource | undefined | Promise<Resource | undefined> {
    if (!this.#isWarm) return (this.#warm ?? this.start()).then(() => this.lookup(key, path, bySlug, waited));
    const pageId = (bySlug ? this.#slugs : this.#hosts).get(key);
    if (!waited) {
      const pending = pageId
        ? this.#building.get(pageId)
        : this.#building.size
          ? Promise.all(this.#building.values())
          : undefined;
      if (pending) return pending.then(() => this.lookup(key, path, bySlug, true));
    }
    const built = pageId ? this.#pages.get(pageId) : undefined;
    const resources = bySlug ? built?.bySlug : built?.byHost;
    if (!built || !resources) return undefined;
    const found = resources.get(path);
    if (found || !path.startsWith(INCIDENT_PREFIX)) return found;
    // An older incident: rendered once from the snapshot in memory, never from the database.
    const rendered = renderIncident(
      built.snapshot,
      path.slice(INCIDENT_PREFIX.length),
      bySlug ? `/status/${built.slug}` : '',
    );
    if (rendered) resources.set(path, rendered);
    return rendered;
  }
}
