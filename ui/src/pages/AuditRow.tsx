import { When } from '../components/When.tsx';
import { actionLabel } from '../format.ts';
import type { AuditItem } from '../types.ts';

export function actorLabel(a: AuditItem): string {
  if (a.actor) return a.actor.name || a.actor.email;
  if (a.tokenId) return 'API token';
  return 'Anonymous'; // no one was signed in: first-run setup, a sign-in attempt
}

/** The thing acted on, in words, when the details name it: `“ci-reader”`, `vera@acme.test`. */
export function subjectOf(a: AuditItem): string | null {
  const d = a.details ?? {};
  if (typeof d.name === 'string') return `“${d.name}”`;
  if (typeof d.email === 'string') return d.email;
  return null;
}

const short = (id: string) => (id.length > 12 ? `${id.slice(0, 8)}…` : id);

function scalar(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return null;
}

export function AuditRow({ item, names }: { item: AuditItem; names: ReadonlyMap<string, string> }) {
  const details = Object.entries(item.details ?? {});
  const simple = details
    .map(([k, v]) => [k, scalar(v)] as const)
    .filter((d): d is [string, string] => d[1] !== null);
  const complex = details.length > simple.length;
  return (
    <tr>
      <td data-label="When">
        <When iso={item.at} stacked />
      </td>
      <td data-label="Who">
        <div className="who">
          <strong>{actorLabel(item)}</strong>
          {item.actor?.name && <span className="muted small">{item.actor.email}</span>}
          {item.tokenId && (
            <span className="muted small">
              via token{' '}
              <span className="mono" title={item.tokenId}>
                {short(item.tokenId)}
              </span>
            </span>
          )}
        </div>
      </td>
      <td data-label="Action">
        <div className="who">
          <strong>{actionLabel(item.action)}</strong>
          <span className="muted small mono">{item.action}</span>
        </div>
      </td>
      <td data-label="Details">
        <div className="details">
          {item.targetType && (
            <span className="kv">
              {item.targetType}
              {item.targetId &&
                (names.has(item.targetId) ? (
                  <strong title={item.targetId}> {names.get(item.targetId)}</strong>
                ) : (
                  <>
                    {' '}
                    <span className="mono" title={item.targetId}>
                      {short(item.targetId)}
                    </span>
                  </>
                ))}
            </span>
          )}
          {simple.map(([k, v]) => (
            <span className="kv" key={k}>
              <span className="muted">{k}:</span> {v}
            </span>
          ))}
          {item.ip && (
            <span className="kv">
              <span className="muted">ip:</span> <span className="mono">{item.ip}</span>
            </span>
          )}
          {complex && (
            <details>
              <summary>All details</summary>
              <pre>{JSON.stringify(item.details, null, 2)}</pre>
            </details>
          )}
        </div>
      </td>
    </tr>
  );
}
