import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Auth, call, setupFirstOrg } from '../../test/helpers/app.ts';
import type { OrgRole } from '../policy/roles.ts';
import { attackFixture } from './fixtures.ts';
import { createMitigationTestApp, type MitigationTestApp } from './test-app.ts';
import { steps } from './test-steps.ts';
import { eventually, NODE, tempDir } from './testing.ts';

describe('mitigation API: settings validation, preview, access rules', () => {
  const tmp = tempDir();
  let t: MitigationTestApp;
  let orgId: string;
  let otherOrg: string;
  let owner: Auth;
  const tokens = new Map<OrgRole, Auth>();
  let proposedId: string;

  before(async () => {
    t = await createMitigationTestApp({ programs: [NODE], fifoDirs: [tmp.dir] });
    const o = await setupFirstOrg(t.app);
    orgId = o.orgId;
    owner = o.auth;
    for (const role of ['viewer', 'responder', 'admin', 'owner'] as const) {
      const res = await call(t.app, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/tokens`,
        body: { name: role, role },
        auth: owner,
      });
      tokens.set(role, { token: res.json().secret });
    }
    const other = await call(t.app, {
      method: 'POST',
      url: '/api/v1/orgs',
      body: { name: 'Other', handle: 'other' },
      auth: owner,
    });
    otherOrg = other.json().id;
    const attack = attackFixture('ntp', { orgId });
    await t.publishAttack('attack.started', orgId, attack);
    proposedId = (await steps(t, owner, orgId).reach(attack.id, 'proposed')).id;
  });
  after(async () => {
    await t?.close();
    tmp.remove();
  });

  const put = (body: unknown, auth = owner) =>
    call(t.app, { method: 'PUT', url: `/api/v1/orgs/${orgId}/mitigation/settings`, body, auth });

  test('defaults: propose, log only, FlowSpec only, no RTBH, five-minute hold', async () => {
    const res = await call(t.app, {
      url: `/api/v1/orgs/${orgId}/mitigation/settings`,
      auth: tokens.get('viewer')!,
    });
    assert.equal(res.statusCode, 200);
    const s = res.json();
    assert.deepEqual(
      [s.mode, s.driver, s.rtbh.enabled, s.flowspec.enabled, s.holdSeconds],
      ['propose', { kind: 'log' }, false, true, 300],
    );
    assert.equal(s.updatedAt, null);
  });

  test('settings are validated strictly, every problem named', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ mode: 'sometimes' }, /mode/],
      [{ unknown: 1 }, /additional|unknown/i],
      [{ allowList: [{ prefix: '192.0.2.1/24', allowFlowspec: true }] }, /host bits zero/],
      [{ rtbh: { enabled: true } }, /needs nextHopV4/],
      [{ rtbh: { nextHopV4: '2001:db8::1' } }, /must be an IPv4 address/],
      [{ rtbh: { communities: ['65535:70000'] } }, /not ASN:value/],
      [{ rtbh: { communities: ['no-export'] } }, /not ASN:value/],
      [{ driver: { kind: 'exec', argv: ['/bin/sh', '-c', 'reboot'] } }, /not among the programs/],
      [{ driver: { kind: 'exabgp', fifo: '/etc/passwd' } }, /not inside a directory/],
      [{ driver: { kind: 'exabgp', fifo: `${tmp.dir}/../x` } }, /normalised/],
      [
        { driver: { kind: 'gobgp', binary: NODE, host: 'router.example; rm -rf /' } },
        /must be an IP address/,
      ],
      [
        {
          hooks: [
            { id: 'a', kind: 'exec', argv: [NODE], events: ['attack.started'] },
            { id: 'a', kind: 'exec', argv: [NODE], events: ['attack.ended'] },
          ],
        },
        /used twice/,
      ],
      [
        { hooks: [{ id: 'w', kind: 'webhook', url: 'https://hooks.example/x', events: ['attack.started'] }] },
        /needs a secret/,
      ],
      [
        {
          hooks: [
            {
              id: 'w',
              kind: 'webhook',
              url: 'https://user:pw@hooks.example/x',
              secret: 'x'.repeat(20),
              events: ['attack.started'],
            },
          ],
        },
        /credentials/,
      ],
      [{ holdSeconds: -1 }, /holdSeconds|minimum|>=/],
      [{ flowspec: { rateLimitBytesPerSecond: 100 } }, /rateLimitBytesPerSecond|minimum|>=/],
    ];
    for (const [body, message] of cases) {
      const res = await put(body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.body}`);
      assert.equal(res.json().error.code, 'validation_failed');
      assert.match(res.json().error.message, message, JSON.stringify(body));
    }
  });

  test('valid settings are stored in canonical form and audited', async () => {
    const res = await put({
      mode: 'propose',
      rtbh: {
        enabled: true,
        nextHopV4: '192.0.2.1',
        nextHopV6: '2001:DB8:0::1',
        communities: ['65535:666', '64500:1'],
      },
      allowList: [{ prefix: '2001:DB8::/32', allowFlowspec: false }],
      driver: { kind: 'exabgp', fifo: `${tmp.dir}/exabgp.cmd` },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().rtbh.nextHopV6, '2001:db8::1');
    assert.equal(res.json().allowList[0].prefix, '2001:db8::/32');
    assert.ok(res.json().updatedAt);
    const audited = await t.platform.db.one<{ details: Record<string, unknown> }>(
      `select details from audit_log where org_id = $1 and action = 'mitigation.settings_changed' order by id desc limit 1`,
      [orgId],
    );
    assert.deepEqual([audited?.details.driver, audited?.details.rtbh], ['exabgp', true]);
  });

  test('preview: rules and the exact commands for a posted attack or a seen attack id', async () => {
    const attack = attackFixture('udp', {
      orgId,
      target: '198.51.100.9',
      spoofing: 'high',
      vectors: ['udp', 'gre'],
    });
    const res = await call(t.app, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/mitigation/preview`,
      body: { attack },
      auth: tokens.get('viewer')!,
    });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.driver, 'exabgp');
    assert.deepEqual(body.exabgp.announce, [
      'announce flow route { match { destination 198.51.100.9/32; protocol udp; destination-port =27015; } then { discard; } }',
    ]);
    assert.equal(body.commands.announce, `${body.exabgp.announce[0]}\n`);
    assert.deepEqual(body.gobgp.withdraw, [
      'gobgp global rib -a ipv4-flowspec del match destination 198.51.100.9/32 protocol udp destination-port ==27015 then discard',
    ]);
    assert.ok(body.notes.some((n: string) => n.startsWith('gre:')));
    const seen = attackFixture('icmp', { orgId, target: '198.51.100.77' });
    await t.publishAttack('attack.started', orgId, seen);
    const byId = await eventually(async () => {
      const r = await call(t.app, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/mitigation/preview`,
        body: { attackId: seen.id },
        auth: owner,
      });
      return r.statusCode === 200 ? r.json() : undefined;
    }, 'preview by attack id');
    assert.match(byId.exabgp.announce[0], /destination 198\.51\.100\.77\/32; protocol icmp;/);
    const missing = await call(t.app, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/mitigation/preview`,
      body: { attackId: 'nope' },
      auth: owner,
    });
    assert.equal(missing.statusCode, 404);
    const bad = await call(t.app, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/mitigation/preview`,
      body: { attack: { target: 1 } },
      auth: owner,
    });
    assert.equal(bad.statusCode, 400);
  });

  test('who may do what: viewers read, responders decide, admins configure, other orgs see nothing', async () => {
    const base = `/api/v1/orgs/${orgId}`;
    const endpoints: Array<{
      method: 'GET' | 'POST' | 'PUT';
      url: string;
      min: OrgRole;
      body?: unknown;
      ok: number[];
    }> = [
      { method: 'GET', url: `${base}/mitigations`, min: 'viewer', ok: [200] },
      { method: 'GET', url: `${base}/mitigations/${proposedId}`, min: 'viewer', ok: [200] },
      { method: 'GET', url: `${base}/mitigation/settings`, min: 'viewer', ok: [200] },
      { method: 'GET', url: `${base}/mitigation/hook-runs`, min: 'viewer', ok: [200] },
      {
        method: 'POST',
        url: `${base}/mitigation/preview`,
        min: 'viewer',
        body: { attack: attackFixture('icmp') },
        ok: [200],
      },
      // The first allowed caller rejects the proposal; later ones get 409: both mean "allowed".
      {
        method: 'POST',
        url: `${base}/mitigations/${proposedId}/reject`,
        min: 'responder',
        body: {},
        ok: [200, 409],
      },
      {
        method: 'POST',
        url: `${base}/mitigations/${proposedId}/approve`,
        min: 'responder',
        body: {},
        ok: [409],
      },
      {
        method: 'POST',
        url: `${base}/mitigations/${proposedId}/withdraw`,
        min: 'responder',
        body: {},
        ok: [409],
      },
      {
        method: 'PUT',
        url: `${base}/mitigation/settings`,
        min: 'admin',
        body: { mode: 'propose' },
        ok: [200],
      },
    ];
    const rank: Record<OrgRole, number> = { viewer: 0, responder: 1, admin: 2, owner: 3 };
    const failures: string[] = [];
    for (const e of endpoints) {
      for (const role of ['viewer', 'responder', 'admin', 'owner'] as const) {
        const res = await call(t.app, {
          method: e.method,
          url: e.url,
          auth: tokens.get(role)!,
          ...(e.body ? { body: e.body } : {}),
        });
        const allowed = rank[role] >= rank[e.min];
        if (allowed ? !e.ok.includes(res.statusCode) : res.statusCode !== 403) {
          failures.push(`${role} ${e.method} ${e.url}: ${res.statusCode}`);
        }
      }
      const anonymous = await call(t.app, {
        method: e.method,
        url: e.url,
        ...(e.body ? { body: e.body } : {}),
      });
      if (anonymous.statusCode !== 401)
        failures.push(`anonymous ${e.method} ${e.url}: ${anonymous.statusCode}`);
      // A token of this org asking about another org's data: 404, the other org does not leak.
      const cross = await call(t.app, {
        method: e.method,
        url: e.url.replace(orgId, otherOrg),
        auth: tokens.get('owner')!,
        ...(e.body ? { body: e.body } : {}),
      });
      if (cross.statusCode !== 404) failures.push(`other org ${e.method} ${e.url}: ${cross.statusCode}`);
    }
    assert.deepEqual(failures, []);
    // The owner of both orgs still cannot reach org A's mitigation through org B's path.
    const sideways = await call(t.app, {
      url: `/api/v1/orgs/${otherOrg}/mitigations/${proposedId}`,
      auth: owner,
    });
    assert.equal(sideways.statusCode, 404);
  });
});
