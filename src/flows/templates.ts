// The template cache shared by NetFlow v9 and IPFIX. A template is compiled once, when it arrives,
// into two small typed arrays (what each field is, how wide it is) so that decoding a data record
// is a tight loop over numbers. Keys combine observation domain (v9 source id) and template id;
// each exporter has its own cache, so together the key is (exporter, domain, template id).

import {
  fieldKind,
  isSamplingKind,
  K_ICMP_CODE,
  K_ICMP_TYPE,
  K_ICMP_TYPE_CODE,
  VARLEN,
} from './template-fields.ts';

export interface Template {
  key: number;
  id: number;
  domain: number;
  isOptions: boolean;
  /** Leading fields that are scope fields (options templates only). */
  scopeCount: number;
  kinds: Uint8Array;
  /** Field widths in bytes; VARLEN (65535) for IPFIX variable-length fields. */
  lengths: Uint16Array;
  /** kind << 16 | width per field: one load per field in the hot loop. */
  ops: Int32Array;
  /** Smallest possible record: fixed widths plus one length byte per variable field. Always >= 1. */
  minLength: number;
  /** Has IPFIX variable-length fields: records differ in size and need per-field bounds checks. */
  variable: boolean;
  hasSampling: boolean;
  hasIcmp: boolean;
}

export function templateKey(domain: number, id: number): number {
  return domain * 65536 + id;
}

/** Builds a template from parsed field ids/widths; null when its records would be empty (a loop trap). */
export function compileTemplate(
  domain: number,
  id: number,
  isOptions: boolean,
  scopeCount: number,
  ids: ArrayLike<number>,
  enterprise: ArrayLike<number>,
  lengths: ArrayLike<number>,
  count: number,
): Template | null {
  const kinds = new Uint8Array(count);
  const widths = new Uint16Array(count);
  const ops = new Int32Array(count);
  let variable = false;
  let minLength = 0;
  let hasSampling = false;
  let hasIcmp = false;
  for (let f = 0; f < count; f++) {
    const length = lengths[f]!;
    const kind = fieldKind(ids[f]!, enterprise[f]! !== 0, length);
    kinds[f] = kind;
    widths[f] = length;
    ops[f] = (kind << 16) | length;
    if (length === VARLEN) variable = true;
    minLength += length === VARLEN ? 1 : length;
    if (isSamplingKind(kind)) hasSampling = true;
    if (kind === K_ICMP_TYPE_CODE || kind === K_ICMP_TYPE || kind === K_ICMP_CODE) hasIcmp = true;
  }
  if (minLength < 1) return null;
  return {
    key: templateKey(domain, id),
    id,
    domain,
    isOptions,
    scopeCount,
    kinds,
    lengths: widths,
    ops,
    minLength,
    variable,
    hasSampling,
    hasIcmp,
  };
}

export class TemplateCache {
  private readonly byKey = new Map<number, Template>();
  private readonly max: number;

  constructor(maxTemplates: number) {
    this.max = maxTemplates;
  }

  get size(): number {
    return this.byKey.size;
  }

  get(key: number): Template | undefined {
    return this.byKey.get(key);
  }

  /** Adds or replaces (a refresh with a new definition wins). False when the cap forbids a new one. */
  set(template: Template): boolean {
    if (!this.byKey.has(template.key) && this.byKey.size >= this.max) return false;
    this.byKey.set(template.key, template);
    return true;
  }

  withdraw(key: number): boolean {
    return this.byKey.delete(key);
  }

  /** IPFIX "withdraw all": every data (or options) template of one observation domain. */
  withdrawAll(domain: number, options: boolean): number {
    let removed = 0;
    for (const [key, template] of this.byKey) {
      if (template.domain === domain && template.isOptions === options) {
        this.byKey.delete(key);
        removed++;
      }
    }
    return removed;
  }
}
