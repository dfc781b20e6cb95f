import type { FastifyInstance } from 'fastify';
import { createTestApp } from '../../test/helpers/app.ts';
import type { BusEvent } from '../platform/bus/bus.ts';
import { createJobs } from '../platform/jobs/queue.ts';
import type { Platform } from '../platform/platform.ts';
import type { AttackInput } from './attack.ts';
import { type MitigationOptions, setMitigationOptions } from './options.ts';
import { type MitigationRunner, startMitigation } from './subscriber.ts';

/**
 * The whole app on the engines the environment chooses (PGlite + in-process bus, or
 * PostgreSQL + NATS), with the mitigation routes, a running job worker and the mitigation
 * subscriber: what `npm start` runs, minus the listener.
 */
export interface MitigationTestApp {
  app: FastifyInstance;
  platform: Platform;
  /** Events published on the bus since start, in order. */
  events: BusEvent[];
  publishAttack(
    type: 'attack.started' | 'attack.updated' | 'attack.ended',
    orgId: string,
    attack: AttackInput,
  ): Promise<void>;
  /** Stops the worker and subscriber and starts fresh ones on the same database and bus (a restart). */
  restartWorker(): Promise<void>;
  close(): Promise<void>;
}

// Test-sized retry delays; the queue's behaviour is otherwise the production one.
const JOB_TIMINGS = { concurrency: 8, pollMs: 20, backoff: { baseMs: 50, capMs: 200 } };

export async function createMitigationTestApp(
  options: Partial<MitigationOptions> = {},
): Promise<MitigationTestApp> {
  const t = await createTestApp({}, { jobs: JOB_TIMINGS });
  const { app, platform } = t;
  const { bus } = platform;
  setMitigationOptions(platform, options);
  const events: BusEvent[] = [];
  const unsubscribe = bus.subscribe((e) => events.push(e));
  let runner: MitigationRunner = startMitigation(platform);
  platform.jobs.start();
  return {
    app,
    platform,
    events,
    async publishAttack(type, orgId, attack) {
      await bus.publish({ type, orgId, tlp: 'AMBER', data: attack });
    },
    async restartWorker() {
      await runner.close();
      await platform.jobs.stop();
      platform.jobs = createJobs(platform.db, {
        ...JOB_TIMINGS,
        log: platform.log,
        metrics: platform.metrics,
      });
      setMitigationOptions(platform, options);
      runner = startMitigation(platform);
      platform.jobs.start();
    },
    async close() {
      unsubscribe();
      await runner.close();
      await t.close();
    },
  };
}
