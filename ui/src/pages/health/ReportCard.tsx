import type { ReactNode } from 'react';
import type { Report } from '../../api-health.ts';
import { When } from '../../components/When.tsx';
import { duration } from '../../units.ts';

const STATE_LABEL: Record<Report['state'], string> = {
  received: 'Received',
  investigating: 'Investigating',
  confirmed: 'Confirmed',
  resolved: 'Resolved',
};

/** A problem report: state, first human response time, evidence, answers. */
export function ReportCard({ report: r, children }: { report: Report; children?: ReactNode }) {
  return (
    <article className="card" data-report={r.id} aria-label={`Report about ${r.resource.name}`}>
      <h3>
        {r.resource.name} <span className="muted small">({r.kind.replace('_', ' ')})</span>{' '}
        <span className="badge" data-testid="report-state">
          {STATE_LABEL[r.state]}
        </span>
      </h3>
      <p>{r.description}</p>
      <p className="report-meta muted small">
        <span>
          {r.customerName} · reported <When iso={r.createdAt} />
        </span>
        <span>{r.paged ? 'On-call paged' : 'In the support queue'}</span>
        <span data-testid="first-response">
          {r.firstResponseSeconds === null
            ? 'No human response yet'
            : `First human response after ${duration(r.firstResponseSeconds * 1000)}`}
        </span>
      </p>
      {(r.evidence.attacks.length > 0 || r.evidence.incidents.length > 0) && (
        <div>
          <strong>Evidence</strong>
          <ul>
            {r.evidence.attacks.map((a) => (
              <li key={a.id}>{a.sentence}</li>
            ))}
            {r.evidence.incidents.map((i) => (
              <li key={i.id}>
                Incident {i.status}: {i.summary ?? `affecting ${i.touches}`}
              </li>
            ))}
          </ul>
        </div>
      )}
      {r.pagedReason && <p className="muted small">Paged because {r.pagedReason}.</p>}
      {r.responses.map((x) => (
        <blockquote key={x.id}>
          <p>{x.message}</p>
          <footer className="muted small">
            {x.author}, <When iso={x.at} />
            {x.state && ` · marked ${x.state}`}
          </footer>
        </blockquote>
      ))}
      {children}
    </article>
  );
}
