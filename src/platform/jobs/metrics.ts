import { Counter, Histogram, type Registry } from 'prom-client';

export interface JobMetrics {
  /** Handler runs started, by kind. */
  run: Counter<'kind'>;
  /** Runs that threw (or whose kind has no handler), by kind. */
  failed: Counter<'kind'>;
  /** Jobs given up after their last attempt, by kind. */
  dead: Counter<'kind'>;
  /** Duration of one claim statement. */
  claim: Histogram;
  /** Time from a job's run_at to its handler starting. */
  lateness: Histogram<'kind'>;
}

/** Reuses metrics already in the registry, so two queues may share one (tests, benchmarks). */
function reuse<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createJobMetrics(registry: Registry): JobMetrics {
  const registers = [registry];
  const counter = (name: string, help: string) =>
    reuse(registry, name, () => new Counter({ name, help, labelNames: ['kind'] as const, registers }));
  return {
    run: counter('swimmy_jobs_run_total', 'Job handler runs started, by kind'),
    failed: counter('swimmy_jobs_failed_total', 'Job runs that failed (thrown or no handler), by kind'),
    dead: counter('swimmy_jobs_dead_total', 'Jobs given up after their last attempt, by kind'),
    claim: reuse(
      registry,
      'swimmy_jobs_claim_duration_seconds',
      () =>
        new Histogram({
          name: 'swimmy_jobs_claim_duration_seconds',
          help: 'Duration of one claim of a batch of due jobs',
          buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
          registers,
        }),
    ),
    lateness: reuse(
      registry,
      'swimmy_jobs_lateness_seconds',
      () =>
        new Histogram({
          name: 'swimmy_jobs_lateness_seconds',
          help: 'Time from a job being due to its handler starting, by kind',
          labelNames: ['kind'] as const,
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
          registers,
        }),
    ),
  };
}
