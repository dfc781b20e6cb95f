import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform.ts';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([
    p,
    new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no answer in ${ms} ms`)), ms).unref()),
  ]);

async function check(fn: () => Promise<void>): Promise<'ok' | string> {
  try {
    await withTimeout(fn(), 2000);
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  }
}

/** Liveness (the process answers) and readiness (its database and bus answer). */
export function registerHealth(app: FastifyInstance, platform: Platform) {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    const [database, bus] = await Promise.all([
      check(() => platform.db.ping()),
      check(() => platform.bus.ping()),
    ]);
    const ready = database === 'ok' && bus === 'ok';
    reply.status(ready ? 200 : 503);
    return {
      status: ready ? 'ready' : 'unavailable',
      checks: {
        database: { engine: platform.db.engine, status: database },
        bus: { kind: platform.bus.kind, status: bus },
      },
    };
  });
}
