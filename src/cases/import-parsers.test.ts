import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../platform/http/errors.ts';
import { parseCveRecord } from './cve-record.ts';
import { importPostBody, parseRecord } from './import.ts';
import { MELTDOWN_CVE, OSV_WITH_ALIASES } from './import-fixtures.ts';
import type { ImportedRecord } from './import-types.ts';
import { parseOsvRecord } from './osv-record.ts';

/** Property and fuzz tests of the CVE JSON 5 and OSV parsers: never a crash, always a result or a clear 4xx. */

const clone = <T>(v: T): T => structuredClone(v);

/** A result that keeps the parser's promises, or an AppError that names where the record is wrong. */
function outcome(run: () => ImportedRecord): { ok: true; r: ImportedRecord } | { ok: false; e: AppError } {
  try {
    const r = run();
    assert.ok(r.title.length >= 1 && r.title.length <= 300, `title length ${r.title.length}`);
    for (const id of r.cveIds) assert.match(id, /^CVE-\d{4}-\d{4,}$/);
    for (const ref of r.references) assert.match(ref.url, /^https?:\/\//);
    assert.ok(importPostBody(r).length <= 60_000);
    return { ok: true, r };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    assert.ok(err.status === 400 || err.status === 413, `status ${err.status}`);
    assert.ok(err.message.length > 10);
    return { ok: false, e: err };
  }
}

/** Every path of a JSON value, as the parsers print them (a.b[2].c). */
function pathsOf(v: unknown, prefix = ''): string[][] {
  if (typeof v !== 'object' || v === null) return [];
  const keys = Array.isArray(v) ? v.map((_x, i) => i) : Object.keys(v);
  return keys.flatMap((k) => {
    const child = (v as Record<string | number, unknown>)[k];
    const here = [...(prefix ? prefix.split('\u0000') : []), String(k)];
    return [here, ...pathsOf(child, here.join('\u0000'))];
  });
}
function setAt(root: unknown, path: string[], value: unknown, remove: boolean) {
  let o = root as Record<string, unknown>;
  for (const k of path.slice(0, -1)) o = o[k] as Record<string, unknown>;
  const last = path[path.length - 1]!;
  if (remove && !Array.isArray(o)) delete o[last];
  else o[last] = value;
}

describe('CVE JSON 5 and OSV parsers', () => {
  test('the Meltdown CVE JSON 5 record yields its fields', () => {
    const r = parseCveRecord(clone(MELTDOWN_CVE));
    assert.equal(r.sourceId, 'CVE-2017-5754');
    assert.equal(r.title, 'Rogue data cache load (Meltdown)');
    assert.deepEqual(r.cveIds, ['CVE-2017-5754']);
    assert.match(r.description, /^Systems with microprocessors utilizing speculative execution/);
    assert.equal(r.references.length, 4);
    assert.deepEqual(r.references[1], {
      url: 'https://www.intel.com/content/www/us/en/security-center/advisory/intel-sa-00088.html',
      name: 'INTEL-SA-00088',
      tags: ['vendor-advisory'],
    });
    assert.deepEqual(r.affected, [
      'Intel Corporation Microprocessors with Speculative Execution: affected All; otherwise unknown',
      'Linux Linux kernel: affected 0 to before 4.15',
    ]);
    assert.deepEqual(r.problemTypes, ['CWE-200 Information exposure']);
    assert.deepEqual(r.severity, [
      {
        type: 'CVSS 3.1',
        score: 5.6,
        vector: 'CVSS:3.1/AV:L/AC:H/PR:L/UI:N/S:C/C:H/I:N/A:N',
        severity: 'MEDIUM',
      },
    ]);
    assert.equal(r.published, '2018-01-04T13:00:00.000Z');
    assert.deepEqual(r.warnings, []);
  });

  test('the OSV record yields its CVE alias, other aliases, ranges and severity', () => {
    const r = parseOsvRecord(clone(OSV_WITH_ALIASES));
    assert.equal(r.sourceId, 'GO-2023-1571');
    assert.deepEqual(r.cveIds, ['CVE-2022-41723']);
    assert.deepEqual(r.aliases, ['GHSA-vvpx-j8f3-3w6h']);
    assert.equal(r.title, OSV_WITH_ALIASES.summary);
    assert.deepEqual(r.affected, [
      'Go stdlib: semver introduced 0, fixed 1.19.6, introduced 1.20.0-0, fixed 1.20.1',
      'Go golang.org/x/net: semver introduced 0, fixed 0.7.0; versions 0.1.0, 0.2.0',
    ]);
    assert.deepEqual(
      r.references.map((x) => x.tags[0]),
      ['report', 'fix', 'web'],
    );
    assert.deepEqual(r.severity[0], {
      type: 'CVSS 3',
      score: null,
      vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:H',
      severity: null,
    });
  });

  test('a wrong field is a 400 naming its exact path', () => {
    const cases: Array<[unknown, string[], unknown, string]> = [
      [MELTDOWN_CVE, ['containers', 'cna', 'references', '2', 'url'], 42, 'containers.cna.references[2].url'],
      [MELTDOWN_CVE, ['cveMetadata', 'cveId'], 'CVE-17-1', 'cveMetadata.cveId'],
      [MELTDOWN_CVE, ['containers', 'cna', 'descriptions'], [], 'containers.cna.descriptions'],
      [
        MELTDOWN_CVE,
        ['containers', 'cna', 'metrics', '0', 'cvssV3_1', 'baseScore'],
        11,
        'containers.cna.metrics[0].cvssV3_1.baseScore',
      ],
      [MELTDOWN_CVE, ['cveMetadata', 'state'], 'REJECTED', 'cveMetadata.state'],
      [OSV_WITH_ALIASES, ['aliases', '0'], { id: 1 }, 'aliases[0]'],
      [
        OSV_WITH_ALIASES,
        ['affected', '0', 'ranges', '0', 'events', '1'],
        { fixed: '1', limit: '2' },
        'affected[0].ranges[0].events[1]',
      ],
      [OSV_WITH_ALIASES, ['references', '1', 'type'], 'PATCH', 'references[1].type'],
      [OSV_WITH_ALIASES, ['modified'], 'yesterday', 'modified'],
    ];
    for (const [fixture, path, value, printed] of cases) {
      const record = clone(fixture);
      setAt(record, path, value, false);
      const res = outcome(() => parseRecord({ record }));
      assert.ok(!res.ok, printed);
      assert.equal((res.e.details as { path: string }).path, printed);
      assert.ok(res.e.message.includes(printed), res.e.message);
    }
  });

  test('non-web links are dropped with a warning, never linked', () => {
    const record = clone(MELTDOWN_CVE);
    record.containers.cna.references.push({ url: 'javascript:alert(1)', name: 'x' });
    const r = parseRecord({ record });
    assert.equal(r.references.length, 4);
    assert.match(r.warnings.join(' '), /references\[4\]\.url: only http and https/);
  });

  test('fuzz: any JSON value, in any format, is a result or a clear 4xx', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom('auto', 'cve', 'osv'), (record, format) => {
        outcome(() => parseRecord({ record, format: format as 'auto' }));
      }),
      { numRuns: 2000 },
    );
  });

  test('fuzz: any text pasted is a result or a clear 4xx', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.json()), (text) => {
        outcome(() => parseRecord({ text }));
      }),
      { numRuns: 2000 },
    );
  });

  test('fuzz: a realistic record with one part replaced or removed is a result or a 4xx with a path', () => {
    for (const fixture of [MELTDOWN_CVE, OSV_WITH_ALIASES]) {
      const paths = pathsOf(fixture);
      fc.assert(
        fc.property(fc.constantFrom(...paths), fc.jsonValue(), fc.boolean(), (path, value, remove) => {
          const record = clone(fixture);
          setAt(record, path, value, remove);
          const res = outcome(() => parseRecord({ record }));
          if (!res.ok) assert.equal(typeof (res.e.details as { path?: unknown })?.path, 'string');
        }),
        { numRuns: 1500 },
      );
    }
  });

  test('property: generated CVE records keep their id, description and web references', () => {
    const url = fc.webUrl({ validSchemes: ['https', 'http'] });
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 1999, max: 2099 }), fc.integer({ min: 1000, max: 9_999_999 })),
        fc.string({ minLength: 1, maxLength: 4096 }),
        fc.array(url, { minLength: 1, maxLength: 20 }),
        ([year, n], description, urls) => {
          // biome-ignore lint/suspicious/noExplicitAny: rewriting parts of a JSON record
          const record = clone(MELTDOWN_CVE) as unknown as Record<string, any>;
          record.cveMetadata.cveId = `CVE-${year}-${n}`;
          record.containers.cna.descriptions = [{ lang: 'en', value: description }];
          record.containers.cna.references = urls.map((u) => ({ url: u }));
          const r = parseRecord({ text: JSON.stringify(record) });
          assert.deepEqual(r.cveIds, [`CVE-${year}-${n}`]);
          assert.equal(r.description, description);
          assert.deepEqual(
            r.references.map((x) => x.url),
            urls.map((u) => new URL(u).href),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  test('size limit, both-or-neither and unknown formats are clear 4xx', () => {
    const big = { ...clone(OSV_WITH_ALIASES), details: 'x'.repeat(600 * 1024) };
    assert.equal(outcome(() => parseRecord({ record: big })).ok, false);
    assert.throws(() => parseRecord({ record: big }), { status: 413 });
    assert.throws(() => parseRecord({}), /either as JSON/);
    assert.throws(() => parseRecord({ record: {}, text: '{}' }), /either as JSON/);
    assert.throws(() => parseRecord({ record: { hello: 'world' } }), /neither a CVE JSON 5 record/);
    assert.throws(() => parseRecord({ text: '{"id": ' }), /text is not valid JSON/);
  });
});
