import { coordApi } from '../../../api-coord.ts';
import { FormError } from '../../../components/FormError.tsx';
import { TlpTag } from '../../../components/TlpBadge.tsx';
import { When } from '../../../components/When.tsx';
import { useAction } from '../../../hooks.ts';
import type { Case } from '../../../types-coord.ts';
import { STATE_TONE } from '../CaseList.tsx';
import { Embargo } from '../Embargo.tsx';
import type { CaseCtx } from './context.ts';

/** Kind, state, CVE ids, layers, embargo: the facts a responder checks first. */
export function CaseFacts({ ctx, onChanged }: { ctx: CaseCtx; onChanged(c: Case): void }) {
  const c = ctx.kase;
  const mayEdit = ctx.canWrite && (ctx.space.role === 'admin' || ctx.actingOrgId === c.org.id);
  const state = useAction(async (next: 'open' | 'monitoring' | 'closed') =>
    onChanged(await coordApi.patchCase(c.id, { state: next })),
  );
  return (
    <section className={`case-facts state-${c.state}`} aria-label="Case facts">
      <div className="pills">
        <span className={`pill ${STATE_TONE[c.state] ?? ''}`}>{c.state}</span>
        <span className="pill pill-info">{c.kind}</span>
        <TlpTag tlp={c.tlp} />
        {mayEdit && (
          <label className="inline-label">
            <span className="visually-hidden">Case state</span>
            <select
              className="inline-select"
              aria-label="Case state"
              value={c.state}
              disabled={state.pending}
              onChange={(e) => state.run(e.target.value as 'open' | 'monitoring' | 'closed')}
            >
              <option value="open">open</option>
              <option value="monitoring">monitoring</option>
              <option value="closed">closed</option>
            </select>
          </label>
        )}
      </div>
      <dl className="facts">
        <div>
          <dt>Embargo</dt>
          <dd className="embargo-fact">
            <Embargo iso={c.embargoAt} />
          </dd>
        </div>
        <div>
          <dt>CVE ids</dt>
          <dd>
            <ul className="chips" aria-label="CVE ids">
              {c.cveIds.map((id) => (
                <li key={id} className="chip mono">
                  {id}
                </li>
              ))}
              {c.cveIds.length === 0 && <li className="muted">none</li>}
            </ul>
          </dd>
        </div>
        <div>
          <dt>Component layers</dt>
          <dd className="small">{c.layers.join(' · ') || '—'}</dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd className="small">
            {c.org.name}
            {c.author ? ` (${c.author.name})` : ''}, <When iso={c.createdAt} />
          </dd>
        </div>
      </dl>
      <FormError error={state.error} />
    </section>
  );
}
