import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { call } from '../../test/helpers/app.ts';
import { waitFor } from '../platform/jobs/testing.ts';
import { attackSummary } from './intake-bus.ts';
import { type OncallHarness, ok, oncallHarness, orgWithResponders } from './testing.ts';

const PD = '/api/v1/intake/pagerduty/v2/enqueue';

describe('alert intake', () => {
  let h: OncallHarness;
  let orgId: string;
  let owner: Awaited<ReturnType<typeof orgWithResponders>>['owner'];
  let pdKey: string;
  let amKey: string;
  const incident = async (dedupKey: string, status?: string) =>
    h.platform.db.query<{
      id: string;
      status: string;
      alert_count: number;
      summary: string;
      severity: string;
    }>(
      `select id, status, alert_count, summary, severity from oncall_incidents where dedup_key = $1 ${status ? 'and status = $2' : ''} order by created_at`,
      status ? [dedupKey, status] : [dedupKey],
    );
  before(async () => {
    h = await oncallHarness({ oncall: { subscribeDetection: true } });
    const org = await orgWithResponders(h.app);
    owner = org.owner;
    orgId = owner.orgId;
    const base = `/api/v1/orgs/${orgId}/oncall/integrations`;
    pdKey = (
      await ok(
        h.app,
        { method: 'POST', url: base, auth: owner.auth, body: { name: 'Grafana', kind: 'pagerduty' } },
        201,
      )
    ).key as string;
    amKey = (
      await ok(
        h.app,
        { method: 'POST', url: base, auth: owner.auth, body: { name: 'Prometheus', kind: 'alertmanager' } },
        201,
      )
    ).key as string;
  });
  after(() => h.close());

  test('PagerDuty Events v2: trigger, dedup, acknowledge, resolve, then a new incident', async () => {
    const event = {
      routing_key: pdKey,
      event_action: 'trigger',
      dedup_key: 'srv-1',
      payload: {
        summary: 'CPU high on srv-1',
        source: 'srv-1',
        severity: 'error',
        custom_details: { cpu: 99 },
      },
    };
    const res = await call(h.app, { method: 'POST', url: PD, body: event });
    assert.equal(res.statusCode, 202);
    assert.deepEqual(res.json(), { status: 'success', message: 'Event processed', dedup_key: 'srv-1' });
    assert.equal((await call(h.app, { method: 'POST', url: PD, body: event })).statusCode, 202);
    let rows = await incident('srv-1');
    assert.equal(rows.length, 1, 'same dedup key hits the open incident');
    assert.equal(rows[0]!.alert_count, 2);
    assert.equal(
      (
        await call(h.app, {
          method: 'POST',
          url: PD,
          body: { routing_key: pdKey, event_action: 'acknowledge', dedup_key: 'srv-1' },
        })
      ).statusCode,
      202,
    );
    assert.equal((await incident('srv-1'))[0]!.status, 'acknowledged');
    assert.equal(
      (
        await call(h.app, {
          method: 'POST',
          url: PD,
          body: { routing_key: pdKey, event_action: 'resolve', dedup_key: 'srv-1' },
        })
      ).statusCode,
      202,
    );
    assert.equal((await incident('srv-1'))[0]!.status, 'resolved');
    assert.equal((await call(h.app, { method: 'POST', url: PD, body: event })).statusCode, 202);
    rows = await incident('srv-1');
    assert.deepEqual(
      rows.map((r) => r.status),
      ['resolved', 'triggered'],
      'after resolve a trigger opens a new one',
    );

    // Without dedup_key PagerDuty generates one and returns it.
    const fresh = await call(h.app, { method: 'POST', url: PD, body: { ...event, dedup_key: undefined } });
    assert.equal(fresh.statusCode, 202);
    assert.match(fresh.json().dedup_key, /^[0-9a-f-]{36}$/);
  });

  test('PagerDuty errors look like PagerDuty: invalid events, unknown keys, bad JSON, oversized bodies', async () => {
    const bad = await call(h.app, {
      method: 'POST',
      url: PD,
      body: {
        routing_key: pdKey,
        event_action: 'trigger',
        payload: { summary: 'x', source: 'y', severity: 'fatal' },
      },
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().status, 'invalid event');
    assert.ok(
      bad.json().errors.some((e: string) => e.includes('payload.severity')),
      bad.body,
    );
    const unknown = await call(h.app, {
      method: 'POST',
      url: PD,
      body: {
        routing_key: 'swi_thisisnotarealkeythisisnotarealkeythisisnot',
        event_action: 'trigger',
        payload: { summary: 'x', source: 'y', severity: 'info' },
      },
    });
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(Object.keys(unknown.json()).sort(), ['errors', 'message', 'status']);
    assert.equal(unknown.json().status, 'invalid event');
    assert.equal(unknown.json().message, 'Unknown routing_key');
    assert.match(unknown.json().errors[0], /routing_key/);
    for (const k of [pdKey, amKey, pdKey.slice(0, 12), amKey.slice(0, 12), orgId])
      assert.ok(!unknown.body.includes(k), 'no other key, prefix or org is named');
    assert.equal(
      (
        await call(h.app, { method: 'POST', url: PD, body: { routing_key: pdKey, event_action: 'resolve' } })
      ).json().errors[0],
      "'dedup_key' is required for resolve events",
    );
    const json = await h.app.inject({
      method: 'POST',
      url: PD,
      headers: { 'content-type': 'application/json' },
      payload: '{"routing_key":',
    });
    assert.equal(json.statusCode, 400);
    assert.equal(json.json().status, 'invalid event');
    const big = await call(h.app, {
      method: 'POST',
      url: PD,
      body: {
        routing_key: pdKey,
        event_action: 'trigger',
        payload: {
          summary: 'x',
          source: 'y',
          severity: 'info',
          custom_details: { blob: 'x'.repeat(600_000) },
        },
      },
    });
    assert.equal(big.statusCode, 413);
    // A revoked (or Alertmanager) key is no PagerDuty routing key.
    assert.equal(
      (
        await call(h.app, {
          method: 'POST',
          url: PD,
          body: {
            routing_key: amKey,
            event_action: 'trigger',
            payload: { summary: 'x', source: 'y', severity: 'info' },
          },
        })
      ).statusCode,
      404,
    );
  });

  test('integration keys rotate (old one dead at once) and revoke', async () => {
    const base = `/api/v1/orgs/${orgId}/oncall/integrations`;
    const created = await ok(
      h.app,
      { method: 'POST', url: base, auth: owner.auth, body: { name: 'Temp', kind: 'pagerduty' } },
      201,
    );
    const id = (created.integration as { id: string }).id;
    const trigger = (key: string) =>
      call(h.app, {
        method: 'POST',
        url: PD,
        body: {
          routing_key: key,
          event_action: 'trigger',
          payload: { summary: 'k', source: 'k', severity: 'info' },
        },
      });
    assert.equal((await trigger(created.key as string)).statusCode, 202);
    const rotated = await ok(h.app, { method: 'POST', url: `${base}/${id}/rotate`, auth: owner.auth });
    assert.equal((await trigger(created.key as string)).statusCode, 404);
    assert.equal((await trigger(rotated.key as string)).statusCode, 202);
    await ok(h.app, { method: 'DELETE', url: `${base}/${id}`, auth: owner.auth }, 204);
    assert.equal((await trigger(rotated.key as string)).statusCode, 404);
    const list = (await call(h.app, { url: base, auth: owner.auth })).json() as Array<
      Record<string, unknown>
    >;
    assert.ok(
      list.every((i) => !('key' in i) && !('keyHash' in i) && !('key_hash' in i)),
      'keys are never listed',
    );
  });

  test('Alertmanager v4: one incident per groupKey, resolved when the group resolves', async () => {
    const url = `/api/v1/intake/alertmanager/${amKey}`;
    const alert = (fp: string, status: string) => ({
      status,
      labels: { alertname: 'HighLatency', instance: fp, severity: 'warning' },
      annotations: { summary: 'Latency high' },
      startsAt: '2026-01-01T00:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      fingerprint: fp,
    });
    const body = (status: string, alerts: unknown[]) => ({
      version: '4',
      groupKey: '{}:{alertname="HighLatency"}',
      status,
      receiver: 'swimmy',
      groupLabels: { alertname: 'HighLatency' },
      commonLabels: { alertname: 'HighLatency', severity: 'warning' },
      commonAnnotations: { summary: 'Latency high' },
      externalURL: 'http://am',
      alerts,
    });
    assert.equal(
      (
        await call(h.app, {
          method: 'POST',
          url,
          body: body('firing', [alert('a', 'firing'), alert('b', 'firing')]),
        })
      ).statusCode,
      200,
    );
    const key = 'alertmanager:{}:{alertname="HighLatency"}';
    let rows = await incident(key);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.severity, 'warning');
    assert.equal(
      (
        await call(h.app, {
          method: 'POST',
          url,
          body: body('firing', [alert('a', 'resolved'), alert('b', 'firing')]),
        })
      ).statusCode,
      200,
    );
    assert.equal((await incident(key))[0]!.status, 'triggered', 'still firing while one alert fires');
    assert.equal(
      (
        await call(h.app, {
          method: 'POST',
          url,
          body: body('resolved', [alert('a', 'resolved'), alert('b', 'resolved')]),
        })
      ).statusCode,
      200,
    );
    rows = await incident(key);
    assert.equal(rows[0]!.status, 'resolved');
    const bad = await call(h.app, { method: 'POST', url, body: { ...body('firing', []), version: '3' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(
      (
        await call(h.app, {
          method: 'POST',
          url: `/api/v1/intake/alertmanager/${pdKey}`,
          body: body('firing', [alert('a', 'firing')]),
        })
      ).statusCode,
      404,
    );
  });

  test('detection events: attack.started opens attack:<id>, attack.ended resolves it', async () => {
    const data = {
      id: 'atk-7',
      target: '198.51.100.7',
      classification: { vector: 'udp_amplification', service: 'NTP', sourcePort: 123 },
      current: { pps: 2_300_000, bps: 9e9 },
      peak: { pps: 2_400_000 },
      state: 'active',
    };
    assert.equal(attackSummary(data), 'UDP amplification: NTP to 198.51.100.7 — 2.3 Mpps');
    assert.equal(
      attackSummary({ ...data, classification: { vector: 'udp_amplification', sourcePort: 123 } }),
      'UDP amplification: NTP to 198.51.100.7 — 2.3 Mpps',
    );
    await h.platform.bus.publish({ type: 'attack.started', orgId, tlp: 'AMBER', data });
    await waitFor(async () => (await incident('attack:atk-7')).length === 1, 5000, 'incident opened');
    const rows = await incident('attack:atk-7');
    assert.equal(rows[0]!.summary, 'UDP amplification: NTP to 198.51.100.7 — 2.3 Mpps');
    assert.equal(rows[0]!.severity, 'critical');
    await h.platform.bus.publish({
      type: 'attack.ended',
      orgId,
      tlp: 'AMBER',
      data: { ...data, state: 'ended' },
    });
    await waitFor(
      async () => (await incident('attack:atk-7'))[0]?.status === 'resolved',
      5000,
      'auto-resolved',
    );
  });
});
