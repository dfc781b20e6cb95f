import { type FormEvent, useState } from 'react';
import { type StatusPage, statusApi } from '../../api-status.ts';
import { CheckField, TextField } from '../../components/Field.tsx';
import { FormError } from '../../components/FormError.tsx';
import { RoleNote } from '../../components/RoleNote.tsx';
import { useToast } from '../../components/Toasts.tsx';
import { atLeast } from '../../format.ts';
import { useAction } from '../../hooks.ts';
import type { SessionOrg } from '../../types.ts';
import { Preview } from './Preview.tsx';

/** Create or change the page: slug, name, own host name, published; and what the public sees. */
export function PageSettings({
  org,
  page,
  onSaved,
}: {
  org: SessionOrg;
  page: StatusPage | null;
  onSaved: () => void;
}) {
  const [slug, setSlug] = useState(page?.slug ?? org.handle);
  const [name, setName] = useState(page?.name ?? org.name);
  const [host, setHost] = useState(page?.customHost ?? '');
  const [published, setPublished] = useState(page?.published ?? false);
  const [version, setVersion] = useState(0);
  const save = useAction(statusApi.savePage);
  const toast = useToast();
  const admin = atLeast(org.role, 'admin');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await save.run(org.id, {
      slug: slug.trim(),
      name: name.trim(),
      customHost: host.trim() || null,
      published,
    });
    if (!r.ok) return;
    toast(page ? 'Status page saved.' : 'Status page created.');
    setVersion((v) => v + 1);
    onSaved();
  };

  return (
    <>
      {!page && (
        <p className="muted">
          {org.name} has no public status page yet. Customers read it during incidents, without signing in;
          its JSON API follows Atlassian Statuspage, so existing tools can read it.
        </p>
      )}
      {!admin && (
        <RoleNote role={org.role} org={org.name}>
          Only admins and owners can change the status page.
        </RoleNote>
      )}
      {admin && (
        <section className="panel" aria-labelledby="page-settings">
          <h2 id="page-settings">{page ? 'Page settings' : 'Create the status page'}</h2>
          <form className="grid-form" onSubmit={submit}>
            <TextField
              label="Name"
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
            />
            <TextField
              label="Slug"
              required
              maxLength={50}
              hint={`Public address: /status/${slug || '…'}`}
              value={slug}
              onChange={(e) => setSlug(e.currentTarget.value)}
            />
            <TextField
              label="Own host name (optional)"
              placeholder="status.example.com"
              hint="Point its DNS at Swimmy; the page is then also served at that host's root."
              value={host}
              onChange={(e) => setHost(e.currentTarget.value)}
            />
            <CheckField
              label="Published"
              hint="Unpublished pages are only visible here, in the preview."
              checked={published}
              onChange={(e) => setPublished(e.currentTarget.checked)}
            />
            <div className="grid-form-actions">
              <button type="submit" className="button primary" disabled={save.pending}>
                {save.pending ? 'Saving…' : page ? 'Save' : 'Create page'}
              </button>
            </div>
          </form>
          <FormError error={save.error} />
        </section>
      )}
      {page && (
        <section className="panel" aria-labelledby="page-public">
          <h2 id="page-public">Public page</h2>
          <p>
            {page.published ? (
              <>
                Published at <a href={page.publicUrl}>{page.publicUrl}</a> ·{' '}
                <a href={`${page.publicUrl}/api/v2/summary.json`}>JSON API</a> ·{' '}
                <a href={`${page.publicUrl}/history.atom`}>Atom</a> ·{' '}
                <a href={`${page.publicUrl}/history.rss`}>RSS</a>
              </>
            ) : (
              <span className="muted">Not published: visitors get “Not found”.</span>
            )}
          </p>
          <Preview org={org} version={`${page.updatedAt}-${version}`} />
        </section>
      )}
    </>
  );
}
