import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import type { Attack } from './attack.ts';
import { type ParsedCommand, parseExabgp, parseGobgp } from './grammar.ts';
import { canonicalPrefix, formatPrefix, hostPrefix, parseIp } from './ip.ts';
import { AMPLIFICATION_PORTS, enforcePolicy, planMitigation } from './plan.ts';
import { exabgpCommand, gobgpArgs } from './render.ts';
import type { Rule } from './rules.ts';
import { DEFAULT_SETTINGS, type Settings } from './settings-schema.ts';

// Strings an attacker controls (they reach us inside flow records and attack events).
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '192.0.2.10; } then { accept; } }',
    '192.0.2.10/32\nannounce route 0.0.0.0/0 next-hop self',
    '0.0.0.0/0',
    '$(reboot)',
    '192.0.2.010',
    '::ffff:192.0.2.1',
    'fe80::1%eth0',
  ),
);
const address = fc.oneof(fc.ipV4(), fc.ipV6(), hostile);
const rate = fc.double({ min: 0, max: 1e12, noNaN: true });
const port = fc.integer({ min: -5, max: 70000 });
const vector = fc.oneof(
  fc.constantFrom(
    'udp',
    'tcp',
    'syn',
    'icmp',
    'fragments',
    'amp_unknown',
    ...Object.keys(AMPLIFICATION_PORTS),
  ),
  hostile,
);

const attack: fc.Arbitrary<Attack> = fc.record({
  id: fc.uuid(),
  scope: fc.constant('host'),
  target: address,
  prefix: fc.constant(null),
  direction: fc.constantFrom('incoming', 'outgoing'),
  classification: fc.string(),
  vectors: fc.array(vector, { maxLength: 6 }),
  state: fc.constant('active'),
  endedAt: fc.constant(null),
  peak: fc.record({ pps: rate, bps: rate }),
  breakdown: fc.dictionary(vector, fc.record({ pps: rate, bps: rate }), { maxKeys: 6 }),
  topSources: fc.array(fc.record({ address, pps: rate }), { maxLength: 8 }),
  topSourcePorts: fc.array(fc.record({ port, pps: rate }), { maxLength: 8 }),
  topDestinationPorts: fc.array(fc.record({ port, pps: rate }), { maxLength: 8 }),
  spoofing: fc.constantFrom('low', 'medium', 'high'),
}) as fc.Arbitrary<Attack>;

const community = fc
  .tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }))
  .map(([a, b]) => `${a}:${b}`);
const settings: fc.Arbitrary<Settings> = fc
  .record({
    action: fc.constantFrom('discard', 'rate-limit'),
    rate: fc.integer({ min: 9600, max: 1e12 }),
    maxRules: fc.integer({ min: 1, max: 32 }),
    maxPorts: fc.integer({ min: 1, max: 16 }),
    maxSourceRules: fc.integer({ min: 0, max: 16 }),
    rtbh: fc.boolean(),
    communities: fc.uniqueArray(community, { minLength: 1, maxLength: 8 }),
    minBps: fc.option(rate),
  })
  .map((g) => ({
    ...DEFAULT_SETTINGS,
    flowspec: {
      enabled: true,
      action: g.action,
      rateLimitBytesPerSecond: g.rate,
      maxRules: g.maxRules,
      maxPorts: g.maxPorts,
      maxSourceRules: g.maxSourceRules,
    },
    rtbh: {
      enabled: g.rtbh,
      nextHopV4: '192.0.2.1',
      nextHopV6: '2001:db8::1',
      communities: g.communities,
      minBps: g.minBps,
    },
  })) as fc.Arbitrary<Settings>;

/** What a parsed command must say for a given rule. */
function expected(rule: Rule, op: 'announce' | 'withdraw', dialect: 'exabgp' | 'gobgp'): ParsedCommand {
  if (rule.kind === 'rtbh') {
    const base = { op, kind: 'rtbh' as const, family: rule.family, destination: rule.prefix };
    return dialect === 'gobgp' && op === 'withdraw'
      ? base
      : { ...base, nextHop: rule.nextHop, communities: rule.communities };
  }
  const out: ParsedCommand = { op, kind: 'flowspec', family: rule.family, destination: rule.destination };
  if (rule.source) out.source = rule.source;
  if (rule.protocol) out.protocol = rule.protocol;
  if (rule.sourcePorts) out.sourcePorts = rule.sourcePorts;
  if (rule.destinationPorts) out.destinationPorts = rule.destinationPorts;
  if (rule.tcpSyn) out.tcpSyn = true;
  if (rule.fragment) out.fragment = true;
  out.action = rule.action.kind === 'discard' ? 'discard' : `rate-limit ${rule.action.bytesPerSecond}`;
  return out;
}

test('every planned rule renders into commands that parse back to exactly that rule', () => {
  fc.assert(
    fc.property(attack, settings, (a, s) => {
      const plan = planMitigation(a, s);
      const target = parseIp(a.target);
      if (plan.rules.length) assert.ok(target, 'rules only for a valid target');
      for (const rule of plan.rules) {
        const dest = rule.kind === 'rtbh' ? rule.prefix : rule.destination;
        assert.equal(dest, formatPrefix(hostPrefix(target!)), 'always the victim host, never wider');
        for (const op of ['announce', 'withdraw'] as const) {
          const line = exabgpCommand(rule, op);
          assert.deepEqual(parseExabgp(line), expected(rule, op, 'exabgp'), line);
          const args = gobgpArgs(rule, op);
          assert.deepEqual(parseGobgp(args), expected(rule, op, 'gobgp'), args.join(' '));
        }
      }
    }),
    { numRuns: 3000 },
  );
});

test('allow-listed targets never get RTBH, whatever the attack and settings', () => {
  fc.assert(
    fc.property(
      attack,
      settings,
      fc.integer({ min: 0, max: 32 }),
      fc.boolean(),
      (a, s, len, allowFlowspec) => {
        const ip = parseIp(a.target);
        fc.pre(ip !== null);
        const bits = ip!.family === 4 ? 32 : 128;
        const length = Math.min(len * (ip!.family === 4 ? 1 : 4), bits);
        const mask = length === 0 ? 0n : ((1n << BigInt(length)) - 1n) << BigInt(bits - length);
        const prefix = canonicalPrefix(
          formatPrefix({ family: ip!.family, value: ip!.value & mask, length }),
        )!;
        const listed: Settings = {
          ...s,
          rtbh: { ...s.rtbh, enabled: true, minBps: 0 },
          allowList: [{ prefix, allowFlowspec }],
        };
        const plan = planMitigation(a, listed);
        assert.ok(
          plan.rules.every((r) => r.kind === 'flowspec'),
          'no RTBH',
        );
        if (!allowFlowspec) assert.deepEqual(plan.rules, []);
        // And rules planned before the target was listed are dropped at announcement time.
        const before = planMitigation(a, { ...listed, allowList: [] });
        assert.ok(enforcePolicy(before.rules, listed).rules.every((r) => r.kind === 'flowspec'));
      },
    ),
    { numRuns: 2000 },
  );
});
