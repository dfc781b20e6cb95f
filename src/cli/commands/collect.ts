// `swimmy collect`: only the collect role — flow collectors and detection — like a FastNetMon
// box beside a router. With DATABASE_URL and NATS_URL set, several collectors store attacks in
// one database and publish them on one bus, and the serve/work roles elsewhere see them.

import type { Config } from '../../platform/config/schema.ts';
import { StartupError } from '../../platform/platform.ts';
import { startSwimmy } from '../../runtime.ts';
import { type Command, UsageError } from '../args.ts';
import { configFrom } from '../config.ts';

const port = (value: unknown, name: string) => {
  if (typeof value !== 'string') return undefined;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65535)
    throw new UsageError(`--${name} must be a port number`);
  return Number(value);
};

export const collectCommand: Command = {
  name: 'collect',
  summary: 'Run only the flow collectors and DDoS detection (NetFlow v5/v9, IPFIX, sFlow).',
  usage:
    'swimmy collect [--config FILE] [--address ADDR] [--netflow-port N] [--sflow-port N] [--workers N] [--org HANDLE]',
  options: {
    address: { type: 'string', description: 'UDP listen address (also SWIMMY_COLLECTOR_ADDRESS)' },
    'netflow-port': {
      type: 'string',
      description: 'NetFlow v5/v9 and IPFIX port, default 2055 (SWIMMY_NETFLOW_PORT)',
    },
    'sflow-port': { type: 'string', description: 'sFlow port, default 6343 (SWIMMY_SFLOW_PORT)' },
    workers: {
      type: 'string',
      description: 'Collector threads, default min(2, cores) (SWIMMY_COLLECTOR_WORKERS)',
    },
    org: {
      type: 'string',
      description: 'Handle of the org that owns detected attacks (SWIMMY_COLLECTOR_ORG)',
    },
  },
  async run(values) {
    const overrides: Partial<Config> = { roles: ['collect'] };
    if (typeof values.address === 'string') overrides.collectorAddress = values.address;
    const netflow = port(values['netflow-port'], 'netflow-port');
    const sflow = port(values['sflow-port'], 'sflow-port');
    if (netflow !== undefined) overrides.netflowPort = netflow;
    if (sflow !== undefined) overrides.sflowPort = sflow;
    if (typeof values.workers === 'string') {
      if (!/^\d{1,2}$/.test(values.workers))
        throw new UsageError('--workers must be a number (0 = automatic)');
      overrides.collectorWorkers = Number(values.workers);
    }
    if (typeof values.org === 'string') overrides.collectorOrg = values.org;
    const config = configFrom(values, overrides);
    let running: Awaited<ReturnType<typeof startSwimmy>>;
    try {
      running = await startSwimmy(config);
    } catch (err) {
      if (err instanceof StartupError) {
        process.stderr.write(`swimmy collect: ${err.message}\n`);
        return 1;
      }
      throw err;
    }
    const c = running.collect!.collector;
    const engine = running.platform.db.engine === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL';
    process.stdout.write(
      `Swimmy collector is running (NetFlow/IPFIX udp ${config.collectorAddress}:${c.netflowPort}, sFlow udp ${config.collectorAddress}:${c.sflowPort}, ${c.workers} worker(s)${c.reusePort ? ' sharing the ports' : ''}, receive buffer ${Math.round(c.recvBufferBytes / 1048576)} MiB, database ${engine}, bus ${running.platform.bus.kind})\n`,
    );
    return new Promise((resolve) => {
      const stop = (signal: string) => {
        process.stdout.write(`${signal}: shutting down\n`);
        setTimeout(() => resolve(1), 15_000).unref();
        running.close().then(
          () => resolve(0),
          (err) => {
            process.stderr.write(`swimmy collect: shutdown failed: ${(err as Error).message}\n`);
            resolve(1);
          },
        );
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
