import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Value } from 'typebox/value';
import { canonicalIp, canonicalPrefix, parseIp, parsePrefix, prefixContains } from '../mitigation/ip.ts';
import type { AttackData } from './attack.ts';
import { deriveIndicator } from './derive.ts';
import { IndicatorContent } from './schemas.ts';

const v4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const v6 = fc
  .array(fc.nat(0xffff), { minLength: 8, maxLength: 8 })
  .map((g) => g.map((x) => x.toString(16)).join(':'));
const VECTORS = [
  'total',
  'udp',
  'tcp',
  'tcp_syn',
  'icmp',
  'fragments',
  'amplification',
  'amp_ntp',
  'amp_dns',
  'amp_other',
  'amp_memcached',
];

/** Sources near the victim too (same /24, the victim itself), and junk. */
const sourceNear = (target: string) =>
  fc.oneof(
    v4,
    v6,
    fc.constant(target),
    fc.nat(255).map((n) => target.replace(/\.\d+$/, `.${n}`)),
    fc.constantFrom('not-an-ip', '127.0.0.1', '224.0.0.1', '::1', '010.1.1.1'),
  );

const attack: fc.Arbitrary<AttackData> = fc.oneof(v4, v6).chain((target) =>
  fc.record({
    id: fc.uuid(),
    scope: fc.constantFrom('host' as const, 'prefix' as const),
    target: fc.constant(target),
    prefix: fc.constantFrom(null, '198.51.100.0/22', '2001:db8::/32', 'garbage'),
    direction: fc.constant('incoming' as const),
    vectors: fc.subarray(VECTORS, { minLength: 1 }),
    startedAt: fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    updatedAt: fc.option(fc.constant(new Date('2030-06-01').toISOString()), { nil: undefined }),
    peak: fc.record({
      pps: fc.double({ min: 0, max: 1e9, noNaN: true }),
      bps: fc.double({ min: 0, max: 1e13, noNaN: true }),
    }),
    topSources: fc.array(fc.record({ address: sourceNear(target), pps: fc.nat(1e6) }), { maxLength: 40 }),
    topSourcePorts: fc.array(fc.record({ port: fc.nat(65535), pps: fc.nat(1e6) }), { maxLength: 10 }),
    topDestinationPorts: fc.array(fc.record({ port: fc.nat(65535), pps: fc.nat(1e6) }), { maxLength: 10 }),
    spoofing: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
  }),
);
const mode = fc.constantFrom('exact' as const, 'generalise' as const, 'hide' as const);

describe('deriveIndicator (property)', () => {
  test('never the victim exact address when anonymised', () => {
    fc.assert(
      fc.property(attack, fc.constantFrom('generalise' as const, 'hide' as const), (a, m) => {
        const ind = deriveIndicator(a, { anonymisation: m });
        const victim = parseIp(a.target)!;
        if (ind.target !== null) {
          const t = parsePrefix(ind.target)!;
          assert.ok(
            t.length <= (victim.family === 4 ? 24 : 48),
            `target ${ind.target} narrower than /24 or /48`,
          );
        }
        if (m === 'hide') assert.equal(ind.target, null);
        for (const r of ind.reflectors)
          assert.ok(!sameNet(r.address, a.target), `reflector ${r.address} near victim`);
        for (const s of ind.sourcePrefixes)
          assert.ok(!parsePrefix(s) || !prefixContains(parsePrefix(s)!, victim), s);
        // Nowhere in the document as a host address.
        const canonical = canonicalIp(a.target)!;
        assert.ok(!JSON.stringify(ind).includes(`"${canonical}"`), 'victim address in the indicator');
        assert.ok(!ind.summary.includes(canonical));
      }),
      { numRuns: 500 },
    );
  });

  test('never source prefixes when spoofing is medium or high', () => {
    fc.assert(
      fc.property(attack, mode, (a, m) => {
        const ind = deriveIndicator(a, { anonymisation: m });
        if (a.spoofing !== 'low') assert.deepEqual(ind.sourcePrefixes, []);
        if (!ind.vector.startsWith('amp_') && ind.vector !== 'amplification')
          assert.deepEqual(ind.reflectors, []);
      }),
      { numRuns: 500 },
    );
  });

  test('valid, canonical prefixes and addresses always; the schema holds', () => {
    fc.assert(
      fc.property(attack, mode, (a, m) => {
        const ind = deriveIndicator(a, { anonymisation: m });
        assert.ok(
          Value.Check(IndicatorContent, ind),
          JSON.stringify([...Value.Errors(IndicatorContent, ind)][0]),
        );
        for (const s of ind.sourcePrefixes) assert.equal(canonicalPrefix(s), s);
        for (const r of ind.reflectors) assert.equal(canonicalIp(r.address), r.address);
        if (ind.target !== null) assert.equal(canonicalPrefix(ind.target), ind.target);
        if (m === 'exact')
          assert.ok(prefixContains(parsePrefix(ind.target)!, parseIp(a.target)!), 'exact covers the victim');
        assert.ok(Date.parse(ind.lastSeen) >= 0 && Date.parse(ind.firstSeen) >= 0);
      }),
      { numRuns: 500 },
    );
  });

  test('an NTP amplification gives reflectors with port 123 and a readable summary', () => {
    const ind = deriveIndicator(
      {
        id: 'a1',
        target: '198.51.100.7',
        vectors: ['total', 'udp', 'amplification', 'amp_ntp'],
        startedAt: '2026-01-01T00:00:00Z',
        updatedAt: '2026-01-01T00:01:00Z',
        peak: { pps: 3e6, bps: 38.2e9 },
        topSources: [
          { address: '203.0.113.9', pps: 10 },
          { address: '198.51.100.9', pps: 5 },
        ],
        spoofing: 'low',
      },
      { anonymisation: 'generalise' },
    );
    assert.equal(ind.summary, 'NTP amplification, 38.2 Gbps');
    assert.deepEqual(ind.reflectors, [{ address: '203.0.113.9', port: 123 }]);
    assert.equal(ind.target, '198.51.100.0/24');
    assert.deepEqual(ind.sourcePorts, [123]);
    assert.equal(ind.confidence, 40 + 20 + 15 + 10);
  });
});

function sameNet(address: string, victim: string) {
  const a = parseIp(address);
  const v = parseIp(victim);
  if (!a || !v || a.family !== v.family) return false;
  const len = v.family === 4 ? 24 : 48;
  const shift = BigInt((v.family === 4 ? 32 : 128) - len);
  return a.value >> shift === v.value >> shift;
}
