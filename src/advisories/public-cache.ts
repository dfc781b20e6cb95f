import { createHash } from 'node:crypto';
import type { Bus } from '../platform/bus/bus.ts';

/**
 * The public advisory files of this process, in memory. They are hot during incidents and
 * change only when an org publishes: a hit costs no query; a miss costs one indexed query.
 * Publishing drops the org's entries here at once and, through the bus, in every other serve
 * process; the TTL bounds staleness where no bus connects the processes.
 */
export const ADVISORY_PUBLISHED = 'advisory.published';
const TTL_MS = 60_000;
const NOT_FOUND_TTL_MS = 5_000;
const MAX_BYTES = 64 * 1024 * 1024;

export interface PublicFile {
  status: 200 | 404;
  body: string;
  type: string;
  etag: string;
  cacheControl: string;
}

interface Entry {
  file: PublicFile;
  bytes: number;
  at: number;
}

export const etagOf = (body: string) =>
  `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

export class PublicCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Bumped by every drop: a load that started before a publish must not cache what it read. */
  private epoch = 0;
  private readonly unsubscribe: () => void;

  constructor(bus: Bus) {
    this.unsubscribe = bus.subscribe((e) => {
      if (e.type === ADVISORY_PUBLISHED) this.dropOrg((e.data as { handle: string }).handle);
    });
  }

  /** The cached file for `handle`/`path`, or what `load` answers (then cached). */
  async get(handle: string, path: string, load: () => Promise<PublicFile>): Promise<PublicFile> {
    const key = `${handle}/${path}`;
    const hit = this.entries.get(key);
    const ttl = hit?.file.status === 404 ? NOT_FOUND_TTL_MS : TTL_MS;
    if (hit && Date.now() - hit.at < ttl) {
      // Most recently used last: eviction takes from the front.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.file;
    }
    if (hit) this.remove(key);
    const epoch = this.epoch;
    const file = await load();
    if (epoch === this.epoch) this.put(key, file);
    return file;
  }

  dropOrg(handle: string) {
    this.epoch++;
    const prefix = `${handle}/`;
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.remove(key);
  }

  close() {
    this.unsubscribe();
    this.entries.clear();
    this.bytes = 0;
  }

  private put(key: string, file: PublicFile) {
    const bytes = Buffer.byteLength(file.body) + key.length + 200;
    if (bytes > MAX_BYTES / 4) return;
    this.remove(key);
    while (this.bytes + bytes > MAX_BYTES) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.remove(oldest);
    }
    this.entries.set(key, { file, bytes, at: Date.now() });
    this.bytes += bytes;
  }

  private remove(key: string) {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    this.bytes -= e.bytes;
  }
}
