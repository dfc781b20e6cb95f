import { useEffect, useState } from 'react';
import { messageOf } from '../../api.ts';
import { coordApi } from '../../api-coord.ts';
import { FormError } from '../../components/FormError.tsx';
import { navigate } from '../../router.tsx';
import { preferredOrg, useSignedIn } from '../../session.tsx';
import { NotFound } from '../NotFound.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `/spaces/<space>[/cases/<case>]` → its parts, or null. */
export function parseSpaceLink(path: string): { spaceId: string; caseId?: string } | null {
  const [first, spaceId, part, caseId, ...rest] = path.split('/').filter(Boolean);
  if (first !== 'spaces' || !spaceId || !UUID.test(spaceId) || rest.length) return null;
  if (part === undefined) return { spaceId };
  return part === 'cases' && caseId && UUID.test(caseId) ? { spaceId, caseId } : null;
}

/**
 * Links that name a space but no organisation (notification emails, the bell, search across
 * spaces) land here: the page opens under an organisation of the reader's that is a member of
 * the space — the one they last worked in when it is one.
 */
export function SpaceLink({ path }: { path: string }) {
  const session = useSignedIn();
  const target = parseSpaceLink(path);
  const [error, setError] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const spaceId = target?.spaceId;
  const caseId = target?.caseId;
  useEffect(() => {
    if (!spaceId) return;
    let live = true;
    coordApi.spaceOrgs(spaceId).then(
      (r) => {
        if (!live) return;
        const members = new Set(r.items.filter((o) => o.status === 'active').map((o) => o.org.id));
        const mine = session.orgs.filter((o) => members.has(o.id));
        const org = preferredOrg(mine) ?? mine[0];
        if (!org) return setMissing(true);
        const rest = caseId ? `/cases/${caseId}` : '';
        navigate(`/o/${org.handle}/spaces/${spaceId}${rest}${window.location.hash}`, { replace: true });
      },
      (err) => live && setError(messageOf(err)),
    );
    return () => {
      live = false;
    };
  }, [spaceId, caseId, session.orgs]);
  if (!target || missing)
    return <NotFound message="No such space, or none of your organisations is a member of it." />;
  if (error) return <FormError error={error} />;
  return <p className="muted">Opening…</p>;
}
