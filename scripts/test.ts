// Runs one test suite: `unit` (embedded engines only), `services` (the same tests against real
// PostgreSQL and NATS), or `e2e` (the UI in Debian's Chromium). A missing service fails loudly.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';

const suite = process.argv[2];
const extra = process.argv.slice(3);
const env = { ...process.env };

function reachable(url: string, fallbackPort: number): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = connect({ host: u.hostname, port: Number(u.port || fallbackPort) });
    s.setTimeout(2000);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
    s.once('timeout', () => {
      s.destroy();
      resolve(false);
    });
  });
}

let files: string[];
if (suite === 'unit') {
  delete env.DATABASE_URL;
  delete env.NATS_URL;
  files = ['src/**/*.test.ts', 'test/**/*.test.ts'];
} else if (suite === 'services') {
  env.DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/test';
  env.NATS_URL ??= 'nats://127.0.0.1:4222';
  for (const [name, url, port] of [
    ['PostgreSQL', env.DATABASE_URL, 5432],
    ['NATS', env.NATS_URL, 4222],
  ] as const) {
    if (!(await reachable(url, port))) {
      console.error(
        `test:services: ${name} is not reachable at ${new URL(url).host}; start it (see README) — not skipping.`,
      );
      process.exit(1);
    }
  }
  files = ['src/**/*.test.ts', 'test/**/*.test.ts'];
} else if (suite === 'e2e') {
  env.CHROMIUM_PATH ??= '/usr/bin/chromium';
  if (!existsSync(env.CHROMIUM_PATH)) {
    console.error(
      `test:e2e: no Chromium at ${env.CHROMIUM_PATH}; install it (apt-get install -y chromium) or set CHROMIUM_PATH.`,
    );
    process.exit(1);
  }
  const built = spawnSync(process.execPath, ['scripts/ensure-ui.ts'], { stdio: 'inherit', env });
  if (built.status !== 0) process.exit(built.status ?? 1);
  files = ['ui/e2e/*.e2e.ts'];
} else {
  console.error('usage: node scripts/test.ts unit|services|e2e [node --test options]');
  process.exit(2);
}

const concurrency = suite === 'e2e' ? '1' : '2';
// A test that hangs (say, a server left open after a failed setup) fails instead of stalling CI.
const res = spawnSync(
  process.execPath,
  ['--test', `--test-concurrency=${concurrency}`, '--test-timeout=180000', ...extra, ...files],
  {
    stdio: 'inherit',
    env,
  },
);
process.exit(res.status ?? 1);
