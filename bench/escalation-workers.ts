// The workers of bench/escalation.ts: this process (PGlite), or child processes running the real
// `work` role (PostgreSQL, see escalation-worker.ts); both report what they see the same way.
import { fork } from 'node:child_process';
import { setTimeout as pause } from 'node:timers/promises';
import pino from 'pino';
import { Registry } from 'prom-client';
import { startNotify } from '../src/notify/index.ts';
import { startOncall } from '../src/oncall/start.ts';
import { createAudit } from '../src/platform/audit.ts';
import { createMemoryBus } from '../src/platform/bus/memory.ts';
import { loadConfig } from '../src/platform/config/load.ts';
import type { Db } from '../src/platform/db/db.ts';
import { createJobs } from '../src/platform/jobs/queue.ts';
import { createLogger } from '../src/platform/log.ts';
import type { Platform } from '../src/platform/platform.ts';
import type { ToParent } from './escalation-worker.ts';
import { DEFAULT_POSTGRES_URL } from './lib.ts';

/** The kind of the reference jobs (escalation-worker.ts registers the same). */
export const PLAIN = 'bench.plain';

export interface Page {
  incidentId: string;
  userId: string;
  at: number;
}
/** What the workers saw: pages handed to the channel, and reference job starts. */
export interface Seen {
  pages: Page[];
  plainStarts: Map<number, number>;
  plainLate: number[];
}
const sawPlain = (seen: Seen, jobId: number, lateMs: number) => {
  if (!seen.plainStarts.has(jobId)) seen.plainLate.push(lateMs);
  seen.plainStarts.set(jobId, (seen.plainStarts.get(jobId) ?? 0) + 1);
};

/**
 * This process's platform (the production queue defaults). With `work`, it is also the worker
 * (PGlite): on-call and notify handlers, the reference handler, and a probe on the bus.
 */
export function platformOn(db: Db, seen: Seen, work: boolean) {
  const config = loadConfig({ env: {}, overrides: { logLevel: 'warn', loginRateLimit: 10_000 } });
  const log = createLogger('warn', pino.destination(2));
  const metrics = new Registry();
  const bus = createMemoryBus();
  const publish = bus.publish.bind(bus);
  bus.publish = (e) => {
    if (e.type === 'notification') {
      const d = e.data as { userId: string; event: { data: { incidentId: string } } };
      seen.pages.push({ incidentId: d.event.data.incidentId, userId: d.userId, at: Date.now() });
    }
    return publish(e);
  };
  const jobs = createJobs(db, { concurrency: config.jobConcurrency, pollMs: config.jobPollMs, log, metrics });
  const p: Platform = { config, log, db, bus, jobs, audit: createAudit(db), metrics };
  const services = work
    ? [startNotify(p, {}), startOncall(p, { subscribeDetection: false, auditIntervalMs: 3_600_000 })]
    : [];
  if (work) jobs.register(PLAIN, async (job) => sawPlain(seen, job.id, Date.now() - job.runAt.getTime()));
  return {
    p,
    async close() {
      for (const s of services) s.close();
      await jobs.stop();
      await bus.close();
    },
  };
}

/** `n` child processes running the real `work` role on the bench's PostgreSQL schema. */
export async function childWorkers(n: number, schema: string, seen: Seen) {
  const url = process.env.DATABASE_URL || DEFAULT_POSTGRES_URL;
  const children = Array.from({ length: n }, () =>
    fork(new URL('./escalation-worker.ts', import.meta.url), {
      env: { ...process.env, DATABASE_URL: url, SWIMMY_DATABASE_SCHEMA: schema },
      stdio: ['ignore', 2, 2, 'ipc'],
    }),
  );
  const ready = children.map(
    (child) =>
      new Promise<void>((resolve, reject) => {
        child.once('exit', (code) => reject(new Error(`a work process exited with ${code}`)));
        child.on('message', (m: ToParent) => {
          if (m.type === 'ready') resolve();
          else if (m.type === 'pages')
            for (const [incidentId, userId, at] of m.pages) seen.pages.push({ incidentId, userId, at });
          else if (m.type === 'plain') for (const [id, late] of m.starts) sawPlain(seen, id, late);
        });
      }),
  );
  return {
    ready: Promise.all(ready),
    async close() {
      await Promise.all(
        children.map(async (child) => {
          if (child.exitCode !== null) return;
          const exited = new Promise((r) => child.once('exit', r));
          child.send({ type: 'stop' });
          await Promise.race([exited, pause(15_000)]);
          child.kill('SIGKILL');
        }),
      );
    },
  };
}
