/**
 * The worker loop's sleep: ends at its deadline, or earlier when asked. A request to wake by a
 * time that arrives while the loop is awake (busy claiming) is remembered until `reset()`, so a
 * job scheduled during a claim still shortens the sleep that follows.
 */
export interface Sleeper {
  /** Resolves after `ms`, or at the earliest wakeBy()/wake() since the last reset(). */
  sleep(ms: number): Promise<void>;
  /** Wake by epoch milliseconds `at` (a job becomes due then). */
  wakeBy(at: number): void;
  /** Wake now (capacity freed, stopping). */
  wake(): void;
  /** Forget earlier requests: the caller is about to look at the database again. */
  reset(): void;
}

export function createSleeper(): Sleeper {
  let timer: NodeJS.Timeout | undefined;
  let resolve: (() => void) | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  let requested = Number.POSITIVE_INFINITY;

  const fire = () => {
    clearTimeout(timer);
    timer = undefined;
    wakeAt = Number.POSITIVE_INFINITY;
    const done = resolve;
    resolve = undefined;
    done?.();
  };
  const arm = (at: number) => {
    clearTimeout(timer);
    wakeAt = at;
    timer = setTimeout(fire, Math.max(0, at - Date.now()));
  };

  return {
    sleep(ms) {
      fire();
      return new Promise<void>((r) => {
        resolve = r;
        arm(Math.min(Date.now() + ms, requested));
      });
    },
    wakeBy(at) {
      requested = Math.min(requested, at);
      if (resolve && at < wakeAt) arm(at);
    },
    wake() {
      requested = Number.NEGATIVE_INFINITY;
      fire();
    },
    reset() {
      requested = Number.POSITIVE_INFINITY;
    },
  };
}
