import type { Logger } from '../log.ts';
import type { JobMetrics } from './metrics.ts';
import type { Run, Runs } from './runs.ts';
import type { Registered } from './worker.ts';

const MAX_ERROR_LENGTH = 4000;

export const describe = (err: unknown) =>
  (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).slice(0, MAX_ERROR_LENGTH);

/**
 * Takes the next queued run and, for a batch kind, the queued runs of the same kind after it (up
 * to the kind's batch size); runs given up meanwhile are dropped. Other kinds keep their order.
 */
export function nextGroup(
  queued: Run[],
  runs: Runs,
  maxBatchOf: (kind: string) => number,
): Run[] | undefined {
  while (queued.length) {
    const first = queued.shift()!;
    if (first.abandoned) {
      runs.remove(first);
      continue;
    }
    const max = maxBatchOf(first.job.kind);
    if (max === 1) return [first];
    const group = [first];
    const rest: Run[] = [];
    for (const run of queued) {
      if (group.length < max && run.job.kind === first.job.kind && !run.abandoned) group.push(run);
      else rest.push(run);
    }
    queued.splice(0, queued.length, ...rest);
    return group;
  }
  return undefined;
}

/**
 * Calls a kind's handler with a group of runs; returns the failures by job id (every job of the
 * group when the handler threw or the kind has none).
 */
export async function callHandler(
  o: { handlers: ReadonlyMap<string, Registered>; metrics: JobMetrics; log: Logger },
  kind: string,
  live: Run[],
): Promise<Map<number, string>> {
  const now = Date.now();
  for (const run of live)
    o.metrics.lateness.observe({ kind }, Math.max(0, now - run.job.runAt.getTime()) / 1000);
  const all = (error: string) => new Map(live.map((r) => [r.job.id, error]));
  const handler = o.handlers.get(kind);
  if (!handler) return all(`no handler registered for job kind "${kind}"`);
  o.metrics.run.inc({ kind }, live.length);
  const signal =
    live.length === 1 ? live[0]!.controller.signal : AbortSignal.any(live.map((r) => r.controller.signal));
  try {
    const byId = new Map(live.map((r) => [r.job.id, r.controller.signal]));
    const signalOf = (id: number) => byId.get(id) ?? signal;
    const failed = await handler.batch(
      live.map((r) => r.job),
      { signal, signalOf },
    );
    return new Map([...(failed ?? [])].map(([id, err]) => [id, describe(err)]));
  } catch (err) {
    if (!live.every((r) => r.abandoned)) o.log.debug({ err, kind, jobs: live.length }, 'job handler threw');
    return all(describe(err));
  }
}
