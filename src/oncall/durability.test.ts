import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { engineName, openTestDb } from '../../test/helpers/engines.ts';
import type { Db } from '../platform/db/db.ts';
import { migrate } from '../platform/db/migrate.ts';
import { openPglite } from '../platform/db/pglite.ts';
import { openPostgres } from '../platform/db/postgres.ts';
import { waitFor } from '../platform/jobs/testing.ts';
import { raiseAlert } from './incidents.ts';
import { ok, oncallHarness, orgWithResponders, webhookReceiver } from './testing.ts';

/** A database that can be closed and opened again: a PGlite data directory, or one PostgreSQL schema. */
async function reopenableDb() {
  if (engineName() === 'postgres') {
    const first = await openTestDb();
    const schema = first.schema!;
    const url = process.env.DATABASE_URL!;
    return {
      first: { ...first, close: () => Promise.resolve() } as Db,
      reopen: () => openPostgres({ url, schema }),
      cleanup: () => first.close(),
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'swimmy-oncall-'));
  const open = async () => {
    const db = await openPglite(dir);
    await migrate(db);
    return db;
  };
  return {
    first: await open(),
    reopen: open,
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function setup(h: Awaited<ReturnType<typeof oncallHarness>>, hookUrl: string, delaySeconds: number) {
  const org = await orgWithResponders(h.app);
  const ann = await org.add('ann');
  const bob = await org.add('bob');
  for (const [name, who] of [
    ['ann', ann],
    ['bob', bob],
  ] as const)
    await ok(
      h.app,
      {
        method: 'POST',
        url: '/api/v1/me/notification-rules',
        auth: who.auth,
        body: { channel: 'webhook', target: `${hookUrl}/${name}` },
      },
      201,
    );
  const policy = await ok(
    h.app,
    {
      method: 'POST',
      url: `/api/v1/orgs/${org.owner.orgId}/oncall/policies`,
      auth: org.owner.auth,
      body: {
        name: 'P',
        levels: [
          { delaySeconds, targets: [{ type: 'user', userId: ann.userId }] },
          { delaySeconds: 0, targets: [{ type: 'user', userId: bob.userId }] },
        ],
      },
    },
    201,
  );
  await ok(
    h.app,
    {
      method: 'POST',
      url: `/api/v1/orgs/${org.owner.orgId}/oncall/routing-rules`,
      auth: org.owner.auth,
      body: { name: 'all', conditions: {}, policyId: policy.id },
    },
    201,
  );
  return org.owner.orgId;
}

test('an escalation survives closing the platform and opening a new one on the same database', async (t) => {
  const dbs = await reopenableDb();
  const hook = await webhookReceiver();
  t.after(async () => {
    await hook.close();
    await dbs.cleanup();
  });
  const first = await oncallHarness({ db: dbs.first });
  const orgId = await setup(first, hook.url, 1.5);
  await raiseAlert(first.platform, { orgId, source: 'test', summary: 'survive', severity: 'critical' });
  await waitFor(() => hook.for('/ann').length === 1, 5000, 'level 1 paged');
  await first.close(); // mid-escalation: level 2 is due in 1.5 s
  assert.equal(hook.for('/bob').length, 0);

  const second = await oncallHarness({ db: await dbs.reopen() });
  t.after(() => second.close());
  await waitFor(() => hook.for('/bob').length === 1, 8000, 'level 2 paged by the new process');
  await pause(300);
  assert.equal(hook.for('/ann').length, 1, 'level 1 not paged again');
  assert.equal(hook.for('/bob').length, 1, 'level 2 paged once');
});

test('two workers on one PostgreSQL database never page twice', {
  skip: engineName() === 'pglite' && 'needs PostgreSQL (DATABASE_URL): PGlite is one process',
}, async (t) => {
  const dbs = await reopenableDb();
  const hook = await webhookReceiver();
  const a = await oncallHarness({ db: dbs.first, keepDb: true });
  const b = await oncallHarness({ db: await dbs.reopen() });
  t.after(async () => {
    await Promise.all([a.close(), b.close()]);
    await hook.close();
    await dbs.cleanup();
  });
  const orgId = await setup(a, hook.url, 0.3);
  const N = 40;
  await Promise.all(
    Array.from({ length: N }, (_, i) =>
      raiseAlert((i % 2 ? a : b).platform, {
        orgId,
        source: 'test',
        summary: `inc ${i}`,
        severity: 'critical',
      }),
    ),
  );
  await waitFor(() => hook.for('/bob').length >= N, 15_000, `${N} level-2 pages`);
  await pause(800);
  const ids = hook.received.map((r) => r.headers['x-swimmy-event-id']);
  assert.equal(new Set(ids).size, ids.length, 'no delivery sent twice');
  assert.equal(hook.for('/ann').length, N);
  assert.equal(hook.for('/bob').length, N);
  const incidents = new Set(
    hook.received.map((r) => `${r.path}:${(r.body as { data: { incidentId: string } }).data.incidentId}`),
  );
  assert.equal(incidents.size, 2 * N, 'each person paged once per incident');
  const steps = await a.platform.db.one<{ n: number }>(
    `select count(*)::int as n from jobs where kind = 'oncall.escalate' and attempts > 1`,
  );
  assert.equal(steps?.n, 0, 'no step ran twice');
});
