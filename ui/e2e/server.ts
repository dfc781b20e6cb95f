import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureUi } from '../../scripts/ensure-ui.ts';
import { type CollectRole, startCollectRole } from '../../src/detection/collect-role.ts';
import { loadConfig } from '../../src/platform/config/load.ts';
import type { Config } from '../../src/platform/config/schema.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { startSwimmy } from '../../src/runtime.ts';

export interface E2eServer {
  url: string;
  /** The in-process server's platform (database, bus); null with SWIMMY_E2E_URL. */
  platform: Platform | null;
  /**
   * Starts the `collect` role (UDP flow collectors and detection on 127.0.0.1, ports chosen by
   * the system) in the same process, once the org that owns attacks exists.
   */
  startCollect(): Promise<CollectRole>;
  close(): Promise<void>;
}

export interface E2eOptions {
  /** Handle of the org that owns detected attacks (SWIMMY_COLLECTOR_ORG). */
  collectorOrg?: string;
  /** Detection settings for the collect role (quiet period, thresholds …). */
  detection?: Partial<Config['detection']>;
  /** More environment for the server (e.g. SMTP_URL of a test mail server). */
  env?: Record<string, string>;
}

/**
 * A fresh Swimmy (empty data directory, so first-run setup is needed) serving the built console
 * on a loopback port. SWIMMY_E2E_URL points the tests at a server you started yourself instead;
 * it must be fresh too.
 */
export async function startE2eServer(options: E2eOptions = {}): Promise<E2eServer> {
  await ensureUi();
  const external = process.env.SWIMMY_E2E_URL;
  if (external) {
    const url = external.replace(/\/$/, '');
    const setup = (await (await fetch(`${url}/api/v1/setup`)).json()) as { needed?: boolean };
    if (!setup.needed) throw new Error(`${url} is already set up; the e2e tests need a fresh server`);
    return {
      url,
      platform: null,
      startCollect: () => Promise.reject(new Error('the collect role needs the in-process server')),
      close: async () => {},
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'swimmy-e2e-'));
  const config = loadConfig({
    env: {
      HOST: '127.0.0.1',
      PORT: '0',
      SWIMMY_DATA_DIR: dataDir,
      SWIMMY_LOG_LEVEL: 'warn',
      SWIMMY_ROLES: 'serve,work',
      // Every test signs in from 127.0.0.1; the limit itself is tested in the API suite.
      SWIMMY_LOGIN_RATE_LIMIT: '1000',
      // Only used when a test starts the collect role: loopback, ports chosen by the system.
      SWIMMY_COLLECTOR_ADDRESS: '127.0.0.1',
      SWIMMY_NETFLOW_PORT: '0',
      SWIMMY_SFLOW_PORT: '0',
      SWIMMY_COLLECTOR_WORKERS: '1',
      ...(options.collectorOrg ? { SWIMMY_COLLECTOR_ORG: options.collectorOrg } : {}),
      ...options.env,
    },
    overrides: options.detection ? { detection: options.detection as Config['detection'] } : {},
  });
  const running = await startSwimmy(config);
  if (!running.url) throw new Error('startSwimmy did not start the HTTP server');
  const res = await fetch(`${running.url}/`, { headers: { accept: 'text/html' } });
  await res.body?.cancel();
  if (!(res.headers.get('content-type') ?? '').startsWith('text/html')) {
    await running.close();
    throw new Error(
      `GET / answered ${res.status} ${res.headers.get('content-type')}: is webModule() registered in src/app.ts?`,
    );
  }
  let collect: CollectRole | null = null;
  return {
    url: running.url,
    platform: running.platform,
    async startCollect() {
      collect ??= await startCollectRole(running.platform, { persistIntervalMs: 500 });
      return collect;
    },
    async close() {
      await collect?.close();
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
