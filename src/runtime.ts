import { buildApp } from './app.ts';
import { startCoordinationNotifications } from './cases/notify-fanout.ts';
import { type CollectRole, startCollectRole } from './detection/collect-role.ts';
import { startHealth } from './health/index.ts';
import { startIntel } from './intel/index.ts';
import { startMitigation } from './mitigation/index.ts';
import { startNotify } from './notify/index.ts';
import { startOncall } from './oncall/index.ts';
import type { Config } from './platform/config/schema.ts';
import { createLogger, type Logger } from './platform/log.ts';
import { closePlatform, openPlatform, type Platform } from './platform/platform.ts';
import { startStatus } from './status/index.ts';

export interface Running {
  platform: Platform;
  /** Base URL of the HTTP listener when the serve role runs. */
  url: string | null;
  /** Flow collectors and detection, when the collect role runs here. */
  collect: CollectRole | null;
  close(): Promise<void>;
}

interface Closable {
  close(): Promise<void> | void;
}

/**
 * The `work` role's services: each registers its durable job handlers and bus subscriptions
 * before the job worker starts claiming, so no claimed job finds its handler missing.
 */
function startWorkServices(platform: Platform): Closable[] {
  return [
    startNotify(platform),
    startOncall(platform),
    startMitigation(platform),
    startCoordinationNotifications(platform),
    startHealth(platform),
    startStatus(platform),
    startIntel(platform),
  ];
}

/**
 * Starts the roles named in the config in this process: `serve` (HTTP API, UI, live stream),
 * `work` (durable jobs: escalations, deliveries), `collect` (flow collectors and detection).
 */
export async function startSwimmy(
  config: Config,
  log: Logger = createLogger(config.logLevel),
): Promise<Running> {
  const platform = await openPlatform(config, log);
  const roles = new Set(config.roles);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let url: string | null = null;
  let collect: CollectRole | null = null;
  const services: Closable[] = [];
  const stopAll = async () => {
    await collect?.close();
    await app?.close();
    for (const s of services.reverse()) await s.close();
    await closePlatform(platform);
  };
  try {
    if (roles.has('serve')) {
      app = await buildApp(platform);
      await app.listen({ host: config.host, port: config.port });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      url = `http://${host}:${port}`;
    }
    if (roles.has('work')) {
      services.push(...startWorkServices(platform));
      platform.jobs.start();
    }
    if (roles.has('collect')) collect = await startCollectRole(platform);
  } catch (err) {
    await stopAll().catch(() => {});
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    platform,
    url,
    collect,
    close() {
      closing ??= stopAll();
      return closing;
    },
  };
}
