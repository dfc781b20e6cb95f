import { TlpTag } from '../../../components/TlpBadge.tsx';
import type { MatrixEntry, OrgRef } from '../../../types-coord.ts';

export const STATUS_SHORT: Record<string, string> = {
  under_investigation: 'Investigating',
  affected: 'Affected',
  mitigation_in_progress: 'Mitigating',
  fixed: 'Fixed',
  not_affected: 'Not affected',
};

export interface Cell {
  org: OrgRef;
  layer: string;
  cveId: string;
  entry?: MatrixEntry;
}

interface Props {
  orgs: OrgRef[];
  layers: string[];
  cves: string[];
  /** `${orgId}|${layer}|${cveId}` → entry. */
  entries: Map<string, MatrixEntry>;
  /** Rows of this org are shown in full (empty cells to fill); others only where they wrote. */
  myOrgId: string | undefined;
  canEdit: boolean;
  selected: string | null;
  onSelect(cell: Cell): void;
}

export const cellKey = (orgId: string, layer: string, cveId: string) => `${orgId}|${layer}|${cveId}`;

/** Organisation × component layer rows, one column per CVE, a colour per status. */
export function MatrixGrid({ orgs, layers, cves, entries, myOrgId, canEdit, selected, onSelect }: Props) {
  return (
    <div className="scroll-x">
      <table className="matrix" aria-label="Status matrix">
        <thead>
          <tr>
            <th scope="col">Organisation · layer</th>
            {cves.map((c) => (
              <th scope="col" key={c} className="mono">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        {orgs.map((org) => {
          const mine = org.id === myOrgId;
          const rows = layers.filter(
            (l) => (mine && canEdit) || cves.some((c) => entries.has(cellKey(org.id, l, c))),
          );
          if (rows.length === 0) return null;
          return (
            <tbody key={org.id} className={mine ? 'mine' : undefined}>
              <tr className="matrix-org">
                <th scope="rowgroup" colSpan={cves.length + 1}>
                  {org.name}
                  {mine && (
                    <span className="muted small"> (yours{canEdit ? ': select a cell to edit' : ''})</span>
                  )}
                </th>
              </tr>
              {rows.map((layer) => (
                <tr key={layer}>
                  <th scope="row" className="matrix-layer">
                    {layer}
                  </th>
                  {cves.map((cveId) => {
                    const key = cellKey(org.id, layer, cveId);
                    const e = entries.get(key);
                    const what = `${org.name}, ${layer}, ${cveId}: ${e ? STATUS_SHORT[e.status] : 'not set'}`;
                    const content = e ? (
                      <>
                        <span className="cell-status">{STATUS_SHORT[e.status] ?? e.status}</span>
                        <TlpTag tlp={e.label.tlp} />
                      </>
                    ) : (
                      <span className="cell-status muted">{mine && canEdit ? '+ set' : '—'}</span>
                    );
                    return (
                      <td
                        key={cveId}
                        className={`cell status-${e?.status ?? 'none'}${selected === key ? ' selected' : ''}`}
                      >
                        {e || (mine && canEdit) ? (
                          <button
                            type="button"
                            className="cell-button"
                            aria-label={what}
                            aria-pressed={selected === key}
                            onClick={() => onSelect({ org, layer, cveId, entry: e })}
                          >
                            {content}
                          </button>
                        ) : (
                          <span title={what}>{content}</span>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          );
        })}
      </table>
    </div>
  );
}
