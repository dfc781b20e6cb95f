// Runs the bitbucket story live: the flow simulator floods Bitbucket's web front over loopback
// (once at start, then every few minutes); when detection reports it, the demo plays Scaleway's
// engineer — a public status update, then Léa acknowledges her page — so a newcomer sees every
// module react. Detection, paging, customer health and sharing are the product's own doing.

import { runSimulation } from '../flows/simulator/run.ts';
import type { BusEvent } from '../platform/bus/bus.ts';
import type { Platform } from '../platform/platform.ts';
import { DEMO_TARGET, type LiveWorld } from './live-setup.ts';

export interface StoryOptions {
  /** The collector's NetFlow port on 127.0.0.1. */
  netflowPort: number;
  /** First flood after this many ms (negative: none); then every `everyMs` (0: only once). */
  firstAfterMs: number;
  everyMs: number;
  floodMs: number;
  /** Play Scaleway's engineer (public status update, acknowledgement); off for benchmarks. */
  engineer: boolean;
  /** The demo engineer acknowledges the page this long after detection. */
  ackAfterMs: number;
  log(line: string): void;
}

export interface Story {
  /** Starts a flood now unless one is running; resolves when it has been sent. */
  flood(): Promise<boolean>;
  close(): Promise<void>;
}

export function runStory(p: Platform, w: LiveWorld, o: StoryOptions): Story {
  const abort = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  let running: Promise<unknown> | null = null;
  const later = (ms: number, fn: () => Promise<unknown>) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn().catch((err) => o.log(`demo: ${(err as Error).message}`));
    }, ms);
    timers.add(t);
  };

  const flood = async () => {
    if (running || abort.signal.aborted) return false;
    o.log(
      `demo: flooding ${DEMO_TARGET} (UDP, spoofed) over 127.0.0.1:${o.netflowPort} for ${o.floodMs / 1000} s`,
    );
    running = runSimulation({
      host: '127.0.0.1',
      port: o.netflowPort,
      protocol: 'v5',
      durationMs: o.floodMs,
      seed: Date.now() % 100_000,
      background: { hosts: 20, ppsPerHost: 100 },
      attacks: [
        {
          vector: 'udp',
          target: DEMO_TARGET,
          pps: 150_000,
          startMs: 300,
          durationMs: o.floodMs - 300,
          spoofed: true,
          sources: 50,
        },
      ],
      signal: abort.signal,
    }).finally(() => {
      running = null;
    });
    await running;
    return true;
  };

  const onEvent = async (e: BusEvent) => {
    const d = (e.data ?? {}) as { id?: string; target?: string; classification?: string };
    if (!o.engineer || e.orgId !== w.providerOrgId || d.target !== DEMO_TARGET) return;
    if (e.type === 'attack.started') {
      o.log(`demo: attack detected on ${DEMO_TARGET} (${d.classification ?? 'flood'})`);
      later(1500, () => postStatus(w));
      later(o.ackAfterMs, () => acknowledge(w, String(d.id)));
    } else if (e.type === 'attack.ended') {
      later(1000, () => resolveStatus(w));
    }
  };
  const unsubscribe = p.bus.subscribe((e) => {
    onEvent(e).catch((err) => o.log(`demo: ${(err as Error).message}`));
  });

  const schedule = (ms: number) =>
    later(ms, async () => {
      await flood();
      if (o.everyMs > 0) schedule(o.everyMs);
    });
  if (o.firstAfterMs >= 0) schedule(o.firstAfterMs);

  return {
    flood,
    async close() {
      abort.abort();
      unsubscribe();
      for (const t of timers) clearTimeout(t);
      await running?.catch(() => {});
    },
  };
}

type StatusIncident = { id: string; status: string; name: string };
const STATUS_NAME = 'Degraded network performance in fr-par';

async function postStatus(w: LiveWorld) {
  const org = `/orgs/${w.providerOrgId}/status/incidents`;
  const open = (await w.lea.call<{ items: StatusIncident[] }>('GET', `${org}?kind=incident`)).items.find(
    (i) => i.name === STATUS_NAME && i.status !== 'resolved',
  );
  if (open) return;
  await w.lea.call('POST', org, {
    name: STATUS_NAME,
    status: 'identified',
    body: 'A volumetric attack is degrading network performance for some customers in fr-par. We are filtering it upstream.',
  });
}

async function resolveStatus(w: LiveWorld) {
  const org = `/orgs/${w.providerOrgId}/status/incidents`;
  const open = (await w.lea.call<{ items: StatusIncident[] }>('GET', `${org}?kind=incident`)).items.find(
    (i) => i.name === STATUS_NAME && i.status !== 'resolved',
  );
  if (open)
    await w.lea.call('POST', `${org}/${open.id}/updates`, {
      status: 'resolved',
      body: 'The attack has stopped; network performance is back to normal.',
    });
}

/** Léa acknowledges the incident detection opened for this attack (if it is still open). */
async function acknowledge(w: LiveWorld, attackId: string) {
  const list = await w.lea.call<{ items: Array<{ id: string; dedupKey: string; status: string }> }>(
    'GET',
    `/orgs/${w.providerOrgId}/incidents?status=triggered`,
  );
  const inc = list.items.find((i) => i.dedupKey === `attack:${attackId}`);
  if (inc) await w.lea.call('POST', `/orgs/${w.providerOrgId}/incidents/${inc.id}/acknowledge`, {});
}
