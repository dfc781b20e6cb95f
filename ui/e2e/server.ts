import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureUi } from '../../scripts/ensure-ui.ts';
import { loadConfig } from '../../src/platform/config/load.ts';
import { startSwimmy } from '../../src/runtime.ts';

export interface E2eServer {
  url: string;
  close(): Promise<void>;
}

/**
 * A fresh Swimmy (empty data directory, so first-run setup is needed) serving the built console
 * on a loopback port. SWIMMY_E2E_URL points the tests at a server you started yourself instead;
 * it must be fresh too.
 */
export async function startE2eServer(): Promise<E2eServer> {
  await ensureUi();
  const external = process.env.SWIMMY_E2E_URL;
  if (external) {
    const url = external.replace(/\/$/, '');
    const setup = (await (await fetch(`${url}/api/v1/setup`)).json()) as { needed?: boolean };
    if (!setup.needed) throw new Error(`${url} is already set up; the e2e tests need a fresh server`);
    return { url, close: async () => {} };
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
    },
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
  return {
    url: running.url,
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
