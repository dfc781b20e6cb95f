// npx node bench/e2e-screens.ts — screenshots of demo mode for the README: starts `swimmy demo`
// (a child process, fresh data directory), waits for the live story, and saves
// artifacts/screenshots/demo-{attack,incident,customer,peer}.png from Debian's Chromium.

import { launchBrowser, newPage, screenshot } from '../test/helpers/browser.ts';
import { HTTP_PASSWORD, http, loginOverHttp, spawnCli, tempDir } from '../test/helpers/process.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const dir = tempDir('swimmy-demo-shots-');
const proc = spawnCli(['demo', '--every-minutes', '0', '--password-stdin'], {
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
const browser = await launchBrowser();
try {
  const url = (await proc.waitFor(/Swimmy demo is running on (http:\/\/\S+) /, 180_000))[1]!;
  const lea = await loginOverHttp(url, 'lea@scaleway.example');
  const me = (await http(url, '/api/v1/session', { auth: lea })).body as {
    orgs: Array<{ id: string; handle: string }>;
  };
  const scaleway = me.orgs.find((o) => o.handle === 'scaleway')!.id;
  let attack: { id: string } | undefined;
  for (let i = 0; i < 120 && !attack; i++) {
    await sleep(500);
    attack = (
      (await http(url, `/api/v1/orgs/${scaleway}/attacks`, { auth: lea })).body as {
        items: Array<{ id: string }>;
      }
    ).items[0];
  }
  if (!attack) throw new Error('no attack');
  await sleep(1500); // the customer's view first, while the flood is on
  const incident = (
    (await http(url, `/api/v1/orgs/${scaleway}/incidents`, { auth: lea })).body as {
      items: Array<{ id: string }>;
    }
  ).items[0]!;
  const shots: Array<[string, string, string]> = [
    ['riley@bitbucket.example', '/o/bitbucket/health', 'demo-customer'],
    ['lea@scaleway.example', `/o/scaleway/attacks/${attack.id}`, 'demo-attack'],
    ['sophie@ovh.example', '/o/ovh/intel', 'demo-peer'],
    ['lea@scaleway.example', `/o/scaleway/incidents/${incident.id}`, 'demo-incident'],
  ];

  for (const [email, path, name] of shots) {
    const { context, page } = await newPage(browser);
    await page.goto(`${url}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(HTTP_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/o\//);
    if (name === 'demo-attack') await sleep(4000); // Léa acknowledges 8 s after detection
    await page.goto(`${url}${path}`);
    await sleep(2500);
    process.stdout.write(`${await screenshot(page, name)}\n`);
    await context.close();
  }
} finally {
  await browser.close();
  await proc.stop();
  dir.remove();
}
