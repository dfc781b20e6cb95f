import { createAudit } from '../platform/audit.ts';
import type { BusEvent } from '../platform/bus/bus.ts';
import type { Db } from '../platform/db/db.ts';
import type { Logger } from '../platform/log.ts';
import type { Principal } from '../policy/index.ts';

/**
 * Reads written per transaction at most; a larger backlog takes several, with a turn of the
 * event loop between them: PGlite runs in this thread, so one long transaction would hold up
 * the delivery of the next events.
 */
const BATCH = 50;

const actorOf = (p: Principal) =>
  p.kind === 'user' ? `u:${p.userId}` : p.kind === 'token' ? `t:${p.tokenId}` : 'anonymous';

/**
 * The audit of RED and AMBER+STRICT events delivered over the live stream. One AMBER+STRICT
 * post to two orgs is hundreds of reads at once; written one statement each (each its own
 * commit) they kept the database busy long after the post and delayed the next one. Here the
 * reads of one turn of the event loop are written together, in one transaction, through the
 * same audit code as every other read (`createAudit` on the transaction), and a person who
 * has the stream open in several tabs is recorded once per event.
 */
export function createLiveReadAudit(db: Db, log: Logger) {
  let pending = new Map<string, { principal: Principal; e: BusEvent }>();
  let scheduled = false;
  let writing: Promise<void> = Promise.resolve();

  async function write(batch: Array<{ principal: Principal; e: BusEvent }>) {
    for (let i = 0; i < batch.length; i += BATCH) {
      const slice = batch.slice(i, i + BATCH);
      try {
        await db.tx(async (q) => {
          const audit = createAudit(q);
          for (const { principal, e } of slice)
            await audit.recordRead(
              principal,
              { orgId: e.orgId, tlp: e.tlp, targetType: 'event', targetId: e.id },
              'live',
            );
        });
      } catch (err) {
        log.warn({ err, reads: slice.length }, 'could not audit live event reads');
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Writes what is pending; batches are written one after another, never concurrently. */
  function flush(): Promise<void> {
    scheduled = false;
    if (pending.size === 0) return writing;
    const batch = [...pending.values()];
    pending = new Map();
    writing = writing.then(() => write(batch));
    return writing;
  }

  return {
    /** Records that `principal` received the event (call only for audited labels). */
    record(principal: Principal, e: BusEvent) {
      pending.set(`${actorOf(principal)} ${e.id}`, { principal, e });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    /** Waits until every read recorded so far is written (at shutdown). */
    flush,
  };
}
