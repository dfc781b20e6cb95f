import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  HTTP_PASSWORD,
  http,
  loginOverHttp,
  type Proc,
  spawnCli,
  tempDir,
} from '../../test/helpers/process.ts';

/**
 * Demo mode as a newcomer gets it: `swimmy start --demo` as a real process on the embedded
 * defaults. Within a minute the live story has happened through every module: an attack on
 * Bitbucket's address, Scaleway's incident and page, Bitbucket's degraded health, the indicator
 * OVH (a peer) sees — and the end-to-end timeline that joins them, for Scaleway's members only.
 */
describe('demo mode (real process)', () => {
  const dir = tempDir('swimmy-demo-');
  let proc: Proc;
  let url: string;
  before(async () => {
    proc = spawnCli(['start', '--demo', '--every-minutes', '0', '--password-stdin'], {
      input: HTTP_PASSWORD,
      env: {
        PORT: '0',
        HOST: '127.0.0.1',
        SWIMMY_DATA_DIR: dir.path,
        SWIMMY_NETFLOW_PORT: '0',
        SWIMMY_SFLOW_PORT: '0',
        SWIMMY_LOG_LEVEL: 'warn',
      },
    });
    url = (await proc.waitFor(/Swimmy demo is running on (http:\/\/\S+) /, 120_000))[1]!;
  });
  after(async () => {
    await proc?.stop();
    dir.remove();
  });

  const orgIdOf = async (auth: { cookie: string; csrf: string }, handle: string) => {
    const me = (await http(url, '/api/v1/session', { auth })).body as {
      orgs: Array<{ id: string; handle: string }>;
    };
    return me.orgs.find((o) => o.handle === handle)!.id;
  };
  /** Polls `read` until it returns something, for at most `ms`. */
  const eventually = async <T>(what: string, ms: number, read: () => Promise<T | undefined>): Promise<T> => {
    const until = Date.now() + ms;
    for (;;) {
      const v = await read();
      if (v !== undefined) return v;
      if (Date.now() > until) throw new Error(`no ${what} within ${ms} ms\nstdout: ${proc.stdout()}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };

  test('attack, incident, customer health and shared indicator appear; the timeline joins them', async () => {
    assert.match(proc.stdout(), /lea@scaleway\.example/);
    assert.match(proc.stdout(), /public status page: http:\/\/127\.0\.0\.1:\d+\/status\/\w+/);
    const lea = await loginOverHttp(url, 'lea@scaleway.example');
    const riley = await loginOverHttp(url, 'riley@bitbucket.example');
    const sophie = await loginOverHttp(url, 'sophie@ovh.example');
    const scaleway = await orgIdOf(lea, 'scaleway');
    const bitbucket = await orgIdOf(riley, 'bitbucket');
    const ovh = await orgIdOf(sophie, 'ovh');
    const N = 60_000;

    const attack = await eventually('attack', N, async () => {
      const r = (await http(url, `/api/v1/orgs/${scaleway}/attacks`, { auth: lea })).body as {
        items: Array<{ id: string; target: string }>;
      };
      return r.items.find((a) => a.target === '198.51.100.7');
    });
    await eventually('incident', N, async () => {
      const r = (await http(url, `/api/v1/orgs/${scaleway}/incidents`, { auth: lea })).body as {
        items: Array<{ dedupKey: string }>;
      };
      return r.items.find((i) => i.dedupKey === `attack:${attack.id}`);
    });
    const health = await eventually('customer health change', N, async () => {
      const r = (await http(url, `/api/v1/orgs/${bitbucket}/health/resources`, { auth: riley })).body as {
        items: Array<{ identifier: string; health: string; attacks: unknown[] }>;
      };
      return r.items.find((x) => x.identifier === '198.51.100.7' && x.attacks.length > 0);
    });
    assert.equal(health.health, 'degraded');
    const indicator = await eventually('indicator at a peer', N, async () => {
      const r = (await http(url, `/api/v1/orgs/${ovh}/intel/indicators?scope=peers`, { auth: sophie }))
        .body as { items: Array<{ target: string; tlp: string }> };
      return r.items[0];
    });
    assert.equal(indicator.tlp, 'GREEN');
    assert.equal(indicator.target, '198.51.100.0/24', 'generalised for peers');

    // The end-to-end timeline, once the page is delivered and the demo posted its public update.
    const timeline = await eventually('timeline with page and public update', N, async () => {
      const r = await http(url, `/api/v1/orgs/${scaleway}/attacks/${attack.id}/timeline`, { auth: lea });
      assert.equal(r.status, 200, r.text);
      const t = r.body as {
        steps: Array<{
          key: string;
          at: string | null;
          sinceFirstDatagramMs: number | null;
          sincePreviousMs: number | null;
        }>;
      };
      const at = (k: string) => t.steps.find((s) => s.key === k)?.at;
      return at('page_delivered') && at('public_update') && at('acknowledged') ? t : undefined;
    });
    const happened = timeline.steps.filter((s) => s.at !== null);
    assert.equal(happened[0]?.key, 'first_datagram');
    for (const k of [
      'detected',
      'page_sent',
      'page_delivered',
      'acknowledged',
      'customer_health',
      'shared_with_peers',
      'public_update',
    ])
      assert.ok(
        happened.some((s) => s.key === k),
        `${k} happened`,
      );
    for (let i = 1; i < happened.length; i++) {
      assert.ok(happened[i]!.sincePreviousMs! >= 0, 'ordered by time');
      assert.equal(
        Date.parse(happened[i]!.at!) - Date.parse(happened[0]!.at!),
        happened[i]!.sinceFirstDatagramMs,
      );
    }
    // From the incident too; and only Scaleway's members may read it.
    const incidentId = (timeline as unknown as { incidentId: string }).incidentId;
    const viaIncident = await http(url, `/api/v1/orgs/${scaleway}/incidents/${incidentId}/end-to-end`, {
      auth: lea,
    });
    assert.equal((viaIncident.body as { attackId: string }).attackId, attack.id);
    for (const outsider of [sophie, riley]) {
      const r = await http(url, `/api/v1/orgs/${scaleway}/attacks/${attack.id}/timeline`, { auth: outsider });
      assert.equal(r.status, 404, 'non-members do not learn the org exists');
    }
    // The customer never sees the indicator.
    const own = await http(url, `/api/v1/orgs/${bitbucket}/intel/indicators?scope=peers`, { auth: riley });
    assert.deepEqual((own.body as { items: unknown[] }).items, []);
  });
});
