import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import {
  type HttpAuth,
  http,
  loginOverHttp,
  type Proc,
  servicesFromEnv,
  setupOverHttp,
  spawnCli,
  startServer,
  tempDir,
  withOutput,
} from '../../test/helpers/process.ts';
import { waitFor } from '../platform/jobs/testing.ts';
import { webhookReceiver } from './testing.ts';

// The real `work` role in child processes, killed with SIGKILL mid-escalation and started again:
// every page that comes due reaches a local webhook receiver exactly once (per event id).
// PGlite is one process at a time, so a `serve` child creates the org, people, rules, policy and
// the 100 incidents first and stops; then `work` runs alone. On PostgreSQL two `work` run at once.

const INCIDENTS = 100;
/** ann (level 1) → bob (level 2), 300 ms apart, the policy run 3 times: 6 pages per incident. */
const ROUNDS = 3;
const PAGES_PER_INCIDENT = 2 * ROUNDS;
const EXPECTED = INCIDENTS * PAGES_PER_INCIDENT;

async function api(base: string, auth: HttpAuth, method: string, path: string, body?: unknown) {
  const res = await http(base, path, { method, auth, ...(body !== undefined ? { body } : {}) });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
  return res.body as Record<string, unknown>;
}

test('kill -9 of work mid-escalation: every due page delivered exactly once after restart', {
  timeout: 90_000,
}, async (t) => {
  const services = servicesFromEnv('odur');
  const dir = tempDir('swimmy-oncall-kill-');
  const hook = await webhookReceiver();
  const procs: Proc[] = [];
  const env = {
    ...services.env,
    SWIMMY_DATA_DIR: dir.path,
    SWIMMY_WEBHOOK_ALLOW_ADDRESSES: '127.0.0.1',
    SWIMMY_JOB_POLL_MS: '50',
    // A killed worker's jobs are taken over after the lease: short here, 30 s by default.
    SWIMMY_JOB_LEASE_MS: '5000',
    SWIMMY_LOG_LEVEL: 'warn',
    SWIMMY_PUBLIC_URL: 'http://swimmy.test',
  };
  t.after(async () => {
    for (const p of procs) await p.stop('SIGKILL');
    await hook.close();
    await services.cleanup();
    dir.remove();
  });
  const work = async () => {
    const p = spawnCli(['work'], { env });
    procs.push(p);
    await p.waitFor(/Swimmy is running/, 30_000);
    return p;
  };

  const t0 = Date.now();
  const phases: string[] = [];
  const mark = (what: string) => phases.push(`${what} ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  try {
    // 1. Setup through the API of a `serve` process (no worker: nothing is paged yet).
    const serve = await startServer({ command: 'serve', env });
    procs.push(serve.proc);
    const base = serve.url;
    const owner = await setupOverHttp(base, 'acme');
    const o = `/api/v1/orgs/${owner.orgId}`;
    const people: Record<string, string> = {};
    for (const name of ['ann', 'bob']) {
      const m = (await api(base, owner.auth, 'POST', `${o}/members`, {
        email: `${name}@acme.test`,
        name,
        role: 'responder',
      })) as { member: { userId: string }; initialPassword: string };
      people[name] = m.member.userId;
      const auth = await loginOverHttp(base, `${name}@acme.test`, m.initialPassword);
      await api(base, auth, 'POST', '/api/v1/me/notification-rules', {
        channel: 'webhook',
        target: `${hook.url}/${name}`,
      });
    }
    const policy = await api(base, owner.auth, 'POST', `${o}/oncall/policies`, {
      name: 'Network',
      repeat: ROUNDS - 1,
      levels: [
        { delaySeconds: 0.3, targets: [{ type: 'user', userId: people.ann }] },
        { delaySeconds: 0.3, targets: [{ type: 'user', userId: people.bob }] },
      ],
    });
    await api(base, owner.auth, 'POST', `${o}/oncall/routing-rules`, {
      name: 'all',
      conditions: {},
      policyId: policy.id,
    });
    const key = (await api(base, owner.auth, 'POST', `${o}/oncall/integrations`, {
      name: 'monitoring',
      kind: 'pagerduty',
    })) as { key: string };
    for (let i = 0; i < INCIDENTS; i += 20)
      await Promise.all(
        Array.from({ length: Math.min(20, INCIDENTS - i) }, async (_, j) => {
          const res = await http(base, '/api/v1/intake/pagerduty/v2/enqueue', {
            method: 'POST',
            body: {
              routing_key: key.key,
              event_action: 'trigger',
              dedup_key: `inc-${i + j}`,
              payload: { summary: `incident ${i + j}`, source: 'durability', severity: 'critical' },
            },
          });
          assert.equal(res.status, 202, res.text);
        }),
      );
    mark('incidents opened');
    await serve.proc.stop();
    mark('serve stopped');
    assert.equal(hook.received.length, 0, 'nothing paged without a worker');

    // 2. `work` (two of them on PostgreSQL), killed with SIGKILL mid-escalation.
    const two = services.engine === 'postgres';
    const victim = await work();
    const other = two ? await work() : undefined;
    await waitFor(() => hook.received.length >= EXPECTED / 6, 20_000, 'escalation under way');
    await victim.stop('SIGKILL');
    const killedAt = Date.now();
    mark('killed');
    const atKill = hook.received.length;
    assert.ok(atKill < EXPECTED, `killed mid-escalation (${atKill} of ${EXPECTED} pages sent)`);

    // 3. Restart: what the dead process held comes back when its leases expire (30 s).
    await work();
    await waitFor(
      () => new Set(hook.received.map((r) => r.headers['x-swimmy-event-id'])).size >= EXPECTED,
      45_000,
      `${EXPECTED} distinct pages`,
    );
    mark('all delivered');
    await pause(1000); // the idempotency window: nothing more may arrive

    const ids = hook.received.map((r) => String(r.headers['x-swimmy-event-id']));
    const firstSeen = new Map<string, number>();
    const redelivered = new Set<string>();
    for (const r of hook.received) {
      const id = String(r.headers['x-swimmy-event-id']);
      if (firstSeen.has(id)) redelivered.add(id);
      else firstSeen.set(id, r.at);
    }
    const perIncident = new Map<string, number>();
    const firstOfEach = hook.received.filter((_, i) => ids.indexOf(ids[i]!) === i);
    for (const r of firstOfEach) {
      const k = `${r.path}:${(r.body as { data: { incidentId: string } }).data.incidentId}`;
      perIncident.set(k, (perIncident.get(k) ?? 0) + 1);
    }
    const lost = EXPECTED - firstSeen.size;
    const duplicated = firstSeen.size - EXPECTED; // a page sent under a second event id
    t.diagnostic(
      `${services.engine}, ${two ? 2 : 1} work process(es): ${atKill} pages before kill -9, ${firstSeen.size} distinct, ${hook.received.length} requests, ${redelivered.size} re-sent by event id, lost ${lost}, duplicated ${duplicated}; ${phases.join(', ')}`,
    );
    assert.equal(lost, 0, 'no page lost');
    assert.equal(duplicated, 0, 'no page sent twice under different event ids');
    assert.equal(perIncident.size, 2 * INCIDENTS, 'ann and bob paged for every incident');
    for (const [k, n] of perIncident) assert.equal(n, ROUNDS, `${k}: once per round`);
    // A receiver dedups by event id; the same id again is only an at-least-once re-send of a
    // request in flight when the process died, never a second page.
    for (const id of redelivered)
      assert.ok(firstSeen.get(id)! <= killedAt, `event ${id} re-sent although first sent after the kill`);
    if (other) assert.ok(!other.done(), 'the second worker kept running');
  } catch (err) {
    withOutput(procs)(err);
  }
});
