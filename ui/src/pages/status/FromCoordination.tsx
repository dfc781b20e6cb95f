import { useState } from 'react';
import type { StatusIncident } from '../../api-status.ts';
import { SelectField, TextField } from '../../components/Field.tsx';
import type { SessionOrg } from '../../types.ts';
import { PublishFromCase } from './PublishFromCase.tsx';

interface Props {
  org: SessionOrg;
  incident: StatusIncident;
  onPublished: (next: StatusIncident) => void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The next update from a coordination post or matrix statement, named by its id (CLEAR only). */
export function FromCoordination({ org, incident, onPublished }: Props) {
  const [kind, setKind] = useState<'post' | 'statement'>('post');
  const [id, setId] = useState('');
  const trimmed = id.trim();
  return (
    <section className="panel" aria-labelledby="from-coordination">
      <h2 id="from-coordination">Publish from coordination</h2>
      <p className="muted small">
        A post or status-matrix statement of a case becomes the next numbered update, only if it is TLP:CLEAR
        (its source re-marks it first when needed).
      </p>
      <div className="grid-form">
        <SelectField
          label="Source"
          value={kind}
          onChange={(e) => setKind(e.currentTarget.value as 'post' | 'statement')}
        >
          <option value="post">Post</option>
          <option value="statement">Matrix statement</option>
        </SelectField>
        <TextField
          label={kind === 'post' ? 'Post id' : 'Matrix entry id'}
          value={id}
          onChange={(e) => setId(e.currentTarget.value)}
        />
      </div>
      {UUID.test(trimmed) && (
        <PublishFromCase
          key={`${kind}:${trimmed}`}
          org={org}
          source={{ kind, id: trimmed }}
          incidentId={incident.id}
          onPublished={onPublished}
        />
      )}
    </section>
  );
}
