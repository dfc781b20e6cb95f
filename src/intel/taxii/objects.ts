import type { Platform } from '../../platform/platform.ts';
import type { Principal } from '../../policy/index.ts';
import type { Indicator } from '../schemas.ts';
import { viewFor } from '../service.ts';
import { tlpMarking, tlpOfMarking } from '../stix/markings.ts';
import { identityOf, indicatorObjects, type StixObject } from '../stix/objects.ts';
import * as store from '../store.ts';
import type { Collection } from './collections.ts';

/** One object of a collection with the instant it was added (its indicator's last change). */
export interface Entry {
  object: StixObject;
  dateAdded: string;
  /** Paging key: position in the collection's order. */
  key: [string, string, number];
}

/**
 * The collection's objects as the caller may read them (the same policy filter as REST), in
 * TAXII order (oldest addition first): per indicator row, its identity and TLP marking the first
 * time they appear, then the indicator SDO and its SCOs. RED is never served (tokens never read
 * it anyway; sessions neither, here). Objects of a row share its `updated_at` as date_added.
 */
export async function collectionEntries(
  p: Platform,
  reader: Principal,
  c: Collection,
  addedAfter?: Date,
): Promise<Entry[]> {
  const rows = await store.listVisible(p.db, reader, {
    scope: c.kind === 'own' ? 'own' : 'all',
    orgId: c.orgId ?? '',
    ...(c.spaceId ? { spaceId: c.spaceId } : {}),
    ...(addedAfter ? { changedAfter: addedAfter } : {}),
    order: 'oldest',
    limit: 5000,
  });
  await store.auditIndicatorReads(
    p.audit,
    reader,
    rows.filter((r) => r.tlp !== 'RED'),
    'taxii',
  );
  const out: Entry[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (r.tlp === 'RED' || (r.state !== 'shared' && r.state !== 'withdrawn')) continue;
    const ind: Indicator = viewFor(reader, r);
    const identity = identityOf(ind.org, ind.createdAt);
    const objects = indicatorObjects(ind, identity);
    const markings = [...new Set(objects.flatMap((o) => (o.object_marking_refs as string[]) ?? []))]
      .map(tlpOfMarking)
      .filter((t) => t !== null)
      .map((t) => tlpMarking(t) as unknown as StixObject);
    const dateAdded = r.updated_at.toISOString();
    let i = 0;
    for (const o of [...markings, identity, ...objects]) {
      // Identities and markings are shared by many rows; SCOs too (one reflector, many indicators).
      if (seen.has(o.id)) continue;
      seen.add(o.id);
      out.push({ object: o, dateAdded, key: [dateAdded, r.id, i++] });
    }
  }
  return out;
}

/** STIX version of an object for TAXII: modified, else created, else its date_added. */
export const versionOf = (e: Entry) => String(e.object.modified ?? e.object.created ?? e.dateAdded);

export interface Filters {
  types?: string[];
  ids?: string[];
  version?: string;
  specVersion?: string;
}

export function applyFilters(entries: Entry[], f: Filters): Entry[] {
  return entries.filter((e) => {
    if (f.types && !f.types.includes(e.object.type)) return false;
    if (f.ids && !f.ids.includes(e.object.id)) return false;
    if (f.specVersion && !f.specVersion.split(',').includes(String(e.object.spec_version ?? '2.1')))
      return false;
    // One version per object is kept: last, first and all name the same one.
    if (
      f.version &&
      !['last', 'first', 'all'].some((v) => f.version!.split(',').includes(v)) &&
      !f.version.split(',').includes(versionOf(e))
    )
      return false;
    return true;
  });
}

const cmp = (a: Entry['key'], b: Entry['key']) =>
  a[0] !== b[0] ? (a[0] < b[0] ? -1 : 1) : a[1] !== b[1] ? (a[1] < b[1] ? -1 : 1) : a[2] - b[2];

/** One page after the cursor key; `next` is the key of the page's last entry when more remain. */
export function pageOf(entries: Entry[], limit: number, after?: Entry['key']) {
  const start = after ? entries.findIndex((e) => cmp(e.key, after) > 0) : 0;
  const rest = start < 0 ? [] : entries.slice(start);
  const items = rest.slice(0, limit);
  return { items, more: rest.length > limit };
}
