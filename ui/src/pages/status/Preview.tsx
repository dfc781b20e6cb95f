import { statusApi } from '../../api-status.ts';
import type { SessionOrg } from '../../types.ts';

/**
 * Exactly what the public sees: the page rendered by the same server code, in a frame.
 * `version` changes after every edit so the frame reloads.
 */
export function Preview({
  org,
  incidentId,
  version,
}: {
  org: SessionOrg;
  incidentId?: string;
  version: string;
}) {
  const src = `${statusApi.previewUrl(org.id, incidentId)}${incidentId ? '&' : '?'}v=${encodeURIComponent(version)}`;
  return (
    <figure className="status-preview">
      <figcaption className="muted small">
        Preview: exactly what visitors see{incidentId ? ' on the incident page' : ''}
      </figcaption>
      <iframe key={src} title="Preview of the public status page" src={src} loading="lazy" />
    </figure>
  );
}
