import { useEffect, useState } from 'react';
import { api, messageOf } from '../api.ts';
import { FormError } from '../components/FormError.tsx';
import { When } from '../components/When.tsx';
import { actionLabel } from '../format.ts';
import { Link } from '../router.tsx';
import type { AuditItem, SessionOrg } from '../types.ts';
import { actorLabel, subjectOf } from './AuditRow.tsx';

/** The last few audit entries, for admins, on the overview. */
export function RecentActivity({ org }: { org: SessionOrg }) {
  const [items, setItems] = useState<AuditItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api.audit(org.id, null, 5).then(
      (p) => setItems(p.items),
      (err) => setError(messageOf(err)),
    );
  }, [org.id]);
  return (
    <section className="panel" aria-labelledby="recent-title">
      <div className="panel-head">
        <h2 id="recent-title">Recent activity</h2>
        <Link to={`/o/${org.handle}/audit`}>Full audit log</Link>
      </div>
      <FormError error={error} />
      {items && items.length === 0 && <p className="muted">Nothing recorded yet.</p>}
      {items && items.length > 0 && (
        <ul className="activity">
          {items.map((a) => (
            <li key={a.id}>
              <span>
                <strong>{actorLabel(a)}</strong> · {actionLabel(a.action)}
                {subjectOf(a) && <span className="muted"> {subjectOf(a)}</span>}
              </span>
              <When iso={a.at} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
