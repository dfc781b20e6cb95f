/** Types for the parts of @secvisogram/csaf-validator-lib (plain JavaScript) the tests use. */
interface CsafTestResult {
  isValid?: boolean;
  errors?: Array<{ instancePath: string; message?: string }>;
  warnings?: Array<{ instancePath: string; message?: string }>;
  infos?: Array<{ instancePath: string; message?: string }>;
}
type CsafDocumentTest = (doc: unknown) => CsafTestResult | Promise<CsafTestResult>;

declare module '@secvisogram/csaf-validator-lib/validateStrict.js' {
  export default function validateStrict(
    tests: CsafDocumentTest[],
    doc: unknown,
  ): Promise<{
    isValid: boolean;
    tests: Array<Required<CsafTestResult> & { name: string }>;
  }>;
}
declare module '@secvisogram/csaf-validator-lib/mandatoryTests.js' {
  const tests: Record<string, CsafDocumentTest>;
  export = tests;
}
declare module '@secvisogram/csaf-validator-lib/optionalTests.js' {
  const tests: Record<string, CsafDocumentTest>;
  export = tests;
}
declare module '@secvisogram/csaf-validator-lib/informativeTests.js' {
  const tests: Record<string, CsafDocumentTest>;
  export = tests;
}
declare module '@secvisogram/csaf-validator-lib/schemaTests.js' {
  export const csaf_2_0_strict: CsafDocumentTest;
  export const csaf_2_0: CsafDocumentTest;
}
