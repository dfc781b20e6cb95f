import { useState } from 'react';
import { api } from '../api.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { useToast } from '../components/Toasts.tsx';
import { When } from '../components/When.tsx';
import { ROLE_LABEL } from '../format.ts';
import { useAction } from '../hooks.ts';
import type { ApiToken, SessionOrg } from '../types.ts';

function state(t: ApiToken): 'revoked' | 'expired' | 'active' {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= Date.now()) return 'expired';
  return 'active';
}

export function TokenRow({
  org,
  token,
  onRevoked,
}: {
  org: SessionOrg;
  token: ApiToken;
  onRevoked(t: ApiToken): void;
}) {
  const [confirming, setConfirming] = useState(false);
  const toast = useToast();
  const revoke = useAction(api.revokeToken);
  const s = state(token);

  const confirmRevoke = async () => {
    const r = await revoke.run(org.id, token.id);
    if (!r.ok) return;
    setConfirming(false);
    onRevoked({ ...token, revokedAt: new Date().toISOString() });
    toast(`Revoked “${token.name}”. Requests using it now fail.`);
  };

  return (
    <tr className={s === 'active' ? undefined : 'inactive'}>
      <td data-label="Name">
        <div className="who">
          <strong>
            {token.name}
            {s !== 'active' && <span className={`badge badge-${s}`}>{s}</span>}
          </strong>
          <span className="muted small">
            <span className="mono">{token.prefix}…</span> · created <When iso={token.createdAt} />
          </span>
        </div>
      </td>
      <td data-label="Role">
        <span className={`role role-${token.role}`}>{ROLE_LABEL[token.role]}</span>
      </td>
      <td data-label="Last used">
        {token.lastUsedAt ? <When iso={token.lastUsedAt} /> : <span className="muted">Never</span>}
      </td>
      <td data-label="Status">
        {token.revokedAt ? (
          <span className="muted">
            Revoked <When iso={token.revokedAt} />
          </span>
        ) : token.expiresAt ? (
          <span className={s === 'expired' ? 'muted' : undefined}>
            {s === 'expired' ? 'Expired' : 'Expires'} <When iso={token.expiresAt} />
          </span>
        ) : (
          <span>Never expires</span>
        )}
      </td>
      <td data-label="Actions" className="row-actions">
        {s === 'active' && (
          <button type="button" className="button small danger-outline" onClick={() => setConfirming(true)}>
            Revoke<span className="visually-hidden"> {token.name}</span>
          </button>
        )}
        {confirming && (
          <ConfirmDialog
            title={`Revoke “${token.name}”?`}
            confirmLabel="Revoke token"
            pending={revoke.pending}
            error={revoke.error}
            onConfirm={confirmRevoke}
            onCancel={() => {
              setConfirming(false);
              revoke.setError(null);
            }}
          >
            <p>Anything using this token stops working at once. This cannot be undone.</p>
          </ConfirmDialog>
        )}
      </td>
    </tr>
  );
}
