import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { buildCsafVex, csafFileName, revisionSummary, serialise } from './csaf.ts';
import { validateCsaf } from './csaf-validation.ts';
import { MATRIX_STATUSES, PRODUCT_STATUS, productIdOf, VEX_JUSTIFICATIONS, type VexRow } from './vex.ts';

const cveId = fc
  .tuple(fc.integer({ min: 1999, max: 2099 }), fc.integer({ min: 1, max: 9_999_999 }))
  .map(([y, n]) => `CVE-${y}-${String(n).padStart(4, '0')}`);
const text = (max: number) => fc.string({ unit: 'grapheme', maxLength: max });
const layer = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 80 });
const iso = fc
  .integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 0, 1) })
  .map((t) => new Date(t).toISOString());
const rollout = fc.record({
  region: fc.string({ minLength: 1, maxLength: 80 }),
  state: fc.constantFrom('planned', 'in_progress', 'completed', 'paused'),
  windowStart: fc.option(iso, { nil: null }),
  windowEnd: fc.option(iso, { nil: null }),
});
const row = fc
  .record({
    layer,
    cveId,
    status: fc.constantFrom(...MATRIX_STATUSES),
    justification: fc.constantFrom(...VEX_JUSTIFICATIONS),
    statement: text(300),
    rollout: fc.array(rollout, { maxLength: 3 }),
  })
  .map((r): VexRow => ({ ...r, justification: r.status === 'not_affected' ? r.justification : null }));
// The matrix holds one row per org × layer × CVE.
const rows = fc.uniqueArray(row, { minLength: 1, maxLength: 25, selector: (r) => `${r.layer}\n${r.cveId}` });
const revisions = fc
  .tuple(
    fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2090, 0, 1) }),
    fc.array(fc.tuple(fc.integer({ min: 1, max: 10 ** 9 }), text(200)), { minLength: 1, maxLength: 6 }),
  )
  .map(([start, steps]) => {
    let at = start;
    return steps.map(([gap, summary], i) => {
      at += gap;
      return { number: i + 1, date: new Date(at).toISOString(), summary: summary.trim() || 'Update' };
    });
  });
const nonBlank = (max: number) => text(max).filter((s) => s.trim().length > 0);

test('any matrix rows, statuses, justifications and layer names give a valid CSAF 2.0 VEX document', async () => {
  await fc.assert(
    fc.asyncProperty(
      rows,
      revisions,
      nonBlank(200),
      nonBlank(300),
      fc.option(text(500), { nil: undefined }),
      async (matrix, history, vendor, title, description) => {
        const doc = buildCsafVex({
          trackingId: 'acme-2018-0001',
          title,
          publisher: { name: vendor, namespace: 'https://swimmy.example' },
          selfUrl: 'https://swimmy.example/advisories/acme/acme-2018-0001.json',
          revisions: history,
          description,
          references: [{ url: 'https://example.com/notice', summary: 'Notice' }],
          rows: matrix,
        });
        const { isValid, failures } = await validateCsaf(doc);
        assert.ok(isValid, failures.join('\n'));
        assert.equal(doc.document.distribution.tlp.label, 'WHITE');
        assert.equal(doc.document.tracking.version, String(history.length));
        assert.equal(
          doc.document.tracking.revision_history.at(-1)?.summary,
          revisionSummary(history.at(-1)!),
        );
        // Every row lands in exactly the product status its matrix status maps to.
        for (const r of matrix) {
          const v = doc.vulnerabilities.find((x) => x.cve === r.cveId)!;
          const id = productIdOf(r.layer);
          const status = v.product_status as Record<string, string[]>;
          const where = Object.keys(status).filter((k) => status[k]!.includes(id));
          assert.deepEqual(where, [PRODUCT_STATUS[r.status]]);
          if (r.status === 'not_affected')
            assert.ok(v.flags?.some((f) => f.label === r.justification && f.product_ids.includes(id)));
          if (r.status === 'affected' || r.status === 'mitigation_in_progress')
            assert.ok(
              v.remediations?.some((m) => m.product_ids.includes(id)),
              'action statement',
            );
        }
        assert.equal(doc.vulnerabilities.length, new Set(matrix.map((r) => r.cveId)).size);
      },
    ),
    { numRuns: 150 },
  );
});

test('the same rows give the same bytes; product ids are stable per layer name and distinct', () => {
  fc.assert(
    fc.property(rows, (matrix) => {
      const content = {
        trackingId: 'acme-2018-0001',
        title: 'T',
        publisher: { name: 'Acme', namespace: 'https://swimmy.example' },
        selfUrl: 'https://swimmy.example/a.json',
        revisions: [{ number: 1, date: '2018-01-04T00:00:00.000Z', summary: 'Initial' }],
        rows: matrix,
      };
      const a = serialise(buildCsafVex(content));
      const b = serialise(buildCsafVex({ ...content, rows: [...matrix].reverse() }));
      assert.equal(a.json, b.json);
      assert.equal(a.sha256, b.sha256);
      const layers = [...new Set(matrix.map((r) => r.layer))];
      assert.equal(new Set(layers.map(productIdOf)).size, layers.length);
    }),
  );
});

test('CSAF file names follow §5.1', () => {
  assert.equal(csafFileName('acme-2018-0001'), 'acme-2018-0001.json');
  assert.equal(csafFileName('Example Company - 2019-YH3234'), 'example_company_-_2019-yh3234.json');
});

test('the validator does reject what CSAF VEX forbids (the checks above can fail)', async () => {
  const doc = buildCsafVex({
    trackingId: 'acme-2018-0001',
    title: 'T',
    publisher: { name: 'Acme', namespace: 'https://swimmy.example' },
    selfUrl: 'https://swimmy.example/a.json',
    revisions: [{ number: 1, date: '2018-01-04T00:00:00.000Z', summary: 'Initial' }],
    rows: [
      {
        layer: 'hv',
        cveId: 'CVE-2017-5754',
        status: 'affected',
        justification: null,
        statement: '',
        rollout: [],
      },
    ],
  });
  assert.ok((await validateCsaf(doc)).isValid);
  const noAction = structuredClone(doc) as { vulnerabilities: Array<{ remediations?: unknown }> };
  delete noAction.vulnerabilities[0]!.remediations;
  const r1 = await validateCsaf(noAction);
  assert.ok(
    !r1.isValid && r1.failures.some((f) => f.startsWith('mandatoryTest_6_1_27_10')),
    r1.failures.join(),
  );
  const clear = structuredClone(doc);
  (clear.document.distribution.tlp as { label: string }).label = 'CLEAR';
  assert.ok(!(await validateCsaf(clear)).isValid, 'CSAF 2.0 has no CLEAR label');
});
