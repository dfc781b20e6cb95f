import { oncallApi } from '../../api-oncall.ts';
import { FormError } from '../../components/FormError.tsx';
import { RoleNote } from '../../components/RoleNote.tsx';
import { When } from '../../components/When.tsx';
import { atLeast } from '../../format.ts';
import { usePaged } from '../../hooks.ts';
import { useLiveEvents } from '../../live.tsx';
import { usePeople } from '../../people.ts';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';

const TONE: Record<string, string> = {
  delivered: 'pill-ok',
  failed: 'pill-danger',
  pending: 'pill-info',
  skipped: 'pill-muted',
};

/** Every notification sent for the organisation, newest first: did the page reach the person? */
export function Deliveries({ org }: { org: SessionOrg }) {
  if (!atLeast(org.role, 'admin')) {
    return (
      <RoleNote role={org.role} org={org.name}>
        Only admins and owners can read the delivery log.
      </RoleNote>
    );
  }
  return <DeliveryLog org={org} />;
}

function DeliveryLog({ org }: { org: SessionOrg }) {
  const list = usePaged((cursor) => oncallApi.deliveries(org.id, cursor), org.id);
  const people = usePeople(org.id);
  // A delivery's outcome arrives on the live stream; the log re-reads its first page.
  useLiveEvents(['notify.delivery'], () => list.reload(), org.id);
  return (
    <>
      <p className="muted">
        Pages sent by email, webhooks, Slack, Matrix and in the app, with their outcome.
      </p>
      <FormError error={list.error} />
      {list.items?.length === 0 && <p className="empty">Nothing has been sent yet.</p>}
      {list.items && list.items.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">To</th>
              <th scope="col">Channel</th>
              <th scope="col">Outcome</th>
              <th scope="col">About</th>
              <th scope="col">When</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((d) => (
              <tr key={d.id}>
                <td data-label="To">
                  <div className="who">
                    <strong>{d.ownerUserId ? people.name(d.ownerUserId) : '—'}</strong>
                    {!d.target.startsWith('user ') && <span className="muted small">{d.target}</span>}
                  </div>
                </td>
                <td data-label="Channel">{d.channel.replace('_', '-')}</td>
                <td data-label="Outcome">
                  <span className={`pill ${TONE[d.status] ?? 'pill-muted'}`}>{d.status}</span>
                  {d.attempts > 1 && <span className="muted small"> · {d.attempts} attempts</span>}
                  {d.lastError && <div className="small warn-text">{d.lastError}</div>}
                </td>
                <td data-label="About">
                  {d.refType === 'incident' && d.refId ? (
                    <Link to={`/o/${org.handle}/incidents/${d.refId}`}>incident</Link>
                  ) : (
                    (d.refType ?? '—')
                  )}
                </td>
                <td data-label="When">
                  <When iso={d.deliveredAt ?? d.updatedAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {list.hasMore && (
        <button type="button" className="button" onClick={list.loadMore} disabled={list.loading}>
          {list.loading ? 'Loading…' : 'Load more'}
        </button>
      )}
    </>
  );
}
