import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normaliseAttack } from './attack.ts';
import { type AttackKind, attackFixture } from './fixtures.ts';
import { enforcePolicy, planMitigation } from './plan.ts';
import { exabgpCommands } from './render.ts';
import type { Rule } from './rules.ts';
import { DEFAULT_SETTINGS, type Settings } from './settings-schema.ts';

const settings = (over: Partial<Settings> = {}): Settings => ({ ...DEFAULT_SETTINGS, ...over });
const withRtbh = (over: Partial<Settings['rtbh']> = {}) =>
  settings({
    rtbh: {
      ...DEFAULT_SETTINGS.rtbh,
      enabled: true,
      nextHopV4: '192.0.2.1',
      nextHopV6: '2001:db8::1',
      ...over,
    },
  });
const plan = (kind: AttackKind, s = settings(), over = {}) =>
  planMitigation(normaliseAttack(attackFixture(kind, over)), s);
const lines = (rules: Rule[]) => exabgpCommands(rules, 'announce');

describe('planMitigation: vector-specific FlowSpec', () => {
  test('NTP amplification: UDP from source port 123 to the victim, discarded', () => {
    const p = plan('ntp');
    assert.deepEqual(lines(p.rules), [
      'announce flow route { match { destination 192.0.2.10/32; protocol udp; source-port =123; } then { discard; } }',
    ]);
    assert.ok(p.notes.some((n) => n.startsWith('udp: covered')));
  });

  test('several amplification vectors give one rule each, busiest first', () => {
    const p = plan('dns_ntp');
    assert.deepEqual(
      p.rules.map((r) => r.kind === 'flowspec' && r.sourcePorts),
      [[53], [123]],
    );
  });

  test('SYN flood: TCP SYN to the top destination ports', () => {
    assert.deepEqual(lines(plan('syn').rules), [
      'announce flow route { match { destination 192.0.2.10/32; protocol tcp; destination-port [ =80 =443 ]; tcp-flags [ syn ]; } then { discard; } }',
    ]);
  });

  test('ICMP and fragment floods', () => {
    assert.deepEqual(lines(plan('icmp').rules), [
      'announce flow route { match { destination 192.0.2.10/32; protocol icmp; } then { discard; } }',
    ]);
    assert.deepEqual(lines(plan('fragments').rules), [
      'announce flow route { match { destination 192.0.2.10/32; fragment [ is-fragment ]; } then { discard; } }',
    ]);
  });

  test('UDP flood: by unspoofed sources when spoofing is low, else by destination port', () => {
    const low = plan('udp');
    assert.deepEqual(
      low.rules.map((r) => r.kind === 'flowspec' && r.source),
      ['198.51.100.7/32', '198.51.100.23/32', '203.0.113.99/32'],
    );
    const spoofed = plan('udp', settings(), { spoofing: 'high' });
    assert.deepEqual(lines(spoofed.rules), [
      'announce flow route { match { destination 192.0.2.10/32; protocol udp; destination-port =27015; } then { discard; } }',
    ]);
    const noPorts = plan('udp', settings(), {
      spoofing: 'medium',
      topDestinationPorts: [{ port: 0, pps: 9 }],
    });
    assert.deepEqual(lines(noPorts.rules), [
      'announce flow route { match { destination 192.0.2.10/32; protocol udp; } then { discard; } }',
    ]);
  });

  test('rate-limit instead of discard when the org chooses it', () => {
    const s = settings({
      flowspec: { ...DEFAULT_SETTINGS.flowspec, action: 'rate-limit', rateLimitBytesPerSecond: 125000 },
    });
    assert.match(lines(plan('ntp', s).rules)[0]!, /then \{ rate-limit 125000; \} \}$/);
  });

  test('IPv6 victims: /128 and next-header; no fragment rule (ExaBGP matches fragments on IPv4 only)', () => {
    assert.deepEqual(lines(plan('ntp', settings(), { target: '2001:DB8::10' }).rules), [
      'announce flow route { match { destination 2001:db8::10/128; next-header udp; source-port =123; } then { discard; } }',
    ]);
    assert.match(lines(plan('icmp', settings(), { target: '2001:db8::10' }).rules)[0]!, /next-header 58;/);
    const frag = plan('fragments', settings(), { target: '2001:db8::10' });
    assert.deepEqual(frag.rules, []);
    assert.ok(frag.notes.some((n) => n.includes('IPv6 fragment')));
  });

  test('the number of FlowSpec rules is capped', () => {
    const s = settings({ flowspec: { ...DEFAULT_SETTINGS.flowspec, maxRules: 1 } });
    const p = plan('dns_ntp', s);
    assert.equal(p.rules.length, 1);
    assert.ok(p.notes.some((n) => n.includes('over the limit')));
  });

  test("the detection engine's vector names: tcp_syn, amplification without a known reflector, total", () => {
    assert.deepEqual(
      lines(plan('syn', settings(), { vectors: ['tcp_syn'] }).rules),
      lines(plan('syn', settings(), { vectors: ['syn'] }).rules),
    );
    const other = plan('ntp', settings(), {
      vectors: ['total', 'udp', 'amplification', 'amp_other'],
      topSourcePorts: [
        { port: 3478, pps: 900 },
        { port: 0, pps: 800 },
        { port: 5353, pps: 10 },
      ],
    });
    assert.deepEqual(lines(other.rules), [
      'announce flow route { match { destination 192.0.2.10/32; protocol udp; source-port [ =3478 =5353 ]; } then { discard; } }',
    ]);
    assert.ok(plan('ntp', settings(), { vectors: ['total'] }).notes.some((n) => n.startsWith('total:')));
  });

  test('prefix-wide attacks get no host rule', () => {
    const p = plan('ntp', settings(), { scope: 'prefix', target: '192.0.2.0', prefix: '192.0.2.0/24' });
    assert.deepEqual(p.rules, []);
    assert.match(p.notes[0]!, /prefix-wide attack \(192\.0\.2\.0\/24\)/);
  });

  test('nothing for outgoing attacks, odd vectors or non-unicast targets', () => {
    assert.deepEqual(plan('ntp', settings(), { direction: 'outgoing' }).rules, []);
    assert.deepEqual(plan('ntp', settings(), { vectors: ['Weird Vector', 'gre'] }).rules, []);
    assert.deepEqual(plan('ntp', settings(), { target: '224.0.0.5' }).rules, []);
    assert.deepEqual(plan('ntp', settings(), { target: 'victim.example' }).rules, []);
  });
});

describe('planMitigation: RTBH policy', () => {
  test('off by default: FlowSpec only, even when FlowSpec has nothing', () => {
    assert.ok(plan('ntp').rules.every((r) => r.kind === 'flowspec'));
    assert.deepEqual(plan('ntp', settings(), { vectors: ['gre'] }).rules, []);
  });

  test('opted in: a fallback when FlowSpec has no rule, or added above the size threshold', () => {
    const fallback = plan('ntp', withRtbh(), { vectors: ['gre'] });
    assert.deepEqual(lines(fallback.rules), [
      'announce route 192.0.2.10/32 next-hop 192.0.2.1 community 65535:666',
    ]);
    assert.ok(
      plan('ntp', withRtbh()).rules.every((r) => r.kind === 'flowspec'),
      'no RTBH below the threshold',
    );
    const huge = plan('ntp', withRtbh({ minBps: 10e9, communities: ['65535:666', '64500:9'] }));
    assert.deepEqual(
      lines(huge.rules).at(-1),
      'announce route 192.0.2.10/32 next-hop 192.0.2.1 community [65535:666 64500:9]',
    );
    const v6 = plan('ntp', withRtbh(), { target: '2001:db8::10', vectors: ['gre'] });
    assert.deepEqual(lines(v6.rules), [
      'announce route 2001:db8::10/128 next-hop 2001:db8::1 community 65535:666',
    ]);
  });

  test('allow-listed targets are never blackholed; FlowSpec only if the entry allows it', () => {
    const allow = (allowFlowspec: boolean) =>
      ({
        ...withRtbh({ minBps: 0 }),
        allowList: [{ prefix: '192.0.2.0/24', allowFlowspec }],
      }) satisfies Settings;
    const a = plan('ntp', allow(true));
    assert.ok(a.rules.length > 0 && a.rules.every((r) => r.kind === 'flowspec'));
    assert.ok(a.refused.some((r) => r.kind === 'rtbh' && r.reason.includes('allow-list')));
    const b = plan('ntp', allow(false));
    assert.deepEqual(b.rules, []);
    assert.deepEqual(b.refused.map((r) => r.kind).sort(), ['flowspec', 'rtbh']);
  });

  test('RTBH without a next-hop for the family is refused, not guessed', () => {
    const p = plan('ntp', withRtbh({ nextHopV6: null }), { target: '2001:db8::10', vectors: ['gre'] });
    assert.deepEqual(p.rules, []);
    assert.match(p.refused[0]!.reason, /IPv6/);
  });

  test('enforcePolicy drops rules that the current settings refuse', () => {
    const planned = plan('ntp', withRtbh({ minBps: 0 })).rules;
    assert.ok(planned.some((r) => r.kind === 'rtbh'));
    const later = {
      ...withRtbh(),
      allowList: [{ prefix: '192.0.2.10/32', allowFlowspec: true }],
    } satisfies Settings;
    const kept = enforcePolicy(planned, later);
    assert.ok(kept.rules.every((r) => r.kind === 'flowspec'));
    assert.equal(kept.refused.length, 1);
    assert.deepEqual(
      enforcePolicy(planned, settings({ flowspec: { ...DEFAULT_SETTINGS.flowspec, enabled: false } })).rules,
      [],
    );
  });
});
