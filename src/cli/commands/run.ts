import type { Config, Role } from '../../platform/config/schema.ts';
import { StartupError } from '../../platform/platform.ts';
import { startSwimmy } from '../../runtime.ts';
import type { Command } from '../args.ts';
import { configFrom } from '../config.ts';
import { DEMO_OPTIONS, runDemo } from './demo.ts';

/** Runs until SIGINT/SIGTERM, then shuts down in order (HTTP, jobs, bus, database). */
async function runRoles(config: Config): Promise<number> {
  let running: Awaited<ReturnType<typeof startSwimmy>>;
  try {
    running = await startSwimmy(config);
  } catch (err) {
    if (err instanceof StartupError || (err as { code?: string }).code === 'EADDRINUSE') {
      process.stderr.write(`swimmy: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
  const engine = running.platform.db.engine === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
  const parts = [`roles ${config.roles.join('+')}`, `database ${engine}`, `bus ${running.platform.bus.kind}`];
  process.stdout.write(`Swimmy is running (${parts.join(', ')})${running.url ? ` on ${running.url}` : ''}\n`);
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`${signal}: shutting down\n`);
      const force = setTimeout(() => resolve(1), 15_000);
      force.unref();
      running.close().then(
        () => resolve(0),
        (err) => {
          process.stderr.write(`swimmy: shutdown failed: ${(err as Error).message}\n`);
          resolve(1);
        },
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

const roleCommand = (name: string, roles: Role[] | null, summary: string): Command => ({
  name,
  summary,
  usage: `swimmy ${name} [--port N] [--host ADDR] [--config FILE]`,
  options: {
    port: { type: 'string', description: 'HTTP port (also PORT)' },
    host: { type: 'string', description: 'HTTP listen address (also HOST)' },
    ...(name === 'start'
      ? { demo: { type: 'boolean', description: 'demo mode (as `swimmy demo`)' }, ...DEMO_OPTIONS }
      : {}),
  } as Command['options'],
  async run(values) {
    const overrides: Partial<Config> = {};
    if (roles) overrides.roles = roles;
    if (typeof values.port === 'string') overrides.port = Number(values.port);
    if (typeof values.host === 'string') overrides.host = values.host;
    if (values.demo) return runDemo(values, overrides);
    return runRoles(configFrom(values, overrides));
  },
});

export const startCommand = roleCommand(
  'start',
  null,
  'Run every role in this process (default: serve, work, collect).',
);
export const serveCommand = roleCommand(
  'serve',
  ['serve'],
  'Run the HTTP API, web UI, live stream and public pages.',
);
export const workCommand = roleCommand(
  'work',
  ['work'],
  'Run durable jobs: escalations, deliveries, timers.',
);
