import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as pause } from 'node:timers/promises';
import { verifySignature } from '../notify/index.ts';
import { waitFor } from '../platform/jobs/testing.ts';
import { raiseAlert } from './incidents.ts';
import { type OncallHarness, ok, oncallHarness, orgWithResponders, webhookReceiver } from './testing.ts';

// Real timers, short delays: level 1 → 400 ms → level 2; ack timeout 900 ms.
describe('escalation end to end', () => {
  let h: OncallHarness;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let org: Awaited<ReturnType<typeof orgWithResponders>>;
  let ann: { userId: string; auth: { cookie: string; csrf: string } };
  let bob: typeof ann;
  let secrets: Record<string, string>;
  let policyId: string;
  before(async () => {
    h = await oncallHarness();
    hook = await webhookReceiver();
    org = await orgWithResponders(h.app);
    ann = await org.add('ann');
    bob = await org.add('bob');
    secrets = {};
    for (const [name, who] of [
      ['ann', ann],
      ['bob', bob],
    ] as const) {
      const r = await ok(
        h.app,
        {
          method: 'POST',
          url: '/api/v1/me/notification-rules',
          auth: who.auth,
          body: { channel: 'webhook', target: `${hook.url}/${name}` },
        },
        201,
      );
      secrets[name] = r.secret as string;
    }
    const policy = await ok(
      h.app,
      {
        method: 'POST',
        url: `/api/v1/orgs/${org.owner.orgId}/oncall/policies`,
        auth: org.owner.auth,
        body: {
          name: 'Network',
          ackTimeoutSeconds: 0.9,
          levels: [
            { delaySeconds: 0.4, targets: [{ type: 'user', userId: ann.userId }] },
            { delaySeconds: 0.4, targets: [{ type: 'user', userId: bob.userId }] },
          ],
        },
      },
      201,
    );
    policyId = policy.id;
    await ok(
      h.app,
      {
        method: 'POST',
        url: `/api/v1/orgs/${org.owner.orgId}/oncall/routing-rules`,
        auth: org.owner.auth,
        body: { name: 'all', position: 100, conditions: {}, policyId },
      },
      201,
    );
  });
  after(async () => {
    await h.close();
    await hook.close();
  });

  test('trigger → level 1 → level 2 → ack stops → ack timeout resumes → resolve ends', async () => {
    const { orgId } = org.owner;
    const started = Date.now();
    const r = await raiseAlert(h.platform, {
      orgId,
      source: 'test',
      dedupKey: 'e2e-1',
      summary: 'Disk on fire',
      severity: 'critical',
    });
    await waitFor(() => hook.for('/ann').length === 1, 5000, 'ann paged');
    assert.equal(hook.for('/bob').length, 0, 'level 2 waits for the delay');
    const annHit = hook.for('/ann')[0]!;
    assert.ok(
      verifySignature(secrets.ann!, annHit.raw, annHit.headers['x-swimmy-signature'] as string),
      "signed with ann's secret",
    );
    assert.equal((annHit.body as { data: { incidentId: string } }).data.incidentId, r.incidentId);
    await waitFor(() => hook.for('/bob').length === 1, 5000, 'bob paged after no ack');
    assert.ok(hook.for('/bob')[0]!.at - started >= 380, 'level 2 came after the level delay');

    const url = `/api/v1/orgs/${orgId}/incidents/${r.incidentId}`;
    const acked = await ok(h.app, { method: 'POST', url: `${url}/acknowledge`, auth: bob.auth });
    assert.equal(acked.status, 'acknowledged');
    const before = hook.received.length;
    await pause(600);
    assert.equal(hook.received.length, before, 'nothing more while acknowledged');

    // The ack timeout (0.9 s) returns it to triggered and pages the last level again.
    await waitFor(() => hook.for('/bob').length === 2, 5000, 'escalation resumed after the ack timeout');
    const detail = await ok(h.app, { url, auth: org.owner.auth });
    assert.equal((detail.incident as { status: string }).status, 'triggered');

    await ok(h.app, { method: 'POST', url: `${url}/resolve`, auth: ann.auth });
    const settled = hook.received.length;
    await pause(1000);
    assert.equal(hook.received.length, settled, 'nothing after resolve');

    const final = await ok(h.app, { url, auth: org.owner.auth });
    const kinds = (final.timeline as Array<{ kind: string }>).map((e) => e.kind);
    for (const k of [
      'triggered',
      'notified',
      'acknowledged',
      'ack_timeout',
      'resolved',
      'notification_delivered',
    ])
      assert.ok(kinds.includes(k), `timeline has ${k}: ${kinds.join(', ')}`);
    const deliveries = final.deliveries as Array<{ status: string; channel: string }>;
    assert.equal(deliveries.filter((d) => d.status === 'delivered').length, 3);
    const incident = final.incident as { status: string; ackedBy: string | null };
    assert.equal(incident.status, 'resolved');
  });

  test('same dedup key joins the open incident; after resolve a trigger opens a new one', async () => {
    const { orgId } = org.owner;
    const a = await raiseAlert(h.platform, {
      orgId,
      source: 'test',
      dedupKey: 'dup',
      summary: 'x',
      severity: 'error',
    });
    const b = await raiseAlert(h.platform, {
      orgId,
      source: 'test',
      dedupKey: 'dup',
      summary: 'x again',
      severity: 'error',
    });
    assert.equal(b.incidentId, a.incidentId);
    assert.ok(a.created && !b.created);
    await ok(h.app, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/incidents/${a.incidentId}/resolve`,
      auth: ann.auth,
    });
    const c = await raiseAlert(h.platform, {
      orgId,
      source: 'test',
      dedupKey: 'dup',
      summary: 'x',
      severity: 'error',
    });
    assert.ok(c.created);
    assert.notEqual(c.incidentId, a.incidentId);
    await ok(h.app, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/incidents/${c.incidentId}/resolve`,
      auth: ann.auth,
    });
  });

  test('low urgency pages the first level only; escalate-now and reassign page at once', async () => {
    const { orgId } = org.owner;
    const low = await ok(
      h.app,
      {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/oncall/policies`,
        auth: org.owner.auth,
        body: {
          name: 'Low',
          urgency: 'low',
          levels: [
            { delaySeconds: 0.1, targets: [{ type: 'user', userId: ann.userId }] },
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
        url: `/api/v1/orgs/${orgId}/oncall/routing-rules`,
        auth: org.owner.auth,
        body: { name: 'low first', position: 10, conditions: { sources: ['lowsrc*'] }, policyId: low.id },
      },
      201,
    );
    const annBefore = hook.for('/ann').length;
    const bobBefore = hook.for('/bob').length;
    const r = await raiseAlert(h.platform, {
      orgId,
      source: 'lowsrc-1',
      summary: 'minor',
      severity: 'warning',
    });
    await waitFor(() => hook.for('/ann').length === annBefore + 1, 5000, 'ann paged');
    await pause(400);
    assert.equal(hook.for('/bob').length, bobBefore, 'low urgency does not escalate');
    const url = `/api/v1/orgs/${orgId}/incidents/${r.incidentId}`;
    const esc = await ok(h.app, { method: 'POST', url: `${url}/escalate`, auth: ann.auth });
    assert.equal(esc.status, 'triggered');
    await waitFor(() => hook.for('/bob').length === bobBefore + 1, 5000, 'escalate-now pages level 2');
    await ok(h.app, {
      method: 'POST',
      url: `${url}/reassign`,
      auth: ann.auth,
      body: { userIds: [ann.userId] },
    });
    await waitFor(() => hook.for('/ann').length === annBefore + 2, 5000, 'reassign pages the new assignee');
    const mine = await ok(h.app, {
      url: `/api/v1/orgs/${orgId}/incidents?mine=true&status=triggered`,
      auth: ann.auth,
    });
    assert.ok((mine.items as Array<{ id: string }>).some((i) => i.id === r.incidentId));
    await ok(h.app, { method: 'POST', url: `${url}/resolve`, auth: ann.auth });
  });

  test('the auditor repairs an escalation whose step job was lost', async () => {
    const { orgId } = org.owner;
    const { audit } = await import('./auditor.ts');
    const { oncallMetrics } = await import('./metrics.ts');
    const r = await raiseAlert(h.platform, {
      orgId,
      source: 'test',
      summary: 'lost step',
      severity: 'critical',
    });
    await waitFor(
      async () =>
        (
          await h.platform.db.one<{ l: number }>(
            'select last_level as l from oncall_incidents where id = $1',
            [r.incidentId],
          )
        )?.l === 0,
      5000,
      'level 1 ran',
    );
    // Someone deletes the pending level-2 job: the escalation would stall for ever.
    const gone = await h.platform.db.execute(
      `delete from jobs where idempotency_key like $1 and state = 'pending'`,
      [`esc:${r.incidentId}:%`],
    );
    assert.equal(gone, 1);
    const bobBefore = hook.for('/bob').length;
    assert.equal(await audit(h.platform, oncallMetrics(h.platform)), 1);
    assert.equal(await audit(h.platform, oncallMetrics(h.platform)), 0, 'repaired once');
    await waitFor(() => hook.for('/bob').length === bobBefore + 1, 5000, 'escalation continued');
    await ok(h.app, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/incidents/${r.incidentId}/resolve`,
      auth: ann.auth,
    });
    const metrics = await h.platform.metrics.getSingleMetricAsString('swimmy_oncall_auditor_repairs_total');
    assert.match(metrics, /kind="step"\} 1/);
  });
});
