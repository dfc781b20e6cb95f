// The end-to-end timeline's shape: named steps across modules, ordered by time, each with the
// delay since the step before and since the first attack datagram. Pure, so it is tested alone.

export const STEP_KEYS = [
  'first_datagram',
  'detected',
  'page_sent',
  'page_delivered',
  'acknowledged',
  'mitigation_proposed',
  'mitigation_announced',
  'customer_health',
  'public_update',
  'shared_with_peers',
  'attack_ended',
  'mitigation_withdrawn',
  'incident_resolved',
] as const;
export type StepKey = (typeof STEP_KEYS)[number];

export const STEP_LABELS: Record<StepKey, string> = {
  first_datagram: 'First attack datagram',
  detected: 'Attack detected',
  page_sent: 'Page sent',
  page_delivered: 'Page delivered',
  acknowledged: 'Acknowledged',
  mitigation_proposed: 'Mitigation proposed',
  mitigation_announced: 'Mitigation announced',
  customer_health: 'Customer health updated',
  public_update: 'Public update posted',
  shared_with_peers: 'Shared with peers',
  attack_ended: 'Attack ended',
  mitigation_withdrawn: 'Mitigation withdrawn',
  incident_resolved: 'Incident resolved',
};

/** One fact gathered from a module: when it happened (null: not yet / not at all) and from where. */
export interface Fact {
  key: StepKey;
  at: string | null;
  module: string;
  detail: string | null;
  /** The module keeps no time of its own for this step; `at` is the event it acted on. */
  approximate?: boolean;
}

export interface Step {
  key: StepKey;
  label: string;
  at: string | null;
  module: string;
  detail: string | null;
  approximate: boolean;
  sincePreviousMs: number | null;
  sinceFirstDatagramMs: number | null;
}

/**
 * Steps that happened, by time (ties keep the canonical order: detection before the page it
 * causes), then those that have not happened, in canonical order. Deltas are from the previous
 * step that happened and from the first datagram, never negative for the previous step.
 */
export function buildSteps(facts: Fact[]): Step[] {
  const rank = (k: StepKey) => STEP_KEYS.indexOf(k);
  const happened = facts
    .filter((f) => f.at !== null && !Number.isNaN(Date.parse(f.at)))
    .sort((a, b) => Date.parse(a.at!) - Date.parse(b.at!) || rank(a.key) - rank(b.key));
  const pending = facts.filter((f) => !happened.includes(f)).sort((a, b) => rank(a.key) - rank(b.key));
  const first = happened.find((f) => f.key === 'first_datagram');
  const origin = first ? Date.parse(first.at!) : happened[0] ? Date.parse(happened[0].at!) : null;
  let previous: number | null = null;
  const steps: Step[] = [];
  for (const f of happened) {
    const t = Date.parse(f.at!);
    steps.push({
      ...present(f),
      sincePreviousMs: previous === null ? null : t - previous,
      sinceFirstDatagramMs: origin === null ? null : t - origin,
    });
    previous = t;
  }
  for (const f of pending) steps.push({ ...present(f), sincePreviousMs: null, sinceFirstDatagramMs: null });
  return steps;
}

const present = (f: Fact) => ({
  key: f.key,
  label: STEP_LABELS[f.key],
  at: f.at && !Number.isNaN(Date.parse(f.at)) ? new Date(f.at).toISOString() : null,
  module: f.module,
  detail: f.detail,
  approximate: f.approximate === true,
});
