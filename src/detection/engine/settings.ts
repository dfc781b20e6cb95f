// Detection settings resolved once from the config into plain numbers and arrays: the same
// object goes to every collector worker and to the detector thread (structured clone), and
// each side builds its own prefix table from it.

import type { DetectionConfig } from '../../platform/config/schema.ts';
import { type Cidr, PrefixTable, parseCidr } from './prefixes.ts';
import { LIMIT_BPS, LIMIT_FLOWS, LIMIT_PPS, VECTOR_COUNT, VECTORS } from './vectors.ts';

type ThresholdConfig = DetectionConfig['thresholds'];

export interface PrefixEntry {
  cidr: string;
  /** Allow-listed: traffic to/from it is never counted. */
  allow: boolean;
  /** Hostgroup index, -1 for plain networks. */
  group: number;
}

export interface GroupSettings {
  name: string;
  org: string | null;
  /** Limits for hosts in the group: VECTOR_COUNT × 3 (pps, bps, flows/s), 0 = off. */
  hostLimits: number[];
  /** Limits for each of the group's prefixes as one aggregate; null = no prefix counters. */
  prefixLimits: number[] | null;
}

export interface EngineSettings {
  tickMs: number;
  windowTicks: number;
  quietTicks: number;
  updateTicks: number;
  maxSpreadMs: number;
  idleEvictTicks: number;
  maxEntities: number;
  incoming: boolean;
  outgoing: boolean;
  /** No networks configured: every destination counts as ours (incoming only). */
  matchAll: boolean;
  entries: PrefixEntry[];
  groups: GroupSettings[];
  defaultLimits: number[];
  baseline: DetectionConfig['baseline'];
  /** Entities above this fraction of their lowest limit get details (sources, ports) collected. */
  hotFraction: number;
}

export class SettingsError extends Error {}

/** Limits laid out VECTOR_COUNT × 3; `base` supplies fields the overrides leave out. */
export function limitsFrom(t: Partial<ThresholdConfig> | undefined, base?: readonly number[]): number[] {
  const out = base ? [...base] : new Array<number>(VECTOR_COUNT * 3).fill(0);
  VECTORS.forEach((name, v) => {
    const given = (t?.[name] ?? {}) as { pps?: number; bps?: number; flowsPerSec?: number };
    if (given.pps !== undefined) out[v * 3 + LIMIT_PPS] = given.pps;
    if (given.bps !== undefined) out[v * 3 + LIMIT_BPS] = given.bps;
    if (given.flowsPerSec !== undefined) out[v * 3 + LIMIT_FLOWS] = given.flowsPerSec;
  });
  return out;
}

export function resolveSettings(d: DetectionConfig): EngineSettings {
  const problems: string[] = [];
  const parse = (text: string, where: string): Cidr | null => {
    const cidr = parseCidr(text);
    if (!cidr) problems.push(`${where}: "${text}" is not a prefix (a.b.c.d/n or x:y::/n)`);
    return cidr;
  };
  const entries: PrefixEntry[] = [];
  const seen = new Set<string>();
  const addEntry = (text: string, where: string, allow: boolean, group: number) => {
    const cidr = parse(text, where);
    if (!cidr || seen.has(cidr.text)) return; // the first mention wins: allow-list, then groups
    seen.add(cidr.text);
    entries.push({ cidr: cidr.text, allow, group });
  };
  d.allowList.forEach((t) => {
    addEntry(t, 'detection.allowList', true, -1);
  });
  const defaultLimits = limitsFrom(d.thresholds);
  const groups: GroupSettings[] = d.hostgroups.map((g, gi) => {
    g.prefixes.forEach((t) => {
      addEntry(t, `detection.hostgroups[${gi}].prefixes`, false, gi);
    });
    const prefixLimits = limitsFrom(g.prefixThresholds);
    return {
      name: g.name,
      org: g.org ?? null,
      hostLimits: limitsFrom(g.thresholds, defaultLimits),
      prefixLimits: prefixLimits.some((x) => x > 0) ? prefixLimits : null,
    };
  });
  if (new Set(d.hostgroups.map((g) => g.name)).size !== d.hostgroups.length) {
    problems.push('detection.hostgroups: names must be unique');
  }
  d.networks.forEach((t) => {
    addEntry(t, 'detection.networks', false, -1);
  });
  if (problems.length) throw new SettingsError(`Invalid detection settings:\n  - ${problems.join('\n  - ')}`);
  const tick = d.tickMs;
  return {
    tickMs: tick,
    windowTicks: d.windowTicks,
    quietTicks: Math.max(1, Math.round((d.quietPeriodS * 1000) / tick)),
    updateTicks: Math.max(1, Math.round(d.updateIntervalMs / tick)),
    maxSpreadMs: d.maxSpreadS * 1000,
    idleEvictTicks: Math.max(d.windowTicks + 1, Math.round((d.idleEvictS * 1000) / tick)),
    maxEntities: d.maxEntities,
    incoming: d.directions.includes('incoming'),
    outgoing: d.directions.includes('outgoing') && d.networks.length + d.hostgroups.length > 0,
    matchAll: d.networks.length === 0 && d.hostgroups.length === 0,
    entries,
    groups,
    defaultLimits,
    baseline: d.baseline,
    hotFraction: 0.25,
  };
}

/** The prefix table both sides build from the settings; entry numbers match `settings.entries`. */
export function buildPrefixTable(s: EngineSettings): PrefixTable {
  const table = new PrefixTable();
  for (const e of s.entries) table.add(parseCidr(e.cidr)!);
  return table;
}

/** Limits that apply to an entity: its group's, the prefix aggregate's, or the defaults. */
export function limitsFor(s: EngineSettings, entry: number, prefixEntity: boolean): readonly number[] {
  const group = entry >= 0 ? (s.entries[entry]?.group ?? -1) : -1;
  if (group < 0) return s.defaultLimits;
  const g = s.groups[group]!;
  return prefixEntity ? (g.prefixLimits ?? s.defaultLimits) : g.hostLimits;
}

/** The lowest positive pps and bps limits anywhere, for the workers' "hot entity" test. */
export function lowestLimits(s: EngineSettings): { pps: number; bps: number } {
  const all = [s.defaultLimits, ...s.groups.flatMap((g) => [g.hostLimits, g.prefixLimits ?? []])];
  let pps = Number.POSITIVE_INFINITY;
  let bps = Number.POSITIVE_INFINITY;
  for (const limits of all) {
    for (let v = 0; v < VECTOR_COUNT; v++) {
      const p = limits[v * 3 + LIMIT_PPS] ?? 0;
      const b = limits[v * 3 + LIMIT_BPS] ?? 0;
      if (p > 0) pps = Math.min(pps, p);
      if (b > 0) bps = Math.min(bps, b);
    }
  }
  if (s.baseline.enabled) {
    pps = Math.min(pps, s.baseline.floorPps || pps);
    bps = Math.min(bps, s.baseline.floorBps || bps);
  }
  return { pps, bps };
}
