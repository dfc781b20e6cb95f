import { setTimeout as pause } from 'node:timers/promises';
import type { BusEvent } from '../platform/bus/bus.ts';
import type { Platform } from '../platform/platform.ts';
import { announceJobHandler } from './announce.ts';
import { type AttackEventType, attackFromEvent, isAttackEvent } from './attack.ts';
import { createProcessPool } from './drivers/process-pool.ts';
import { hookJobHandler } from './hooks.ts';
import { handleAttackEvent, type SeenAttack } from './lifecycle.ts';
import { mitigationOptions } from './options.ts';
import { JOB_KINDS } from './record.ts';
import { withdrawJobHandler } from './withdraw.ts';

export interface MitigationRunner {
  close(): Promise<void>;
}

interface Item {
  type: AttackEventType;
  orgId: string;
  attack: SeenAttack;
}

/** Delays before retrying an event whose handling failed (database or bus briefly away). */
const RETRY_MS = [200, 1000, 5000];

/**
 * Mitigation in the `work` role: registers the announce / withdraw / hook jobs and follows the
 * detection engine's attack events. Events of one attack are handled in order, one at a time;
 * a burst of updates collapses into the latest (each carries the whole attack), so a slow
 * database never builds an unbounded queue. Every effect is idempotent in the database, so
 * several workers may all receive the same events.
 */
export function startMitigation(p: Platform): MitigationRunner {
  const log = p.log.child({ component: 'mitigation' });
  const pool = createProcessPool(log);
  const deps = () => ({ options: mitigationOptions(p), pool, log });
  p.jobs.register(JOB_KINDS.announce, announceJobHandler(p, deps));
  p.jobs.register(JOB_KINDS.withdraw, withdrawJobHandler(p, deps));
  p.jobs.register(
    JOB_KINDS.hook,
    hookJobHandler(p, () => mitigationOptions(p)),
  );

  const queues = new Map<string, Item[]>();
  const draining = new Set<Promise<void>>();
  let closed = false;

  async function handle(item: Item) {
    for (let attempt = 0; ; attempt++) {
      try {
        await handleAttackEvent(p, mitigationOptions(p), item.type, item.orgId, item.attack);
        return;
      } catch (err) {
        // 23503: the org does not exist (deleted, or a collector configured with a wrong id).
        const delay = (err as { code?: string }).code === '23503' ? undefined : RETRY_MS[attempt];
        if (delay === undefined || closed) {
          log.error({ err, type: item.type, attackId: item.attack.id }, 'attack event not handled');
          return;
        }
        log.warn(
          { err, type: item.type, attackId: item.attack.id, retryInMs: delay },
          'attack event failed; retrying',
        );
        await pause(delay);
      }
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
      if (last && last.type === 'attack.updated' && item.type === 'attack.updated')
        queue[queue.length - 1] = item;
      else queue.push(item);
      return;
    }
    const fresh = [item];
    queues.set(key, fresh);
    const done = drain(key, fresh).finally(() => draining.delete(done));
    draining.add(done);
  }

  const unsubscribe = p.bus.subscribe((event: BusEvent) => {
    if (closed || !isAttackEvent(event.type)) return;
    const attack = event.orgId ? attackFromEvent(event.data) : null;
    // The envelope's org is authoritative; an attack claiming another org is not ours to act on.
    if (!attack || !event.orgId || (attack.raw.orgId !== undefined && attack.raw.orgId !== event.orgId)) {
      log.warn({ type: event.type, eventId: event.id }, 'attack event without the expected shape; ignored');
      return;
    }
    enqueue({ type: event.type, orgId: event.orgId, attack: attack as SeenAttack });
  });

  return {
    async close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      await Promise.allSettled([...draining]);
      await pool.close();
    },
  };
}
