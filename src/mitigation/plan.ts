import type { Attack } from './attack.ts';
import {
  formatIp,
  formatPrefix,
  hostPrefix,
  type Ip,
  isUnicastHost,
  parseIp,
  parsePrefix,
  prefixContains,
} from './ip.ts';
import { checkRule, type FlowRule, familyName, type Rule, RuleError, ruleKey } from './rules.ts';
import type { Settings } from './settings-schema.ts';
import { sortedPorts, vectorRules } from './vectors.ts';

export { AMPLIFICATION_PORTS } from './vectors.ts';

/**
 * Turns an attack into rules: vector-specific FlowSpec first (it drops the attack and keeps
 * the victim reachable), RTBH only when the org opted in and either FlowSpec has nothing to
 * offer or the attack is big enough to fill the upstream links. Pure: same input, same plan.
 */
export interface Refusal {
  kind: 'rtbh' | 'flowspec';
  vector?: string;
  reason: string;
}
export interface Plan {
  rules: Rule[];
  refused: Refusal[];
  notes: string[];
}

export function allowListEntry(target: Ip, s: Settings) {
  return s.allowList.find((e) => {
    const p = parsePrefix(e.prefix);
    return p !== null && prefixContains(p, target);
  });
}

function flowspecRules(a: Attack, target: Ip, s: Settings, plan: Plan): Rule[] {
  const destination = formatPrefix(hostPrefix(target));
  const family = familyName(target.family);
  const action =
    s.flowspec.action === 'discard'
      ? ({ kind: 'discard' } as const)
      : ({ kind: 'rate-limit', bytesPerSecond: s.flowspec.rateLimitBytesPerSecond } as const);
  const pps = (v: string) => a.breakdown[v]?.pps ?? 0;
  const vectors = [...new Set(a.vectors)].filter((v) => /^[a-z0-9_]{1,64}$/.test(v));
  vectors.sort((x, y) => pps(y) - pps(x));
  const rules: Rule[] = [];
  for (const vector of vectors) {
    for (const f of vectorRules(a, target, s, vector, plan.notes)) {
      const rule: FlowRule = { kind: 'flowspec', family, destination, ...f, action };
      if (f.sourcePorts) rule.sourcePorts = sortedPorts(f.sourcePorts);
      try {
        const checked = checkRule(rule);
        // Two vectors may ask for the same match (e.g. `amplification` and `amp_other`).
        if (!rules.some((r) => ruleKey(r) === ruleKey(checked))) rules.push(checked);
      } catch (err) {
        if (!(err instanceof RuleError)) throw err;
        plan.notes.push(`${vector}: ${err.message}`);
      }
    }
  }
  if (rules.length > s.flowspec.maxRules) {
    plan.notes.push(
      `${rules.length - s.flowspec.maxRules} FlowSpec rule(s) over the limit of ${s.flowspec.maxRules} left out`,
    );
    return rules.slice(0, s.flowspec.maxRules);
  }
  return rules;
}

function rtbhRule(a: Attack, target: Ip, s: Settings, flowspecCount: number, plan: Plan): Rule | null {
  if (!s.rtbh.enabled) return null;
  const huge = s.rtbh.minBps !== null && a.peak.bps >= s.rtbh.minBps;
  if (flowspecCount > 0 && !huge) return null;
  const entry = allowListEntry(target, s);
  if (entry) {
    plan.refused.push({
      kind: 'rtbh',
      reason: `${formatIp(target)} is on the allow-list (${entry.prefix}): never blackholed`,
    });
    return null;
  }
  const nextHop = target.family === 4 ? s.rtbh.nextHopV4 : s.rtbh.nextHopV6;
  if (!nextHop) {
    plan.refused.push({ kind: 'rtbh', reason: `no RTBH next-hop configured for IPv${target.family}` });
    return null;
  }
  const why = huge
    ? `peak ${a.peak.bps} bps reaches the RTBH threshold`
    : 'no FlowSpec rule matches this attack';
  return checkRule({
    kind: 'rtbh',
    family: familyName(target.family),
    prefix: formatPrefix(hostPrefix(target)),
    nextHop,
    communities: s.rtbh.communities,
    reason: `Blackhole: ${why}`,
  });
}

export function planMitigation(a: Attack, s: Settings): Plan {
  const plan: Plan = { rules: [], refused: [], notes: [] };
  const target = parseIp(a.target);
  if (a.scope === 'prefix') {
    plan.notes.push(`a prefix-wide attack (${a.prefix ?? a.target}): rules are only made for single hosts`);
    return plan;
  }
  if (!target || !isUnicastHost(target)) {
    plan.notes.push('the target is not a unicast host address; nothing to announce');
    return plan;
  }
  if (a.direction !== 'incoming') {
    plan.notes.push('outgoing attacks are not mitigated upstream');
    return plan;
  }
  let flows: Rule[] = [];
  if (s.flowspec.enabled) {
    flows = flowspecRules(a, target, s, plan);
    const entry = allowListEntry(target, s);
    if (entry && !entry.allowFlowspec && flows.length) {
      plan.refused.push({
        kind: 'flowspec',
        reason: `${formatIp(target)} is on the allow-list (${entry.prefix}) without FlowSpec`,
      });
      flows = [];
    }
  }
  const rtbh = rtbhRule(a, target, s, flows.length, plan);
  plan.rules = rtbh ? [...flows, rtbh] : flows;
  return plan;
}

/**
 * Applies the org's current policy to rules planned earlier (settings may have changed since
 * the proposal): rules the allow-list or the switches now refuse are dropped.
 */
export function enforcePolicy(rules: Rule[], s: Settings): Plan {
  const plan: Plan = { rules: [], refused: [], notes: [] };
  for (const rule of rules) {
    const dest = parsePrefix(rule.kind === 'rtbh' ? rule.prefix : rule.destination);
    const entry = dest ? allowListEntry(dest, s) : undefined;
    if (rule.kind === 'rtbh' && (!s.rtbh.enabled || entry)) {
      plan.refused.push({
        kind: 'rtbh',
        reason: entry ? `${rule.prefix} is on the allow-list (${entry.prefix})` : 'RTBH is disabled',
      });
    } else if (rule.kind === 'flowspec' && (!s.flowspec.enabled || (entry && !entry.allowFlowspec))) {
      plan.refused.push({
        kind: 'flowspec',
        vector: rule.vector,
        reason: entry ? `on the allow-list (${entry.prefix})` : 'FlowSpec is disabled',
      });
    } else {
      plan.rules.push(rule);
    }
  }
  return plan;
}
