import type { CaseExport } from '../../cases/export.ts';
import type { Tlp } from '../../policy/index.ts';
import type { Indicator } from '../schemas.ts';
import { sdoId, stixTime } from './ids.ts';
import { TLP_MARKING_IDS } from './markings.ts';
import { identityOf, indicatorObjects, type StixObject } from './objects.ts';

type Org = { id: string; name: string; handle: string };

/**
 * A coordination case as STIX: the case is a `report` that refers to everything else; its
 * CVE ids become `vulnerability` objects (with CVE external references); posts become `note`s;
 * the pinned current status (newest status entry) a `course-of-action`; indicators shared into
 * it their indicator objects; each organisation an `identity`. Every object carries the TLP
 * marking of what it came from; RED content is never exported (TLP 2.0: not to be forwarded),
 * and the export is built from the cases module's own policy-filtered export, so it never holds
 * more than the caller may read.
 */
export function caseObjects(x: CaseExport, indicators: readonly Indicator[]): StixObject[] {
  const c = x.case;
  const identities = new Map<string, StixObject>();
  const identity = (org: Org) => {
    const found = identities.get(org.id) ?? identityOf(org, c.createdAt);
    identities.set(org.id, found);
    return found.id;
  };
  const owner = identity(c.org);
  const caseMarks = [TLP_MARKING_IDS[c.tlp as Tlp]];
  const reportId = sdoId('report', c.id);
  const out: StixObject[] = [];
  for (const cve of c.cveIds) {
    out.push({
      type: 'vulnerability',
      spec_version: '2.1',
      id: sdoId('vulnerability', cve),
      created_by_ref: owner,
      created: stixTime(c.createdAt),
      modified: stixTime(c.updatedAt),
      name: cve,
      external_references: [
        { source_name: 'cve', external_id: cve, url: `https://www.cve.org/CVERecord?id=${cve}` },
      ],
      object_marking_refs: caseMarks,
    });
  }
  for (const post of x.posts) {
    if (post.label.tlp === 'RED') continue;
    out.push({
      type: 'note',
      spec_version: '2.1',
      id: sdoId('note', post.id),
      created_by_ref: identity(post.label.org),
      created: stixTime(post.createdAt),
      modified: stixTime(post.editedAt ?? post.createdAt),
      ...(post.author ? { authors: [post.author.name] } : {}),
      content: post.body,
      object_refs: [reportId],
      object_marking_refs: [TLP_MARKING_IDS[post.label.tlp as Tlp]],
    });
  }
  const status = x.statusHistory.filter((s) => s.label.tlp !== 'RED').at(-1);
  if (status) {
    out.push({
      type: 'course-of-action',
      spec_version: '2.1',
      id: sdoId('course-of-action', status.id),
      created_by_ref: identity(status.label.org),
      created: stixTime(status.createdAt),
      modified: stixTime(status.createdAt),
      name: `Current status: ${c.title}`.slice(0, 250),
      description: status.body,
      object_marking_refs: [TLP_MARKING_IDS[status.label.tlp as Tlp]],
    });
  }
  for (const ind of indicators) {
    if (ind.tlp === 'RED') continue;
    identity(ind.org);
    out.push(...indicatorObjects(ind, identities.get(ind.org.id)!));
  }
  const isSco = (o: StixObject) => o.type.endsWith('-addr') || o.type === 'network-traffic';
  const refs = [
    ...[...identities.values()].map((i) => i.id),
    ...out.filter((o) => !isSco(o)).map((o) => o.id),
  ];
  const report: StixObject = {
    type: 'report',
    spec_version: '2.1',
    id: reportId,
    created_by_ref: owner,
    created: stixTime(c.createdAt),
    modified: stixTime(c.updatedAt),
    name: c.title,
    report_types: c.kind === 'vulnerability' ? ['vulnerability'] : ['threat-report'],
    published: stixTime(c.createdAt),
    object_refs: [...new Set(refs)],
    object_marking_refs: caseMarks,
  };
  return [report, ...identities.values(), ...out];
}
