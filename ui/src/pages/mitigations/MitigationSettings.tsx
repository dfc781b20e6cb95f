import { type FormEvent, useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { opsApi } from '../../api-ops.ts';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RoleNote } from '../../components/RoleNote.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { When } from '../../components/When.tsx';
import { type FieldErrors, fieldErrors, unplaced } from '../../field-errors.ts';
import { atLeast } from '../../format.ts';
import { Link } from '../../router.tsx';
import type { SessionOrg } from '../../types.ts';
import type { MitigationSettings } from '../../types-ops.ts';
import { AllowListEditor } from './AllowListEditor.tsx';
import { DriverFields } from './DriverFields.tsx';
import { FlowspecFields, ModeFields, RtbhFields, TimingFields } from './SettingsFields.tsx';
import { type Draft, toDraft, toInput } from './settings-draft.ts';

/** Fields (and their children) the form shows; any other message goes to the form's error line. */
const SHOWN = [
  'mode',
  'driver',
  'flowspec',
  'rtbh',
  'allowList',
  'holdSeconds',
  'maxLifetimeSeconds',
  'maxActiveAnnouncements',
  'hookUpdateIntervalSeconds',
];

export interface SectionProps {
  draft: Draft;
  set(update: (d: Draft) => Draft): void;
  errors: FieldErrors | null;
  readOnly: boolean;
}

export function MitigationSettingsPage({ org }: { org: SessionOrg }) {
  const [saved, setSaved] = useState<MitigationSettings | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  const [pending, setPending] = useState(false);
  const toast = useToast();
  const admin = atLeast(org.role, 'admin');

  useEffect(() => {
    opsApi.mitigationSettings(org.id).then(
      (s) => {
        setSaved(s);
        setDraft(toDraft(s));
      },
      (err) => setLoadError(messageOf(err)),
    );
  }, [org.id]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!draft || !saved) return;
    setPending(true);
    setErrors(null);
    try {
      const s = await opsApi.putMitigationSettings(org.id, toInput(draft, saved));
      setSaved(s);
      setDraft(toDraft(s));
      toast('Mitigation settings saved.');
    } catch (err) {
      setErrors(fieldErrors(err));
      // Bring the first marked field into view for keyboard and screen-reader users.
      requestAnimationFrame(() =>
        document.querySelector<HTMLElement>('.settings-form [aria-invalid="true"]')?.focus(),
      );
    } finally {
      setPending(false);
    }
  };

  const rest = unplaced(errors, SHOWN);
  const props = draft && {
    draft,
    set: (u: (d: Draft) => Draft) => setDraft((d) => d && u(d)),
    errors,
    readOnly: !admin,
  };
  return (
    <>
      <p className="crumbs">
        <Link to={`/o/${org.handle}/mitigations`}>← Mitigations</Link>
      </p>
      <PageHeader title="Mitigation settings" context={org.name} />
      {!admin && (
        <RoleNote role={org.role} org={org.name}>
          Only admins and owners can change these settings.
        </RoleNote>
      )}
      {saved?.updatedAt && (
        <p className="muted small">
          Last changed <When iso={saved.updatedAt} />.
        </p>
      )}
      <FormError error={loadError} />
      {!props && !loadError && <p className="muted">Loading…</p>}
      {props && (
        <form className="settings-form stack" onSubmit={submit} noValidate>
          <ModeFields {...props} />
          <FlowspecFields {...props} />
          <RtbhFields {...props} />
          <AllowListEditor {...props} />
          <TimingFields {...props} />
          <DriverFields {...props} />
          {saved && saved.hooks.length > 0 && (
            <p className="muted small">
              {saved.hooks.length} action {saved.hooks.length === 1 ? 'hook is' : 'hooks are'} configured (
              {saved.hooks.map((h) => `${h.kind} ${h.id}`).join(', ')}); they are kept as they are. Edit them
              through the API.
            </p>
          )}
          {errors && (
            <FormError
              error={
                rest.length ? `Not saved: ${rest.join('; ')}` : 'Not saved: correct the fields marked above.'
              }
            />
          )}
          {admin && (
            <div className="form-actions sticky-actions">
              <button type="submit" className="button primary" disabled={pending}>
                {pending ? 'Saving…' : 'Save settings'}
              </button>
              <button
                type="button"
                className="button"
                disabled={pending}
                onClick={() => {
                  if (saved) setDraft(toDraft(saved));
                  setErrors(null);
                }}
              >
                Discard changes
              </button>
            </div>
          )}
        </form>
      )}
    </>
  );
}
