import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { CaseExport } from '../../cases/export.ts';
import { TLP_LABELS, type Tlp } from '../../policy/index.ts';
import { deriveIndicator } from '../derive.ts';
import type { Indicator, IndicatorContent } from '../schemas.ts';
import { bundleOf } from './bundle.ts';
import { caseObjects } from './cases.ts';
import { objectsForIndicators } from './export.ts';
import { scoId, sdoId, uuidv5 } from './ids.ts';
import { TLP_EXTENSION_ID, TLP_MARKING_IDS, tlpMarking } from './markings.ts';
import { officialValidator } from './official.ts';
import { indicatorPattern } from './pattern.ts';
import { patternProblems } from './pattern-grammar.ts';
import { bundleProblems, stixProblems } from './validate.ts';

const org = { id: '6f1c2e8a-1b2c-4d3e-8f4a-5b6c7d8e9f00', handle: 'acme', name: 'Acme Cloud' };

export function indicatorFrom(content: IndicatorContent, o: Partial<Indicator> = {}): Indicator {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    org,
    origin: 'attack',
    attackId: null,
    state: 'shared',
    ...content,
    tlp: 'GREEN',
    recipientOrgIds: [],
    recipientUserIds: [],
    spaceId: randomUUID(),
    caseId: null,
    shareError: null,
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    active: true,
    attackEndedAt: null,
    sharedAt: now,
    withdrawnAt: null,
    createdAt: now,
    updatedAt: now,
    ...o,
  };
}

const ntp = deriveIndicator(
  {
    id: 'a',
    target: '198.51.100.7',
    vectors: ['total', 'udp', 'amplification', 'amp_ntp'],
    startedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:02:00.000Z',
    peak: { pps: 3e6, bps: 38e9 },
    topSources: [
      { address: '203.0.113.9', pps: 10 },
      { address: '2001:db8:1::9', pps: 9 },
    ],
    spoofing: 'low',
  },
  { anonymisation: 'generalise' },
);

describe('STIX 2.1 export', () => {
  test('TLP 2.0 marking definitions: the FIRST ids, the extension, valid', () => {
    for (const tlp of TLP_LABELS) {
      const m = tlpMarking(tlp);
      assert.equal(m.id, TLP_MARKING_IDS[tlp]);
      assert.equal(m.extensions[TLP_EXTENSION_ID]?.tlp_2_0, tlp.toLowerCase());
      assert.deepEqual(stixProblems(m as unknown as Record<string, unknown>), []);
    }
    assert.equal(TLP_MARKING_IDS.CLEAR, 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487');
    assert.equal(TLP_MARKING_IDS.RED, 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1');
  });

  test('UUIDv5 matches the RFC 4122 test vector and STIX SCO ids are stable', () => {
    // RFC 4122 appendix / Python's uuid5(NAMESPACE_DNS, 'python.org').
    assert.equal(
      uuidv5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8'),
      '886313e1-3b8a-5372-9b90-0c9aee199e5d',
    );
    assert.equal(scoId('ipv4-addr', { value: '203.0.113.9' }), scoId('ipv4-addr', { value: '203.0.113.9' }));
    assert.equal(sdoId('indicator', 'x'), sdoId('indicator', 'x'));
    assert.notEqual(sdoId('indicator', 'x'), sdoId('report', 'x'));
  });

  test('an NTP indicator: pattern, validity window, SCOs; every object and the bundle valid', () => {
    const ind = indicatorFrom(ntp);
    const objects = objectsForIndicators([ind]);
    const sdo = objects.find((o) => o.type === 'indicator')!;
    assert.equal(
      sdo.pattern,
      "[network-traffic:src_ref.value IN ('203.0.113.9', '2001:db8:1::9') AND network-traffic:src_port = 123 AND network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24' AND network-traffic:protocols[*] = 'udp']",
    );
    assert.equal(sdo.valid_from, ntp.firstSeen);
    assert.equal(sdo.confidence, ntp.confidence);
    assert.deepEqual(sdo.object_marking_refs, [TLP_MARKING_IDS.GREEN]);
    assert.ok(objects.some((o) => o.type === 'ipv6-addr' && o.value === '2001:db8:1::9'));
    assert.ok(objects.some((o) => o.type === 'network-traffic' && o.src_port === 123));
    for (const o of objects) assert.deepEqual(stixProblems(o), [], JSON.stringify(o));
    const bundle = bundleOf(objects);
    assert.deepEqual(bundleProblems(bundle), []);
    // Re-export: same ids.
    assert.deepEqual(
      objectsForIndicators([ind]).map((o) => o.id),
      objects.map((o) => o.id),
    );
  });

  test('the validator catches what it should (it can fail)', () => {
    const [, sdo] = objectsForIndicators([indicatorFrom(ntp)]);
    assert.ok(stixProblems({ ...sdo!, id: 'indicator--not-a-uuid' }).length > 0);
    assert.ok(stixProblems({ ...sdo!, created: '2026-01-01T00:00:00Z' }).length > 0, 'no milliseconds');
    assert.ok(stixProblems({ ...sdo!, pattern: '[network-traffic:src_port = 123' }).length > 0);
    assert.ok(stixProblems({ ...sdo!, valid_until: sdo!.valid_from }).length > 0);
    const { pattern: _drop, ...noPattern } = sdo!;
    assert.ok(stixProblems(noPattern as typeof sdo & object).length > 0);
    assert.ok(
      stixProblems({ ...tlpMarking('RED'), modified: '2026-01-01T00:00:00.000Z' } as never).length > 0,
    );
    assert.ok(patternProblems("[network-traffic:src_ref.value = 'a' AND]").length > 0);
    assert.deepEqual(
      patternProblems(
        "[ipv4-addr:value = '1.2.3.4'] OR [network-traffic:extensions.'tcp-ext'.src_flags_hex = '02']",
      ),
      [],
    );
  });

  test('property: any derived indicator exports to valid STIX objects with a parseable pattern', () => {
    const addr = fc
      .tuple(fc.nat(223), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 }))
      .map((o) => o.join('.'));
    fc.assert(
      fc.property(
        fc.record({
          target: addr,
          vectors: fc.subarray(
            ['total', 'udp', 'tcp', 'tcp_syn', 'icmp', 'fragments', 'amp_dns', 'amp_ssdp', 'amplification'],
            { minLength: 1 },
          ),
          sources: fc.array(fc.oneof(addr, fc.constant('2001:db8::1')), { maxLength: 30 }),
          ports: fc.array(fc.integer({ min: 0, max: 65535 }), { maxLength: 6 }),
          spoofing: fc.constantFrom('low' as const, 'medium' as const, 'high' as const),
          mode: fc.constantFrom('exact' as const, 'generalise' as const, 'hide' as const),
          tlp: fc.constantFrom<Tlp>('CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT'),
          withdrawn: fc.boolean(),
        }),
        (x) => {
          const content = deriveIndicator(
            {
              id: 'p',
              target: x.target,
              vectors: x.vectors,
              startedAt: '2026-03-01T10:00:00.000Z',
              topSources: x.sources.map((address, i) => ({ address, pps: 100 - i })),
              topSourcePorts: x.ports.map((port) => ({ port, pps: 5 })),
              topDestinationPorts: x.ports.map((port) => ({ port, pps: 5 })),
              spoofing: x.spoofing,
            },
            { anonymisation: x.mode },
          );
          const objects = objectsForIndicators([
            indicatorFrom(content, { tlp: x.tlp, state: x.withdrawn ? 'withdrawn' : 'shared' }),
          ]);
          assert.deepEqual(patternProblems(indicatorPattern(content)), []);
          assert.deepEqual(bundleProblems(bundleOf(objects)), []);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a case: report, notes, vulnerabilities with CVE references, course of action; RED left out', () => {
    const label = (tlp: string) => ({ tlp, org, recipientOrgIds: [], recipientUserIds: [] });
    const at = '2026-02-01T12:00:00.000Z';
    const x = {
      tlp: 'AMBER',
      exportedAt: at,
      case: {
        id: randomUUID(),
        spaceId: randomUUID(),
        kind: 'vulnerability',
        title: 'Meltdown',
        cveIds: ['CVE-2017-5754'],
        layers: [],
        embargoAt: null,
        state: 'open',
        tlp: 'GREEN',
        org,
        author: null,
        createdAt: at,
        updatedAt: at,
      },
      statusHistory: [
        {
          id: randomUUID(),
          caseId: 'c',
          label: label('GREEN'),
          author: null,
          body: 'Patch KPTI everywhere.',
          html: '',
          createdAt: at,
        },
      ],
      matrix: [],
      stillAffected: [],
      questions: [],
      attachments: [],
      posts: [
        {
          id: randomUUID(),
          seq: 1,
          caseId: 'c',
          label: label('AMBER'),
          author: { id: 'u', name: 'Ann' },
          body: 'We are patching.',
          html: '',
          mentions: [],
          revision: 1,
          createdAt: at,
          editedAt: null,
          replyToId: null,
        },
        {
          id: randomUUID(),
          seq: 2,
          caseId: 'c',
          label: label('RED'),
          author: null,
          body: 'secret',
          html: '',
          mentions: [],
          revision: 1,
          createdAt: at,
          editedAt: null,
          replyToId: null,
        },
      ],
    } as unknown as CaseExport;
    const objects = caseObjects(x, [indicatorFrom(ntp, { tlp: 'AMBER' })]);
    const types = objects.map((o) => o.type).sort();
    assert.deepEqual(
      [...new Set(types)],
      [
        'course-of-action',
        'identity',
        'indicator',
        'ipv4-addr',
        'ipv6-addr',
        'network-traffic',
        'note',
        'report',
        'vulnerability',
      ],
    );
    assert.equal(objects.filter((o) => o.type === 'note').length, 1, 'the RED post is not exported');
    assert.ok(!JSON.stringify(objects).includes('secret'));
    const vuln = objects.find((o) => o.type === 'vulnerability')!;
    assert.deepEqual(
      (vuln.external_references as Array<{ external_id: string }>)[0]!.external_id,
      'CVE-2017-5754',
    );
    const bundle = bundleOf(objects);
    assert.deepEqual(bundleProblems(bundle), []);
  });

  test('official OASIS STIX 2.1 schemas (when STIX_SCHEMAS_DIR points at a checkout)', (t) => {
    const official = officialValidator(process.env.STIX_SCHEMAS_DIR);
    if (!official.ok) {
      t.skip(`skipped: ${official.reason}`);
      return;
    }
    const objects = bundleOf(objectsForIndicators([indicatorFrom(ntp)])).objects;
    for (const o of objects) assert.deepEqual(official.problems(o), [], JSON.stringify(o));
  });
});
