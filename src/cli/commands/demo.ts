import { DEMO_OVERRIDES, type DemoMode, startDemoMode } from '../../demo/mode.ts';
import { MIN_PASSWORD_LENGTH } from '../../platform/auth/secrets.ts';
import type { Config } from '../../platform/config/schema.ts';
import { StartupError } from '../../platform/platform.ts';
import { type Command, UsageError } from '../args.ts';
import { configFrom } from '../config.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

/** Runs demo mode until SIGINT/SIGTERM (shared by `swimmy demo` and `swimmy start --demo`). */
export async function runDemo(values: Record<string, unknown>, overrides: Partial<Config>): Promise<number> {
  let password: string | undefined;
  if (values['password-stdin']) {
    password = await readStdin();
    if (password.length < MIN_PASSWORD_LENGTH)
      throw new UsageError(`the password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const every = values['every-minutes'] === undefined ? 5 : Number(values['every-minutes']);
  if (!(Number.isFinite(every) && every >= 0 && every <= 1440))
    throw new UsageError('--every-minutes must be a number of minutes from 0 to 1440');
  let demo: DemoMode;
  try {
    demo = await startDemoMode(configFrom(values, { ...overrides, ...DEMO_OVERRIDES }), {
      ...(password ? { password } : {}),
      everyMinutes: every,
      setupOnly: values['setup-only'] === true,
      log: (line) => process.stdout.write(`${line}\n`),
    });
  } catch (err) {
    if (err instanceof StartupError || (err as { code?: string }).code === 'EADDRINUSE') {
      process.stderr.write(`swimmy: ${(err as Error).message}\n`);
      return 1;
    }
    throw err;
  }
  process.stdout.write(`Swimmy demo is running on ${demo.running.url} (Ctrl-C stops it)\n`);
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.stdout.write(`${signal}: shutting down\n`);
      const force = setTimeout(() => resolve(1), 15_000);
      force.unref();
      demo.close().then(
        () => resolve(0),
        () => resolve(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}

export const DEMO_OPTIONS = {
  'every-minutes': { type: 'string', description: 'minutes between demo floods (default 5; 0 = once)' },
  'setup-only': { type: 'boolean', description: 'set the demo up but run no story (for benchmarks)' },
  'password-stdin': { type: 'boolean', description: 'read one password for every demo account from stdin' },
} as const;

export const demoCommand: Command = {
  name: 'demo',
  summary: 'Run Swimmy with the demo consortium and a live DDoS story (flood over loopback).',
  usage: 'swimmy demo [--port N] [--host ADDR] [--every-minutes N] [--password-stdin] [--config FILE]',
  options: {
    port: { type: 'string', description: 'HTTP port (also PORT)' },
    host: { type: 'string', description: 'HTTP listen address (also HOST)' },
    ...DEMO_OPTIONS,
  },
  async run(values) {
    const overrides: Partial<Config> = {};
    if (typeof values.port === 'string') overrides.port = Number(values.port);
    if (typeof values.host === 'string') overrides.host = values.host;
    return runDemo(values, overrides);
  },
};
