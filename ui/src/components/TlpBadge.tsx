import type { Label, Tlp } from '../types-coord.ts';

/** Names for the ids a label carries; ids stay (shortened) when a name is unknown. */
export interface Names {
  org(id: string): string;
  user(id: string): string;
}

const WHO: Record<Tlp, string> = {
  CLEAR: 'anyone, no limit',
  GREEN: 'the whole space community',
  AMBER: 'the named organisations and their clients on a need-to-know basis',
  'AMBER+STRICT': 'members of the named organisations only',
  RED: 'the named people only',
};

export const tlpClass = (tlp: string) => `tlp tlp-${tlp.toLowerCase().replace('+', '-')}`;

/** A TLP 2.0 label in its FIRST colours (black background), e.g. `TLP:AMBER+STRICT`. */
export function TlpTag({ tlp }: { tlp: string }) {
  const known = (WHO as Record<string, string>)[tlp];
  return (
    <span className={tlpClass(tlp)} title={known ? `TLP:${tlp} — for ${known}` : undefined}>
      TLP:{tlp}
    </span>
  );
}

/** Who a label reaches, in words: `Octave (ovh), Yann (scaleway)` or `OVH, Scaleway`. */
export function audienceOf(
  label: Pick<Label, 'tlp' | 'org' | 'recipientOrgIds' | 'recipientUserIds'>,
  names: Names,
) {
  if (label.tlp === 'RED') return label.recipientUserIds.map((u) => names.user(u)).join(', ');
  if (label.tlp === 'AMBER' || label.tlp === 'AMBER+STRICT') {
    const orgs = [label.org.id, ...label.recipientOrgIds.filter((o) => o !== label.org.id)];
    return orgs.map((o) => (o === label.org.id ? label.org.name : names.org(o))).join(', ');
  }
  return '';
}

/** The label and, for RED and AMBER, exactly who may read the item. */
export function TlpBadge({ label, names }: { label: Label; names: Names }) {
  const audience = audienceOf(label, names);
  return (
    <span className="tlp-badge">
      <TlpTag tlp={label.tlp} />
      {audience && (
        <span className="tlp-audience">
          <span className="visually-hidden">for </span>→ {audience}
        </span>
      )}
    </span>
  );
}
