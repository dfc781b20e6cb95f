// Health of one resource from what touches it, and the sentence a customer reads about an
// attack ("We see a 2.3 Mpps UDP flood to 198.51.100.7 since 14:02 UTC; mitigation active.").

import type { Health, ReportState, ResourceKind } from './kinds.ts';

export interface AttackFacts {
  target: string;
  classification: string;
  state: 'active' | 'ended';
  pps: number;
  bps: number;
  peakPps: number;
  mitigation: string | null;
  mitigationKinds: string[];
  startedAt: Date;
  endedAt: Date | null;
}

export interface HealthInput {
  kind: ResourceKind;
  region: string | null;
  componentId: string | null;
  attacks: AttackFacts[];
  openIncidents: number;
  openReports: ReportState[];
}

/** Mitigation states in which traffic is being filtered upstream right now. */
const MITIGATION_ACTIVE = new Set(['announced', 'withdrawing', 'withdraw_failed']);

/**
 * - unavailable: an active attack whose mitigation blackholes the address (RTBH drops all of it);
 * - degraded: an active attack, an open incident touching it, or a problem report confirmed;
 * - unknown: an instance or volume tied to no region or component (no telemetry covers it);
 * - available: otherwise.
 */
export function computeHealth(r: HealthInput): Health {
  const active = r.attacks.filter((a) => a.state === 'active');
  if (active.some((a) => MITIGATION_ACTIVE.has(a.mitigation ?? '') && a.mitigationKinds.includes('rtbh')))
    return 'unavailable';
  if (active.length > 0 || r.openIncidents > 0 || r.openReports.includes('confirmed')) return 'degraded';
  if ((r.kind === 'instance' || r.kind === 'volume') && !r.region && !r.componentId) return 'unknown';
  return 'available';
}

/** 2_300_000 → "2.3 Mpps". */
export function formatPps(pps: number): string {
  const [div, unit] =
    pps >= 1e9 ? [1e9, 'Gpps'] : pps >= 1e6 ? [1e6, 'Mpps'] : pps >= 1e3 ? [1e3, 'kpps'] : [1, 'pps'];
  return `${Number((Math.max(pps, 0) / div).toFixed(1))} ${unit}`;
}

/** 1.2e9 → "1.2 Gbit/s". */
export function formatBps(bps: number): string {
  const [div, unit] =
    bps >= 1e9 ? [1e9, 'Gbit/s'] : bps >= 1e6 ? [1e6, 'Mbit/s'] : bps >= 1e3 ? [1e3, 'kbit/s'] : [1, 'bit/s'];
  return `${Number((Math.max(bps, 0) / div).toFixed(1))} ${unit}`;
}

const hhmm = (d: Date) => `${d.toISOString().slice(11, 16)} UTC`;

export function mitigationPhrase(state: string | null): string {
  if (state === null) return 'no mitigation yet';
  if (MITIGATION_ACTIVE.has(state)) return 'mitigation active';
  if (state === 'proposed' || state === 'pending') return 'mitigation proposed';
  if (state === 'announcing') return 'mitigation starting';
  if (state === 'failed') return 'mitigation failed';
  return 'mitigation withdrawn';
}

/** "UDP amplification: NTP" → "UDP amplification (NTP)"; "mixed: UDP flood + TCP SYN flood" kept readable. */
const vectorWords = (classification: string) =>
  classification.replace(/^mixed: /, '').replace(/^(UDP amplification): (.+)$/, '$1 ($2)');

/** "an 85 kpps …", "an 11 Mpps …", "a 2.3 Mpps …": the article as the number is spoken. */
const article = (spoken: string) => (/^(8|1[18](\D|$))/.test(spoken) ? 'an' : 'a');

export function attackSentence(a: AttackFacts): string {
  const rate = formatPps(a.state === 'active' ? a.pps : a.peakPps);
  const what = `${article(rate)} ${rate} ${vectorWords(a.classification)} to ${a.target}`;
  if (a.state === 'ended' && a.endedAt)
    return `We saw ${what} from ${hhmm(a.startedAt)} to ${hhmm(a.endedAt)}; it has ended.`;
  return `We see ${what} since ${hhmm(a.startedAt)}; ${mitigationPhrase(a.mitigation)}.`;
}
