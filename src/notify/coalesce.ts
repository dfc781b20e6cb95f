/**
 * Batches calls: items passed while a flush is running (or in the same turn of the event loop)
 * go to `flush` together, one flush at a time. Each caller's promise settles with its flush, so
 * a failure reaches exactly the callers whose items it concerned.
 */
export function coalesce<T, R>(flush: (items: T[]) => Promise<R>): (item: T) => Promise<R> {
  let waiting: Array<{ item: T; resolve(r: R): void; reject(e: unknown): void }> = [];
  let draining = false;

  async function drain() {
    // Let everything finishing in this turn join the first flush.
    await new Promise((r) => setImmediate(r));
    while (waiting.length) {
      const batch = waiting;
      waiting = [];
      try {
        const result = await flush(batch.map((w) => w.item));
        for (const w of batch) w.resolve(result);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
  }

  function start() {
    if (draining) return;
    draining = true;
    void drain().finally(() => {
      draining = false;
      if (waiting.length) start(); // arrived after the loop's last look
    });
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      start();
    });
}
