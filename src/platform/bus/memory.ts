import { randomUUID } from 'node:crypto';
import type { Bus, BusEvent, EventInput, Handler } from './bus.ts';

/**
 * In-process bus with a bounded ring of recent events for replay. Sequence numbers start
 * from the clock (µs) so a client resuming across a restart sees a gap, not a reused number.
 */
export function createMemoryBus(options: { retain?: number } = {}): Bus {
  const retain = options.retain ?? 10_000;
  const ring: BusEvent[] = [];
  const handlers = new Set<Handler>();
  const firstSeq = Date.now() * 1000;
  let nextSeq = firstSeq;
  let closed = false;

  return {
    kind: 'memory',
    async publish<T>(input: EventInput<T>) {
      if (closed) throw new Error('bus closed');
      const event: BusEvent<T> = { ...input, id: randomUUID(), seq: nextSeq++, at: new Date().toISOString() };
      ring.push(event);
      if (ring.length > retain) ring.shift();
      for (const h of handlers) {
        try {
          h(event);
        } catch {
          // A subscriber's bug must not stop delivery to the others.
        }
      }
      return event;
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
    async replay(afterSeq, limit = 10_000) {
      const oldest = ring[0]?.seq ?? nextSeq;
      // Older than what we keep, or from before this process started (or from the future).
      if (afterSeq < oldest - 1 || afterSeq >= nextSeq || afterSeq < firstSeq - 1) {
        return afterSeq === nextSeq - 1 ? [] : 'gap';
      }
      const start = ring.findIndex((e) => e.seq > afterSeq);
      return start < 0 ? [] : ring.slice(start, start + limit);
    },
    async ping() {
      if (closed) throw new Error('bus closed');
    },
    async close() {
      closed = true;
      handlers.clear();
    },
  };
}
