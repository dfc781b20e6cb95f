// The vocabulary of tenant resource health: resource kinds, health states, report kinds and
// states, and the strict parsing of a resource's identifier (addresses and prefixes are parsed
// and re-formatted, so "2001:DB8::0001" and "2001:db8::1" are one resource).

import { canonicalIp, formatPrefix, hostPrefix, parseIp, parsePrefix } from '../mitigation/ip.ts';

export const RESOURCE_KINDS = ['address', 'prefix', 'instance', 'volume', 'region'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const HEALTH_STATES = ['available', 'degraded', 'unavailable', 'unknown'] as const;
export type Health = (typeof HEALTH_STATES)[number];

export const REPORT_KINDS = ['slow', 'unreachable', 'packet_loss', 'errors', 'other'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_STATES = ['received', 'investigating', 'confirmed', 'resolved'] as const;
export type ReportState = (typeof REPORT_STATES)[number];

export const MAX_NAME = 200;
export const MAX_IDENTIFIER = 200;
export const MAX_REGION = 100;
export const MAX_COMPONENT = 100;
export const MAX_DESCRIPTION = 2000;

/** Names, regions and instance ids: printable text, no control characters. */
const PRINTABLE = /^[^\p{Cc}\p{Cf}]+$/u;

export interface ResourceInput {
  kind: ResourceKind;
  identifier: string;
  name?: string | undefined;
  region?: string | null | undefined;
  componentId?: string | null | undefined;
}

/** A resource ready to store: identifier canonical, network set for addresses and prefixes. */
export interface ValidResource {
  kind: ResourceKind;
  identifier: string;
  name: string;
  region: string | null;
  componentId: string | null;
  network: string | null;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; error: string };

function text(label: string, value: string | null | undefined, max: number): Checked<string | null> {
  if (value === undefined || value === null || value.trim() === '') return { ok: true, value: null };
  const v = value.trim();
  if (v.length > max) return { ok: false, error: `${label} is longer than ${max} characters.` };
  if (!PRINTABLE.test(v)) return { ok: false, error: `${label} contains control characters.` };
  return { ok: true, value: v };
}

/** Parses the identifier of a resource of `kind`; addresses and prefixes strictly (v4 and v6). */
export function parseIdentifier(
  kind: ResourceKind,
  raw: string,
): Checked<{ identifier: string; network: string | null }> {
  const s = raw.trim();
  if (kind === 'address') {
    const ip = canonicalIp(s);
    if (!ip) return { ok: false, error: `"${s.slice(0, 60)}" is not an IPv4 or IPv6 address.` };
    return { ok: true, value: { identifier: ip, network: formatPrefix(hostPrefix(parseIp(ip)!)) } };
  }
  if (kind === 'prefix') {
    const p = parsePrefix(s);
    if (!p)
      return {
        ok: false,
        error: `"${s.slice(0, 60)}" is not a prefix (address/length with the host bits zero, IPv4 or IPv6).`,
      };
    const canonical = formatPrefix(p);
    return { ok: true, value: { identifier: canonical, network: canonical } };
  }
  const id = text('The identifier', s, kind === 'region' ? MAX_REGION : MAX_IDENTIFIER);
  if (!id.ok) return id;
  if (id.value === null) return { ok: false, error: 'The identifier is empty.' };
  return { ok: true, value: { identifier: id.value, network: null } };
}

/** Validates every field of a resource; the first problem is the error. */
export function validateResource(input: ResourceInput): Checked<ValidResource> {
  if (!(RESOURCE_KINDS as readonly string[]).includes(input.kind))
    return { ok: false, error: `The kind must be one of ${RESOURCE_KINDS.join(', ')}.` };
  const id = parseIdentifier(input.kind, input.identifier);
  if (!id.ok) return id;
  const name = text('The name', input.name, MAX_NAME);
  if (!name.ok) return name;
  const region = text('The region', input.region, MAX_REGION);
  if (!region.ok) return region;
  const component = text('The component id', input.componentId, MAX_COMPONENT);
  if (!component.ok) return component;
  // A region resource is its own region: matching incidents by region then just works.
  const regionValue = input.kind === 'region' ? (region.value ?? id.value.identifier) : region.value;
  return {
    ok: true,
    value: {
      kind: input.kind,
      identifier: id.value.identifier,
      name: name.value ?? id.value.identifier,
      region: regionValue,
      componentId: component.value,
      network: id.value.network,
    },
  };
}
