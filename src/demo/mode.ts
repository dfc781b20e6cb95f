// Demo mode (`swimmy demo`, `npm start -- --demo`): every role in one process on the given
// config, the Meltdown consortium loaded, the bitbucket story set up and run live.

import { type CollectRole, startCollectRole } from '../detection/collect-role.ts';
import { newSecret } from '../platform/auth/secrets.ts';
import type { Config } from '../platform/config/schema.ts';
import { type Running, startSwimmy } from '../runtime.ts';
import { emailOf } from './cast.ts';
import { describeDemo, loadDemo } from './index.ts';
import { DEMO_CUSTOMER, DEMO_DETECTION, DEMO_PROVIDER, DEMO_TARGET, setUpLive } from './live-setup.ts';
import { runStory, type Story } from './live-story.ts';

export interface DemoModeOptions {
  /** One password for every demo account; generated (and printed once) when absent. */
  password?: string;
  /** Minutes between floods; 0 floods once. */
  everyMinutes: number;
  /** Set everything up but run no story: a benchmark floods and watches by itself. */
  setupOnly?: boolean;
  log(line: string): void;
}

export interface DemoMode {
  running: Running;
  collect: CollectRole;
  story: Story;
  close(): Promise<void>;
}

/**
 * What demo mode sets over the caller's config (through the config loader, so the detection
 * settings get their defaults): every role, Scaleway collecting on loopback, the demo detection.
 */
export const DEMO_OVERRIDES: Partial<Config> = {
  roles: ['serve', 'work', 'collect'],
  collectorOrg: DEMO_PROVIDER,
  collectorAddress: '127.0.0.1',
  detection: DEMO_DETECTION as Config['detection'],
};

/** Starts demo mode on a config made with DEMO_OVERRIDES. */
export async function startDemoMode(config: Config, o: DemoModeOptions): Promise<DemoMode> {
  // The collect role resolves its org's handle when it starts: start it once Scaleway exists.
  const running = await startSwimmy({ ...config, roles: ['serve', 'work'] });
  let collect: CollectRole | null = null;
  try {
    const url = running.url;
    if (!url) throw new Error('demo mode needs the serve role');
    const password = o.password ?? newSecret(12);
    const outcome = await loadDemo(running.platform, { password });
    o.log(describeDemo(outcome, url).trimEnd());
    const world = await setUpLive(running.platform, url, password);
    if (outcome.status === 'loaded' && !o.password)
      o.log(`\nPassword of every demo account (shown once): ${password}`);
    collect = await startCollectRole(running.platform);
    const netflowPort = collect.collector.netflowPort;
    o.log(signIns(url, world.customerCreated, world.statusSlug ?? DEMO_PROVIDER));
    o.log(`Flow collector: NetFlow/IPFIX on udp://127.0.0.1:${netflowPort}`);
    const story = runStory(running.platform, world, {
      netflowPort,
      firstAfterMs: o.setupOnly ? -1 : 3000,
      engineer: !o.setupOnly,
      everyMs: o.everyMinutes * 60_000,
      floodMs: 15_000,
      ackAfterMs: 8000,
      log: o.log,
    });
    return {
      running,
      collect,
      story,
      async close() {
        await story.close();
        await collect?.close();
        await running.close();
      },
    };
  } catch (err) {
    await collect?.close().catch(() => {});
    await running.close().catch(() => {});
    throw err;
  }
}

function signIns(url: string, fresh: boolean, slug: string): string {
  return [
    '',
    `Live story (PRODUCT.md story 2): in a few seconds the simulator floods Bitbucket's web front ${DEMO_TARGET} over loopback.`,
    `  ${emailOf('lea', DEMO_PROVIDER).padEnd(28)} Scaleway, on call: the attack, the page, the end-to-end timeline`,
    `  ${emailOf('camille', DEMO_PROVIDER).padEnd(28)} Scaleway, owner: sharing policy, customers, status page`,
    `  ${emailOf(DEMO_CUSTOMER.owner, DEMO_CUSTOMER.handle).padEnd(28)} Bitbucket, Scaleway's customer: its resource health`,
    `  ${emailOf('sophie', 'ovh').padEnd(28)} OVH, a peer: the shared indicator in the consortium space`,
    `  public status page: ${url}/status/${slug}`,
    fresh ? '' : '(the demo was set up before: passwords as shown then)',
  ].join('\n');
}
