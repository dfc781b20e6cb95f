import { useMemo, useState } from 'react';
import { SelectField } from '../../../components/Field.tsx';
import type { MatrixStatus, MatrixView, OrgRef } from '../../../types-coord.ts';
import { MATRIX_STATUSES } from '../../../types-coord.ts';
import type { CaseCtx } from '../case/context.ts';
import { MatrixEditor } from './MatrixEditor.tsx';
import { MatrixEntryDetail } from './MatrixEntryDetail.tsx';
import { type Cell, cellKey, MatrixGrid, STATUS_SHORT } from './MatrixGrid.tsx';

interface Filters {
  status: MatrixStatus | '';
  orgId: string;
  layer: string;
  cveId: string;
}

/** The status matrix of a case: filters, who is still affected, the grid, and the cell in focus. */
export function MatrixPanel({
  ctx,
  matrix,
  onChanged,
}: {
  ctx: CaseCtx;
  matrix: MatrixView | null;
  onChanged(): void;
}) {
  const [f, setF] = useState<Filters>({ status: '', orgId: '', layer: '', cveId: '' });
  const [cell, setCell] = useState<Cell | null>(null);
  const items = matrix?.items ?? [];
  const mine = ctx.actingOrgId;

  const { orgs, entries, counts } = useMemo(() => {
    const byOrg = new Map<string, OrgRef>();
    for (const o of ctx.activeOrgs) if (o.id === mine) byOrg.set(o.id, o);
    for (const e of items) byOrg.set(e.label.org.id, e.label.org);
    const visible = items.filter(
      (e) =>
        (!f.status || e.status === f.status) &&
        (!f.orgId || e.label.org.id === f.orgId) &&
        (!f.layer || e.layer === f.layer) &&
        (!f.cveId || e.cveId === f.cveId),
    );
    const counts = new Map<string, number>();
    for (const e of visible) counts.set(e.status, (counts.get(e.status) ?? 0) + 1);
    const orgs = [...byOrg.values()]
      .filter((o) => !f.orgId || o.id === f.orgId)
      .filter((o) => !f.status || o.id !== mine || visible.some((e) => e.label.org.id === o.id))
      .sort((a, b) => Number(b.id === mine) - Number(a.id === mine) || a.name.localeCompare(b.name));
    return {
      orgs,
      entries: new Map(visible.map((e) => [cellKey(e.label.org.id, e.layer, e.cveId), e])),
      counts,
    };
  }, [items, f, ctx.activeOrgs, mine]);

  const layers = ctx.kase.layers.filter((l) => !f.layer || l === f.layer);
  const cves = ctx.kase.cveIds.filter((c) => !f.cveId || c === f.cveId);
  const set = (patch: Partial<Filters>) => setF({ ...f, ...patch });
  const selectedKey = cell ? cellKey(cell.org.id, cell.layer, cell.cveId) : null;
  // The cell in focus, as the newest matrix shows it (a live change may have updated it).
  const current =
    cell && selectedKey
      ? { ...cell, entry: items.find((e) => cellKey(e.label.org.id, e.layer, e.cveId) === selectedKey) }
      : null;
  const allOrgs = useMemo(() => {
    const m = new Map(ctx.activeOrgs.map((o) => [o.id, o]));
    for (const e of items) m.set(e.label.org.id, e.label.org);
    return [...m.values()].sort((a, b) => a.name.localeCompare(b.name));
  }, [items, ctx.activeOrgs]);

  return (
    <section className="panel matrix-panel" aria-labelledby="matrix-title">
      <div className="panel-head">
        <h2 id="matrix-title">Status matrix</h2>
        {mine && (
          <fieldset className="segmented" aria-label="View">
            <legend className="visually-hidden">View</legend>
            <label>
              <input
                type="radio"
                name="matrix-view"
                checked={f.orgId === ''}
                onChange={() => set({ orgId: '' })}
              />
              Consortium
            </label>
            <label>
              <input
                type="radio"
                name="matrix-view"
                checked={f.orgId === mine}
                onChange={() => set({ orgId: mine })}
              />
              Ours
            </label>
          </fieldset>
        )}
      </div>
      <StillAffected matrix={matrix} />
      <fieldset className="matrix-filters">
        <legend className="visually-hidden">Filter the matrix</legend>
        <SelectField
          label="Status"
          value={f.status}
          onChange={(e) => set({ status: e.target.value as MatrixStatus | '' })}
        >
          <option value="">any</option>
          {MATRIX_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_SHORT[s]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Organisation" value={f.orgId} onChange={(e) => set({ orgId: e.target.value })}>
          <option value="">all</option>
          {allOrgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Layer" value={f.layer} onChange={(e) => set({ layer: e.target.value })}>
          <option value="">all</option>
          {ctx.kase.layers.map((l) => (
            <option key={l}>{l}</option>
          ))}
        </SelectField>
        <SelectField label="CVE" value={f.cveId} onChange={(e) => set({ cveId: e.target.value })}>
          <option value="">all</option>
          {ctx.kase.cveIds.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </SelectField>
      </fieldset>
      <ul className="matrix-legend" aria-label="Legend">
        {MATRIX_STATUSES.map((s) => (
          <li key={s} className={`status-${s}`}>
            {STATUS_SHORT[s]} <span className="muted">{counts.get(s) ?? 0}</span>
          </li>
        ))}
      </ul>
      {matrix === null && <p className="muted">Loading the matrix…</p>}
      {ctx.kase.cveIds.length === 0 || ctx.kase.layers.length === 0 ? (
        <p className="muted">This case names no CVE ids or layers yet, so there is nothing to track.</p>
      ) : (
        <MatrixGrid
          orgs={orgs}
          layers={layers}
          cves={cves}
          entries={entries}
          myOrgId={mine}
          canEdit={ctx.canWrite}
          selected={selectedKey}
          onSelect={(c) => setCell(selectedKey === cellKey(c.org.id, c.layer, c.cveId) ? null : c)}
        />
      )}
      {current &&
        (current.org.id === mine && ctx.canWrite ? (
          <MatrixEditor
            key={selectedKey}
            ctx={ctx}
            cell={current}
            onSaved={onChanged}
            onClose={() => setCell(null)}
          />
        ) : current.entry ? (
          <MatrixEntryDetail
            key={selectedKey}
            ctx={ctx}
            entry={current.entry}
            onClose={() => setCell(null)}
          />
        ) : null)}
    </section>
  );
}

function StillAffected({ matrix }: { matrix: MatrixView | null }) {
  if (!matrix) return null;
  if (matrix.stillAffected.length === 0)
    return <p className="still-affected ok">Nobody you can see is still affected.</p>;
  return (
    <section className="still-affected" aria-label="Still affected">
      <strong>Still affected:</strong>{' '}
      {matrix.stillAffected.map((s, i) => (
        <span key={s.org.id}>
          {i > 0 && ' · '}
          {s.org.name} <span className="mono small">({s.cveIds.join(', ')})</span>
        </span>
      ))}
    </section>
  );
}
