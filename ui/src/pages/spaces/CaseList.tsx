import { TlpTag } from '../../components/TlpBadge.tsx';
import { When } from '../../components/When.tsx';
import { Link } from '../../router.tsx';
import type { Case } from '../../types-coord.ts';
import { Embargo } from './Embargo.tsx';

export const STATE_TONE: Record<string, string> = {
  open: 'pill-danger',
  monitoring: 'pill-warning',
  closed: 'pill-muted',
};

/** Cases of a space, newest first: state, kind, CVE ids, embargo, unread posts. */
export function CaseList({ cases, base }: { cases: Case[]; base: string }) {
  return (
    <table className="table cases-table">
      <thead>
        <tr>
          <th scope="col">Case</th>
          <th scope="col">State</th>
          <th scope="col">CVE ids</th>
          <th scope="col">Embargo (UTC)</th>
          <th scope="col">Opened</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id}>
            <td data-label="Case">
              <div className="who">
                <span>
                  <Link to={`${base}/${c.id}`} className="case-link">
                    {c.title}
                  </Link>
                  {(c.unread ?? 0) > 0 && (
                    <span className="count-badge" title={`${c.unread} unread posts`}>
                      {c.unread}
                      <span className="visually-hidden"> unread</span>
                    </span>
                  )}
                </span>
                <span className="muted small">
                  {c.kind} · <TlpTag tlp={c.tlp} />
                </span>
              </div>
            </td>
            <td data-label="State">
              <span className={`pill ${STATE_TONE[c.state] ?? ''}`}>{c.state}</span>
            </td>
            <td data-label="CVE ids">
              <span className="mono small cve-list">{c.cveIds.join(' ') || '—'}</span>
            </td>
            <td data-label="Embargo">
              <Embargo iso={c.embargoAt} />
            </td>
            <td data-label="Opened">
              <span className="small">
                {c.org.name}, <When iso={c.createdAt} />
              </span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
