import type { BusEvent } from '../platform/bus/bus.ts';
import type { Platform } from '../platform/platform.ts';
import { type AttackData, type AttackEventType, attackOf, isAttackEvent } from './attack.ts';
import { handleAttackForSharing } from './from-attack.ts';
import { handleAttackForPeers } from './peers.ts';

export interface IntelRunner {
  close(): Promise<void>;
}

interface Item {
  type: AttackEventType;
  orgId: string;
  attack: AttackData;
}

/**
 * Collective defense in the `work` role: follows detection's attack events (its public
 * output, never its tables). Per attack, events are handled in order one at a time, and a run
 * of updates collapses into the newest (each carries the whole attack). Every effect is
 * idempotent in the database, so several workers may all receive the same events.
 */
export function startIntel(p: Platform): IntelRunner {
  const log = p.log.child({ component: 'intel' });
  const queues = new Map<string, Item[]>();
  const draining = new Set<Promise<void>>();
  let closed = false;

  async function handle(item: Item) {
    for (const [what, run] of [
      ['sharing', handleAttackForSharing],
      ['peer indicators', handleAttackForPeers],
    ] as const) {
      await run(p, item.type, item.orgId, item.attack).catch((err) =>
        log.error({ err, type: item.type, attackId: item.attack.id }, `attack event not handled for ${what}`),
      );
    }
  }

  async function drain(key: string, queue: Item[]) {
    for (let item = queue.shift(); item; item = queue.shift()) await handle(item);
    queues.delete(key);
  }

  function enqueue(item: Item) {
    const key = `${item.orgId}\n${item.attack.id}`;
    const queue = queues.get(key);
    if (queue) {
      const last = queue.at(-1);
      if (last?.type === 'attack.updated' && item.type === 'attack.updated') queue[queue.length - 1] = item;
      else queue.push(item);
      return;
    }
    const fresh = [item];
    queues.set(key, fresh);
    const done = drain(key, fresh).finally(() => draining.delete(done));
    draining.add(done);
  }

  const unsubscribe = p.bus.subscribe((event: BusEvent) => {
    if (closed || !isAttackEvent(event.type) || !event.orgId) return;
    const attack = attackOf(event.data);
    const claimed = (event.data as { orgId?: unknown } | null)?.orgId;
    // The envelope's org is authoritative; an attack claiming another org is not ours to share.
    if (!attack || (claimed !== undefined && claimed !== null && claimed !== event.orgId)) return;
    enqueue({ type: event.type, orgId: event.orgId, attack });
  });

  return {
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      await Promise.allSettled([...draining]);
    },
  };
}
