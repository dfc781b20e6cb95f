import * as informative from '@secvisogram/csaf-validator-lib/informativeTests.js';
import * as mandatory from '@secvisogram/csaf-validator-lib/mandatoryTests.js';
import * as optional from '@secvisogram/csaf-validator-lib/optionalTests.js';
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js';
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js';

/**
 * Test-only: the BSI/secvisogram validator in strict mode (only the library's own tests may
 * run). "Valid" means the strict JSON schema (no unknown properties) and every mandatory test
 * (§6.1, VEX profile §6.1.27 included) pass. The optional (§6.2) and informative (§6.3) tests
 * are reported separately, without the three that reach outside the process: informative 6.3.6
 * and 6.3.7 send HTTP HEAD requests to every URL in the document (tests never leave loopback),
 * and 6.3.8 (spell check) runs the hunspell program. The schema and mandatory tests are offline.
 */
const LEAVES_THE_PROCESS = new Set([
  'informativeTest_6_3_6',
  'informativeTest_6_3_7',
  'informativeTest_6_3_8',
]);

export async function validateCsaf(doc: unknown) {
  const result = await validateStrict([csaf_2_0_strict, ...Object.values(mandatory)], doc);
  const failures = result.tests
    .filter((t) => !t.isValid)
    .flatMap((t) => t.errors.map((e) => `${t.name} ${e.instancePath}: ${e.message}`));
  return { isValid: result.isValid, failures };
}

/** Warnings and infos of the optional and informative tests (advice, not validity). */
export async function adviseCsaf(doc: unknown) {
  const tests = [
    ...Object.values(optional),
    ...Object.entries(informative)
      .filter(([name]) => !LEAVES_THE_PROCESS.has(name))
      .map(([, t]) => t),
  ];
  const result = await validateStrict(tests, doc);
  return result.tests.flatMap((t) =>
    [...t.errors, ...t.warnings, ...t.infos].map((e) => `${t.name} ${e.instancePath}: ${e.message}`),
  );
}
