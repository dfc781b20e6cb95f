import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { call, setupFirstOrg } from '../../test/helpers/app.ts';
import { attackFixture } from './fixtures.ts';
import type { HookRun } from './schemas.ts';
import { createMitigationTestApp, type MitigationTestApp } from './test-app.ts';
import { steps } from './test-steps.ts';
import { eventually, NODE, recorderProgram, tempDir } from './testing.ts';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A real HTTP endpoint on loopback that fails each delivery's first attempt. */
function receiver() {
  const received: Received[] = [];
  const seen = new Set<string>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      const delivery = String(req.headers['x-swimmy-delivery']);
      const first = !seen.has(delivery);
      seen.add(delivery);
      res.writeHead(first ? 500 : 200).end(first ? 'try again' : 'thanks');
    });
  });
  return { server, received };
}

const SECRET = 'a-long-shared-webhook-secret-123';

describe('action hooks: exec programs and signed webhooks with retries', () => {
  const tmp = tempDir();
  const notify = recorderProgram(tmp.dir, 'notify', 'paged the NOC');
  const { server, received } = receiver();
  let t: MitigationTestApp;
  let orgId: string;
  let api: ReturnType<typeof steps>;
  let runs: () => Promise<HookRun[]>;

  before(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    t = await createMitigationTestApp({ programs: [NODE, notify.path], allowPrivateWebhooks: true });
    const owner = await setupFirstOrg(t.app);
    orgId = owner.orgId;
    api = steps(t, owner.auth, orgId);
    runs = async () =>
      (await call(t.app, { url: `/api/v1/orgs/${orgId}/mitigation/hook-runs`, auth: owner.auth })).json()
        .items;
    await api.settings({
      mode: 'off',
      hooks: [
        {
          id: 'notify',
          kind: 'exec',
          argv: [notify.path, '--team', 'noc'],
          events: ['attack.started', 'attack.ended'],
        },
        {
          id: 'siem',
          kind: 'webhook',
          url: `http://127.0.0.1:${port}/swimmy`,
          secret: SECRET,
          events: ['attack.started', 'attack.updated'],
          maxAttempts: 3,
        },
        {
          id: 'slow',
          kind: 'exec',
          argv: [NODE, '-e', 'setInterval(() => {}, 1000)'],
          timeoutMs: 300,
          events: ['attack.started'],
        },
      ],
    });
  });
  after(async () => {
    server.close();
    await t?.close();
    tmp.remove();
  });

  test('an exec hook gets the attack as JSON on stdin and the event as its last argument', async () => {
    const attack = attackFixture('ntp', { orgId });
    await t.publishAttack('attack.started', orgId, attack);
    await t.publishAttack('attack.started', orgId, attack); // repeated: runs once
    await eventually(() => notify.calls().length === 1, 'the exec hook');
    const c = notify.calls()[0]!;
    assert.deepEqual(c.argv, ['--team', 'noc', 'attack.started']);
    const doc = JSON.parse(c.stdin);
    assert.equal(doc.event, 'attack.started');
    assert.equal(doc.orgId, orgId);
    assert.equal(doc.attack.id, attack.id);
    assert.equal(doc.attack.classification, 'UDP amplification: NTP');
    assert.equal(c.env.SWIMMY_EVENT, 'attack.started');
    assert.equal(c.env.DATABASE_URL, undefined, 'no server secrets in a hook environment');
    const run = await eventually(
      async () => (await runs()).find((r) => r.hookId === 'notify'),
      'the run record',
    );
    assert.equal(run.outcome, 'ok');
    assert.equal(run.exitCode, 0);
    assert.equal(run.output, 'paged the NOC');

    const slow = await eventually(
      async () => (await runs()).find((r) => r.hookId === 'slow'),
      'the slow hook record',
    );
    assert.equal(slow.outcome, 'error');
    assert.match(slow.error ?? '', /timed out after 300 ms/);

    await t.publishAttack('attack.ended', orgId, { ...attack, state: 'ended' });
    await eventually(() => notify.calls().at(-1)?.argv.at(-1) === 'attack.ended', 'the end hook');
  });

  test('a webhook is signed with HMAC-SHA256, retried after a failure, and recorded', async () => {
    const attack = attackFixture('syn', { orgId });
    const mine = () => received.filter((r) => JSON.parse(r.body).attack.id === attack.id);
    await t.publishAttack('attack.started', orgId, attack);
    await eventually(() => mine().length === 2, 'a failed delivery and its retry');
    for (const r of mine()) {
      const expected = `sha256=${createHmac('sha256', SECRET).update(r.body).digest('hex')}`;
      assert.equal(r.headers['x-swimmy-signature'], expected);
      assert.equal(r.headers['x-swimmy-event'], 'attack.started');
      assert.equal(r.headers['content-type'], 'application/json');
    }
    assert.deepEqual(
      mine().map((r) => JSON.parse(r.body).attempt),
      [1, 2],
    );
    const siem = await eventually(async () => {
      const list = (await runs()).filter((r) => r.hookId === 'siem' && r.attackId === attack.id);
      return list.length === 2 ? list : undefined;
    }, 'two webhook runs');
    assert.deepEqual(siem.map((r) => [r.attempt, r.outcome, r.httpStatus]).reverse(), [
      [1, 'error', 500],
      [2, 'ok', 200],
    ]);
  });

  test('updates reach a webhook at most once per interval', async () => {
    const attack = attackFixture('icmp', { orgId });
    await t.publishAttack('attack.started', orgId, attack);
    await eventually(
      () => received.filter((r) => JSON.parse(r.body).attack.id === attack.id).length === 2,
      'start delivered',
    );
    for (let i = 0; i < 5; i++)
      await t.publishAttack('attack.updated', orgId, { ...attack, peak: { pps: i, bps: i } });
    await eventually(
      () => received.some((r) => r.headers['x-swimmy-event'] === 'attack.updated'),
      'an update delivered',
    );
    await pause(400);
    const updates = received.filter(
      (r) => r.headers['x-swimmy-event'] === 'attack.updated' && JSON.parse(r.body).attack.id === attack.id,
    );
    assert.equal(new Set(updates.map((u) => u.headers['x-swimmy-delivery'])).size, 1);
  });

  test('settings never show a webhook secret; leaving it out keeps it', async () => {
    const view = await call(t.app, { url: `/api/v1/orgs/${orgId}/mitigation/settings`, auth: null });
    assert.equal(view.statusCode, 401);
    const current = await api.settings({
      mode: 'off',
      hooks: [{ id: 'siem', kind: 'webhook', url: 'http://127.0.0.1:9/x', events: ['attack.started'] }],
    });
    assert.equal(current.hooks[0].hasSecret, true);
    assert.equal('secret' in current.hooks[0], false);
    assert.ok(!JSON.stringify(current).includes(SECRET));
    const stored = await t.platform.db.one<{ settings: { hooks: Array<{ secret: string }> } }>(
      'select settings from mitigation_settings where org_id = $1',
      [orgId],
    );
    assert.equal(stored?.settings.hooks[0]?.secret, SECRET);
  });
});

describe('webhooks cannot be pointed at internal addresses unless the operator allows it', () => {
  let t: MitigationTestApp;
  let api: ReturnType<typeof steps>;
  let orgId: string;
  let auth: Awaited<ReturnType<typeof setupFirstOrg>>['auth'];
  before(async () => {
    t = await createMitigationTestApp({});
    const owner = await setupFirstOrg(t.app);
    ({ orgId, auth } = owner);
    api = steps(t, auth, orgId);
  });
  after(() => t?.close());

  test('literal internal addresses are refused when saved; names that resolve inside are refused when sent', async () => {
    for (const url of [
      'http://127.0.0.1:8080/x',
      'http://169.254.169.254/latest/meta-data',
      'http://[::1]/x',
      'http://10.0.0.1/',
    ]) {
      const res = await call(t.app, {
        method: 'PUT',
        url: `/api/v1/orgs/${orgId}/mitigation/settings`,
        auth,
        body: { hooks: [{ id: 'w', kind: 'webhook', url, secret: SECRET, events: ['attack.started'] }] },
      });
      assert.equal(res.statusCode, 400, url);
      assert.match(res.json().error.message, /internal address/);
    }
    await api.settings({
      mode: 'off',
      hooks: [
        { id: 'w', kind: 'webhook', url: 'http://localhost:9/x', secret: SECRET, events: ['attack.started'] },
      ],
    });
    await t.publishAttack('attack.started', orgId, attackFixture('ntp', { orgId }));
    const list = await eventually(async () => {
      const items: HookRun[] = (
        await call(t.app, { url: `/api/v1/orgs/${orgId}/mitigation/hook-runs`, auth })
      ).json().items;
      return items.length ? items : undefined;
    }, 'the refused delivery');
    assert.match(list[0]!.error ?? '', /internal addresses; refused/);
    await pause(300);
    assert.equal(
      (await call(t.app, { url: `/api/v1/orgs/${orgId}/mitigation/hook-runs`, auth })).json().items.length,
      1,
      'not retried',
    );
  });
});
