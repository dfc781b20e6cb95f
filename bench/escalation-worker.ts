// One `work` process for bench/escalation.ts on PostgreSQL: the real work role, started exactly as
// `swimmy work` starts it (startSwimmy with roles=work and the production defaults), plus two
// probes that report to the parent over IPC:
// - every in-app page handed to its channel (the bus publish of a `notification` event), with
//   this process's clock reading at that moment;
// - the start of each plain reference job (`bench.plain`), with its lateness.
// The parent and the children share the machine's clock, so their readings compare directly.
import { loadConfig } from '../src/platform/config/load.ts';
import { startSwimmy } from '../src/runtime.ts';

/** The parent inserts the reference jobs with this kind. */
const PLAIN = 'bench.plain';

export type ToParent =
  | { type: 'ready' }
  | { type: 'pages'; pages: Array<[incidentId: string, userId: string, at: number]> }
  | { type: 'plain'; starts: Array<[jobId: number, lateMs: number]> };

const send = (m: ToParent) => process.send?.(m);

async function main() {
  const env = { ...process.env };
  delete env.NATS_URL; // events stay in this process: the probe reads them here
  const config = loadConfig({ env, overrides: { roles: ['work'], logLevel: 'warn' } });
  const running = await startSwimmy(config);
  // startSwimmy has just started the worker; its first claim is still waiting for the
  // database, so no page can be published before the probe is in place.
  const { bus, jobs } = running.platform;
  let pages: Array<[string, string, number]> = [];
  let starts: Array<[number, number]> = [];
  const publish = bus.publish.bind(bus);
  bus.publish = (e) => {
    if (e.type === 'notification') {
      const d = e.data as { userId: string; event: { data: { incidentId: string } } };
      pages.push([d.event.data.incidentId, d.userId, Date.now()]);
    }
    return publish(e);
  };
  jobs.register(PLAIN, async (job) => {
    starts.push([job.id, Date.now() - job.runAt.getTime()]);
  });
  const report = () => {
    if (pages.length) send({ type: 'pages', pages });
    if (starts.length) send({ type: 'plain', starts });
    pages = [];
    starts = [];
  };
  const flush = setInterval(report, 50);
  send({ type: 'ready' });
  process.on('message', async (m: { type?: string }) => {
    if (m?.type !== 'stop') return;
    clearInterval(flush);
    report();
    await running.close();
    process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
}

await main();
