import { useId, useState } from 'react';
import { opsApi } from '../../api-ops.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';
import type { Mitigation } from '../../types-ops.ts';

type Decision = 'approve' | 'reject' | 'withdraw';

const COPY: Record<Decision, { title: string; confirm: string; done: string; tone: 'primary' | 'danger' }> = {
  approve: {
    title: 'Approve and announce?',
    confirm: 'Approve and announce',
    done: 'Approved: the rules are being announced.',
    tone: 'primary',
  },
  reject: { title: 'Reject this proposal?', confirm: 'Reject', done: 'Proposal rejected.', tone: 'danger' },
  withdraw: {
    title: 'Withdraw the announcement?',
    confirm: 'Withdraw now',
    done: 'Withdrawal requested: the routes are being withdrawn.',
    tone: 'danger',
  },
};

/** Approve / Reject for proposals, Withdraw for what is (or is about to be) announced. */
export function MitigationActions({
  org,
  mitigation: m,
  onChanged,
}: {
  org: SessionOrg;
  mitigation: Mitigation;
  onChanged(m: Mitigation): void;
}) {
  const [asking, setAsking] = useState<Decision | null>(null);
  const [note, setNote] = useState('');
  const noteId = useId();
  const toast = useToast();
  const decide = useAction(opsApi.decideMitigation);
  const choices: Decision[] =
    m.state === 'proposed'
      ? ['approve', 'reject']
      : ['pending', 'announcing', 'announced', 'withdraw_failed'].includes(m.state)
        ? ['withdraw']
        : [];
  if (choices.length === 0) return null;

  const confirm = async () => {
    if (!asking) return;
    const r = await decide.run(org.id, m.id, asking, note.trim() || undefined);
    if (!r.ok) return;
    toast(COPY[asking].done);
    setAsking(null);
    setNote('');
    onChanged(r.value);
  };
  const rtbh = m.rules.some((r) => r.kind === 'rtbh');
  return (
    <div className="mitigation-actions">
      {choices.map((c) => (
        <button
          key={c}
          type="button"
          className={`button ${c === 'approve' ? 'primary' : 'danger-outline'}`}
          onClick={() => setAsking(c)}
        >
          {c === 'approve'
            ? 'Approve'
            : c === 'reject'
              ? 'Reject'
              : m.state === 'pending'
                ? 'Cancel (withdraw)'
                : 'Withdraw'}
          <span className="visually-hidden"> mitigation for {m.target}</span>
        </button>
      ))}
      {asking && (
        <ConfirmDialog
          title={COPY[asking].title}
          confirmLabel={COPY[asking].confirm}
          tone={COPY[asking].tone}
          pending={decide.pending}
          error={decide.error}
          onConfirm={confirm}
          onCancel={() => {
            setAsking(null);
            decide.setError(null);
          }}
        >
          {asking === 'approve' && (
            <p>
              {m.rules.length} {m.rules.length === 1 ? 'rule is' : 'rules are'} sent to your routers through
              the configured driver{m.driver ? ` (${m.driver})` : ''} for{' '}
              <strong className="mono">{m.target}</strong>.
              {rtbh && <strong> This includes RTBH: all traffic to the victim is dropped.</strong>}
            </p>
          )}
          {asking === 'reject' && <p>Nothing is announced. The proposal is kept in the record.</p>}
          {asking === 'withdraw' && (
            <p>
              The routes for <strong className="mono">{m.target}</strong> are withdrawn from your routers; the
              attack traffic reaches the target again.
            </p>
          )}
          <div className="field">
            <label htmlFor={noteId}>Note for the record (optional)</label>
            <textarea
              id={noteId}
              rows={2}
              maxLength={1000}
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
            />
          </div>
        </ConfirmDialog>
      )}
    </div>
  );
}
