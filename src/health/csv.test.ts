import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { formatCsvRecord, parseCsv } from './csv.ts';
import { planImport } from './csv-import.ts';

const field = fc.string({
  unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r', 'é', '1', '.', ':', '/'),
  maxLength: 12,
});
const record = fc.array(field, { minLength: 1, maxLength: 6 });

describe('CSV reader', () => {
  test('property: what a well-behaved writer writes reads back field for field', () => {
    fc.assert(
      fc.property(
        fc.array(record, { maxLength: 20 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (records, eol, trailing) => {
          const text = records.map(formatCsvRecord).join(eol) + (trailing ? eol : '');
          const parsed = parseCsv(text);
          assert.ok(parsed.ok, JSON.stringify(parsed));
          assert.deepEqual(
            parsed.records.map((r) => r.fields),
            records,
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  test('property: each record starts on the line a text editor shows', () => {
    fc.assert(
      fc.property(
        fc.array(record, { minLength: 1, maxLength: 15 }),
        fc.array(fc.nat(2), { maxLength: 15 }),
        (records, blanks) => {
          let text = '';
          const expected: number[] = [];
          records.forEach((r, i) => {
            text += '\n'.repeat(blanks[i] ?? 0);
            expected.push(text.split('\n').length);
            text += `${formatCsvRecord(r)}\n`;
          });
          const parsed = parseCsv(text);
          assert.ok(parsed.ok);
          assert.deepEqual(
            parsed.records.map((r) => r.line),
            expected,
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  test('fuzz: any text parses or fails with a line inside the text, never throws', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r', ' ', 'x'), maxLength: 60 }),
        (text) => {
          const parsed = parseCsv(text);
          const lines = text.split(/\r\n|\n/).length;
          if (parsed.ok) for (const r of parsed.records) assert.ok(r.line >= 1 && r.line <= lines);
          else assert.ok(parsed.line >= 1 && parsed.line <= lines, `${parsed.line} of ${lines}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('malformed quoting is an error naming its line', () => {
    assert.deepEqual(parseCsv('a,b\nc,"d'), { ok: false, line: 2, error: 'A quoted field is never closed.' });
    const stray = parseCsv('a,b\nc,d"e\n');
    assert.equal(stray.ok, false);
    assert.equal(!stray.ok && stray.line, 2);
    const after = parseCsv('"a"b,c');
    assert.equal(!after.ok && after.line, 1);
    assert.equal(parseCsv('\uFEFFkind\r\naddress\r\n').ok, true);
  });

  test('too many rows and overlong fields are refused', () => {
    assert.equal(parseCsv('a\nb\nc\n', { maxRecords: 2, maxFieldLength: 10 }).ok, false);
    assert.equal(parseCsv(`${'x'.repeat(11)}\n`, { maxRecords: 2, maxFieldLength: 10 }).ok, false);
  });
});

describe('resource import plan', () => {
  const good = fc.oneof(
    fc.ipV4().map((ip) => `address,${ip}`),
    fc.ipV6().map((ip) => `address,${ip}`),
    fc.stringMatching(/^i-[0-9a-f]{8}$/).map((id) => `instance,${id}`),
  );
  const bad = fc.constantFrom(
    'address,198.51.100.256',
    'address,01.2.3.4',
    'prefix,198.51.100.1/24',
    'prefix,2001:db8::/129',
    'address,2001:db8::1::2',
    'volume,',
    'planet,earth',
    'address,1.2.3.4,extra',
  );

  test('property: exactly the bad rows are reported, by line, and no good row is lost', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), good, bad), { minLength: 1, maxLength: 30 }), (rows) => {
        const seen = new Set<string>();
        const lines = ['kind,identifier'];
        const badLines: number[] = [];
        let goodCount = 0;
        for (const [isBad, g, b] of rows) {
          if (isBad) {
            lines.push(b);
            badLines.push(lines.length);
          } else if (!seen.has(g.toLowerCase())) {
            seen.add(g.toLowerCase());
            lines.push(g);
            goodCount++;
          }
        }
        const plan = planImport(lines.join('\n'));
        // Different spellings of one IPv6 address are one resource: count canonical rows.
        const dupes = plan.errors.filter((e) => e.error.startsWith('The same'));
        assert.deepEqual(
          plan.errors.filter((e) => !e.error.startsWith('The same')).map((e) => e.line),
          badLines,
        );
        assert.equal(plan.rows.length + dupes.length, goodCount);
      }),
      { numRuns: 200 },
    );
  });

  test('header problems are reported once, at the header line', () => {
    assert.deepEqual(planImport('kind,ip\naddress,192.0.2.1').errors[0]?.line, 1);
    assert.match(planImport('identifier\n192.0.2.1').errors[0]!.error, /no "kind" column/);
    assert.match(planImport('').errors[0]!.error, /empty/);
    assert.match(planImport('kind,identifier\n').errors[0]!.error, /No rows/);
  });

  test('addresses and prefixes are stored canonically, v4 and v6', () => {
    const plan = planImport(
      'Kind,Identifier,Name,Region\naddress,2001:DB8::0001,web,fr-par\nprefix,2001:db8:1::/48,,\nprefix,198.51.100.0/24,lb,',
    );
    assert.deepEqual(plan.errors, []);
    assert.deepEqual(
      plan.rows.map((r) => [r.resource.identifier, r.resource.network, r.resource.name, r.resource.region]),
      [
        ['2001:db8::1', '2001:db8::1/128', 'web', 'fr-par'],
        ['2001:db8:1::/48', '2001:db8:1::/48', '2001:db8:1::/48', null],
        ['198.51.100.0/24', '198.51.100.0/24', 'lb', null],
      ],
    );
  });
});
