import { buildApp } from './app.ts';
import type { Config } from './platform/config/schema.ts';
import { createLogger, type Logger } from './platform/log.ts';
import { closePlatform, openPlatform, type Platform } from './platform/platform.ts';

export interface Running {
  platform: Platform;
  /** Base URL of the HTTP listener when the serve role runs. */
  url: string | null;
  close(): Promise<void>;
}

/**
 * Starts the roles named in the config in this process: `serve` (HTTP API, UI, live stream),
 * `work` (durable jobs). Later modules add `collect` the same way.
 */
export async function startSwimmy(
  config: Config,
  log: Logger = createLogger(config.logLevel),
): Promise<Running> {
  const platform = await openPlatform(config, log);
  const roles = new Set(config.roles);
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  let url: string | null = null;
  try {
    if (roles.has('serve')) {
      app = await buildApp(platform);
      await app.listen({ host: config.host, port: config.port });
      const addr = app.server.address();
      const port = typeof addr === 'object' && addr ? addr.port : config.port;
      const host = config.host.includes(':') ? `[${config.host}]` : config.host;
      url = `http://${host}:${port}`;
    }
    if (roles.has('work')) platform.jobs.start();
  } catch (err) {
    await app?.close().catch(() => {});
    await closePlatform(platform).catch(() => {});
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    platform,
    url,
    close() {
      closing ??= (async () => {
        await app?.close();
        await closePlatform(platform);
      })();
      return closing;
    },
  };
}
