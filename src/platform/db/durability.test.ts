/**
 * Acknowledged writes survive `kill -9` of the real server, on the engine the environment
 * chooses (PGlite in a temporary data directory; PostgreSQL in a schema of its own when
 * DATABASE_URL is set), and a PGlite data directory is never shared by two processes.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestContext, test } from 'node:test';
import {
  createTokenOverHttp,
  http,
  loginOverHttp,
  type Proc,
  runCli,
  servicesFromEnv,
  setupOverHttp,
  startServer,
  tempDir,
  withOutput,
} from '../../../test/helpers/process.ts';

const TOKENS = 20;
const MEMBERS = 5;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

test('acknowledged writes survive kill -9 and a restart on the same data', async (t) => {
  const procs: Proc[] = [];
  await survivesKill(t, procs).catch(withOutput(procs));
});

async function survivesKill(t: TestContext, procs: Proc[]) {
  const dir = tempDir('swimmy-durability-');
  const services = servicesFromEnv('dur');
  t.after(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    await services.cleanup();
    dir.remove();
  });
  const env = { SWIMMY_DATA_DIR: dir.path, SWIMMY_ROLES: 'serve,work', ...services.env };

  const first = await startServer({ env, onSpawn: (p) => procs.push(p) });
  const { auth, orgId, email } = await setupOverHttp(first.url);

  // Half the writes one after another, half at once: both must be on disk when answered.
  const tokens: Array<{ id: string; secret: string }> = [];
  for (let i = 0; i < TOKENS / 2; i++)
    tokens.push(await createTokenOverHttp(first.url, auth, orgId, `seq-${i}`));
  tokens.push(
    ...(await Promise.all(
      Array.from({ length: TOKENS / 2 }, (_, i) => createTokenOverHttp(first.url, auth, orgId, `par-${i}`)),
    )),
  );
  const emails = Array.from({ length: MEMBERS }, (_, i) => `member${i}@acme.test`);
  for (const m of emails) {
    const res = await http(first.url, `/api/v1/orgs/${orgId}/members`, {
      method: 'POST',
      auth,
      body: { email: m, name: m, role: 'responder' },
    });
    assert.equal(res.status, 201, res.text);
  }

  // No grace: the process gets no chance to flush or close anything.
  const killed = await first.proc.stop('SIGKILL');
  assert.equal(killed.signal, 'SIGKILL');
  if (services.engine === 'pglite') {
    const lock = join(dir.path, 'swimmy.lock');
    assert.ok(existsSync(lock), 'the dead process left its lock behind');
    assert.equal(readFileSync(lock, 'utf8').trim(), String(first.proc.pid));
  }

  // The lock of the dead pid is taken over; the data is all there.
  const second = await startServer({ env, onSpawn: (p) => procs.push(p) });
  const session = await loginOverHttp(second.url, email);
  const list = await http(second.url, `/api/v1/orgs/${orgId}/tokens?limit=100`, { auth: session });
  assert.equal(list.status, 200, list.text);
  const stored = new Set((list.body as Page<{ id: string }>).items.map((x) => x.id));
  const lost = tokens.filter((x) => !stored.has(x.id));
  assert.deepEqual(lost, [], `${lost.length} of ${TOKENS} acknowledged tokens lost`);

  for (const { secret } of tokens) {
    const res = await http(second.url, `/api/v1/orgs/${orgId}/members?limit=100`, {
      auth: { token: secret },
    });
    assert.equal(res.status, 200, res.text);
  }
  const members = await http(second.url, `/api/v1/orgs/${orgId}/members?limit=100`, { auth: session });
  const present = (members.body as Page<{ email: string; role: string }>).items;
  for (const m of emails) {
    assert.ok(
      present.some((p) => p.email === m && p.role === 'responder'),
      `member ${m} lost: ${members.text}`,
    );
  }

  const stopped = await second.proc.stop('SIGTERM');
  assert.equal(stopped.code, 0, `clean shutdown: ${second.proc.stderr()}`);
  if (services.engine === 'pglite') assert.ok(!existsSync(join(dir.path, 'swimmy.lock')), 'lock released');
}

test('a second process on the same PGlite data directory is refused while the first runs', async (t) => {
  const procs: Proc[] = [];
  await refusesSecond(t, procs).catch(withOutput(procs));
});

async function refusesSecond(t: TestContext, procs: Proc[]) {
  // The lock is a PGlite property: this test always runs on PGlite.
  const dir = tempDir('swimmy-lock-');
  t.after(async () => {
    await Promise.all(procs.map((p) => p.stop('SIGKILL')));
    dir.remove();
  });
  const env = { SWIMMY_DATA_DIR: dir.path, SWIMMY_ROLES: 'serve' };
  const first = await startServer({ env, onSpawn: (p) => procs.push(p) });

  for (const args of [['start'], ['admin', 'reset-password', '--email', 'nobody@acme.test'], ['migrate']]) {
    const r = await runCli(args, { env: { ...env, PORT: '0', SWIMMY_LOG_LEVEL: 'warn' } });
    assert.notEqual(r.code, 0, `${args.join(' ')} must fail`);
    assert.match(
      r.stderr,
      new RegExp(`data directory .* is in use by process ${first.proc.pid}`),
      `${args.join(' ')}: ${r.stderr}`,
    );
    assert.doesNotMatch(r.stdout, /Swimmy is running/);
  }

  // The refused processes left the first one and its lock alone.
  assert.equal(readFileSync(join(dir.path, 'swimmy.lock'), 'utf8').trim(), String(first.proc.pid));
  const ready = await http(first.url, '/readyz');
  assert.equal(ready.status, 200, ready.text);
}
