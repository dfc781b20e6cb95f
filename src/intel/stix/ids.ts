import { createHash } from 'node:crypto';

/**
 * Deterministic STIX identifiers, so a re-export of the same thing carries the same ids (and
 * consumers update rather than duplicate). SDOs: UUIDv5 of our own id in Swimmy's namespace.
 * SCOs: UUIDv5 of their ID-contributing properties in the STIX namespace, as STIX 2.1 §2.9 asks,
 * so an address exported by us equals the same address exported by anyone.
 */
const SWIMMY_NAMESPACE = '8c2f4a1e-5b3d-4e6f-9a7b-1c2d3e4f5a6b';
/** STIX 2.1's namespace for SCO identifiers. */
export const STIX_SCO_NAMESPACE = '00abedb4-aa42-466c-9c01-fed23315a9b7';

export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const h = hash.subarray(0, 16).toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** `<type>--<uuid>` for one of our objects: stable for the same (type, key). */
export const sdoId = (type: string, key: string) => `${type}--${uuidv5(`${type}:${key}`, SWIMMY_NAMESPACE)}`;

/** Canonical JSON (sorted keys, no spaces) of an SCO's ID-contributing properties. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

export const scoId = (type: string, contributing: Record<string, unknown>) =>
  `${type}--${uuidv5(canonical(contributing), STIX_SCO_NAMESPACE)}`;

/** STIX timestamps: UTC, millisecond precision, Z. */
export const stixTime = (d: Date | string) => new Date(d).toISOString();
