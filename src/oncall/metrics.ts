import { Counter } from 'prom-client';
import type { Platform } from '../platform/platform.ts';

export interface OncallMetrics {
  steps: Counter<'outcome'>;
  repairs: Counter<'kind'>;
  alerts: Counter<'source' | 'outcome'>;
}

function counter<L extends string>(
  p: Platform,
  name: string,
  help: string,
  labelNames: readonly L[],
): Counter<L> {
  return (
    (p.metrics.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [p.metrics] })
  );
}

export const oncallMetrics = (p: Platform): OncallMetrics => ({
  steps: counter(
    p,
    'swimmy_oncall_escalation_steps_total',
    'Escalation steps run, by outcome (paged, stale)',
    ['outcome'],
  ),
  repairs: counter(
    p,
    'swimmy_oncall_auditor_repairs_total',
    'Escalations the auditor found without a next step and repaired',
    ['kind'],
  ),
  alerts: counter(
    p,
    'swimmy_oncall_alerts_total',
    'Alerts taken in, by source and outcome (opened, joined, resolved)',
    ['source', 'outcome'],
  ),
});
