import type { BusEvent } from '../platform/bus/bus.ts';

/** The event as clients see it: its audience (who else it is addressed to) stays on the server. */
const present = (e: BusEvent) => ({
  id: e.id,
  seq: e.seq,
  type: e.type,
  orgId: e.orgId,
  tlp: e.tlp,
  at: e.at,
  data: e.data,
});

// Every connection gets the same bytes for an event: serialise it once, not once per client
// (a GREEN post to a thousand clients was a thousand JSON.stringify calls). Keyed by the event
// object, so the cache goes with it.
const frames = new WeakMap<BusEvent, string>();

/** The SSE frame of an event (`id` is its seq, `event` its type, `data` the presented event). */
export function frameOf(e: BusEvent): string {
  let frame = frames.get(e);
  if (frame === undefined) {
    frame = `id: ${e.seq}\nevent: ${e.type.replace(/[\r\n]/g, '')}\ndata: ${JSON.stringify(present(e))}\n\n`;
    frames.set(e, frame);
  }
  return frame;
}
