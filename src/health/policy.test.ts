import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { hostPrefix, parseIp, parsePrefix } from '../mitigation/ip.ts';
import { customerMaySeeAttack, healthAudienceOf, networkWithin } from '../policy/health.ts';
import type { Principal } from '../policy/principal.ts';
import { attackSentence, computeHealth } from './health.ts';

const net = (s: string) => parsePrefix(s) ?? hostPrefix(parseIp(s)!);
const user = (orgs: Record<string, 'viewer' | 'owner'>): Principal => ({
  kind: 'user',
  userId: 'u',
  email: 'u@x.test',
  name: 'u',
  sessionId: 's',
  csrfToken: 'c',
  orgs: new Map(Object.entries(orgs)),
});

describe('health policy', () => {
  test('an attack is visible only when its whole target is inside the customer network', () => {
    const own = [net('198.51.100.7'), net('2001:db8:7::/48')];
    assert.equal(customerMaySeeAttack(net('198.51.100.7'), own), true);
    assert.equal(customerMaySeeAttack(net('2001:db8:7:1::5'), own), true);
    assert.equal(customerMaySeeAttack(net('198.51.100.0/24'), own), false, 'a wider provider prefix');
    assert.equal(customerMaySeeAttack(net('198.51.100.8'), own), false);
    assert.equal(customerMaySeeAttack(net('::ffff:198.51.100.7'), own), false, 'other family');
  });

  test('property: networkWithin agrees with address arithmetic', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.integer({ min: 0, max: 32 }), fc.ipV4(), (a, len, b) => {
        const ip = parseIp(a)!;
        const shift = BigInt(32 - len);
        const outer = { family: 4 as const, value: (ip.value >> shift) << shift, length: len };
        const inner = hostPrefix(parseIp(b)!);
        assert.equal(networkWithin(inner, outer), inner.value >> shift === outer.value >> shift);
        assert.equal(networkWithin(outer, inner), len === 32 && inner.value === outer.value);
      }),
      { numRuns: 500 },
    );
  });

  test('the audience follows the org one acts as, never membership elsewhere', () => {
    const link = { providerOrgId: 'P', customerOrgId: 'C' };
    assert.equal(healthAudienceOf(user({ P: 'viewer' }), link, 'P'), 'provider');
    assert.equal(healthAudienceOf(user({ C: 'viewer' }), link, 'C'), 'customer');
    assert.equal(healthAudienceOf(user({ P: 'owner' }), link, 'C'), null);
    assert.equal(healthAudienceOf(user({ C: 'owner' }), link, 'P'), null);
    assert.equal(healthAudienceOf(user({ X: 'owner' }), link, 'X'), null);
  });
});

describe('health from what touches a resource', () => {
  const attack = {
    target: '198.51.100.7',
    classification: 'UDP flood',
    state: 'active' as const,
    pps: 2_300_000,
    bps: 1e10,
    peakPps: 2_500_000,
    mitigation: 'announced',
    mitigationKinds: ['flowspec'],
    startedAt: new Date('2026-01-01T14:02:31Z'),
    endedAt: null,
  };
  const base = {
    kind: 'address' as const,
    region: null,
    componentId: null,
    attacks: [],
    openIncidents: 0,
    openReports: [],
  };

  test('states', () => {
    assert.equal(computeHealth(base), 'available');
    assert.equal(computeHealth({ ...base, attacks: [attack] }), 'degraded');
    assert.equal(
      computeHealth({ ...base, attacks: [{ ...attack, mitigationKinds: ['rtbh'] }] }),
      'unavailable',
    );
    assert.equal(computeHealth({ ...base, attacks: [{ ...attack, state: 'ended' }] }), 'available');
    assert.equal(computeHealth({ ...base, openIncidents: 1 }), 'degraded');
    assert.equal(computeHealth({ ...base, openReports: ['confirmed'] }), 'degraded');
    assert.equal(computeHealth({ ...base, openReports: ['received'] }), 'available');
    assert.equal(computeHealth({ ...base, kind: 'volume' }), 'unknown');
    assert.equal(computeHealth({ ...base, kind: 'volume', region: 'fr-par' }), 'available');
  });

  test('the sentence a customer reads', () => {
    assert.equal(
      attackSentence(attack),
      'We see a 2.3 Mpps UDP flood to 198.51.100.7 since 14:02 UTC; mitigation active.',
    );
    assert.equal(
      attackSentence({ ...attack, classification: 'UDP amplification: NTP', pps: 48_000, mitigation: null }),
      'We see a 48 kpps UDP amplification (NTP) to 198.51.100.7 since 14:02 UTC; no mitigation yet.',
    );
    assert.match(attackSentence({ ...attack, pps: 85_000 }), /^We see an 85 kpps UDP flood/);
    assert.match(attackSentence({ ...attack, pps: 11_000_000 }), /^We see an 11 Mpps UDP flood/);
    assert.match(attackSentence({ ...attack, pps: 180_000 }), /^We see a 180 kpps UDP flood/);
    assert.match(attackSentence({ ...attack, pps: 800 }), /^We see an 800 pps UDP flood/);
    assert.equal(
      attackSentence({ ...attack, state: 'ended', endedAt: new Date('2026-01-01T14:09:00Z') }),
      'We saw a 2.5 Mpps UDP flood to 198.51.100.7 from 14:02 UTC to 14:09 UTC; it has ended.',
    );
  });
});
