import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, messageOf } from '../../api.ts';
import { coordApi } from '../../api-coord.ts';
import type { Names } from '../../components/TlpBadge.tsx';
import { useLiveResync } from '../../live.tsx';
import { useSignedIn } from '../../session.tsx';
import type { SessionOrg } from '../../types.ts';
import type { OrgRef, Space, SpaceOrg, SpacePerson } from '../../types-coord.ts';

export interface SpaceData {
  space: Space | null;
  orgs: SpaceOrg[];
  people: SpacePerson[];
  /** Active member orgs (who labels can name). */
  activeOrgs: OrgRef[];
  /** The org the caller writes for: the org in the URL when it is a member, else their only one. */
  actingOrgId: string | undefined;
  names: Names;
  error: string | null;
  missing: boolean;
  reload(): void;
}

const short = (id: string) => `${id.slice(0, 8)}…`;

/** A space with its member orgs and people: names for the ids that labels and rows carry. */
export function useSpace(spaceId: string, org: SessionOrg): SpaceData {
  const session = useSignedIn();
  const [space, setSpace] = useState<Space | null>(null);
  const [orgs, setOrgs] = useState<SpaceOrg[]>([]);
  const [people, setPeople] = useState<SpacePerson[]>([]);
  const [error, setError] = useState<{ message: string; missing: boolean } | null>(null);

  const reload = useCallback(() => {
    Promise.all([coordApi.space(spaceId), coordApi.spaceOrgs(spaceId), coordApi.people(spaceId)]).then(
      ([s, o, p]) => {
        setSpace(s);
        setOrgs(o.items);
        setPeople(p.items);
        setError(null);
      },
      (err) => setError({ message: messageOf(err), missing: err instanceof ApiError && err.status === 404 }),
    );
  }, [spaceId]);
  useEffect(reload, [reload]);
  useLiveResync(reload);

  return useMemo(() => {
    const activeOrgs = orgs.filter((o) => o.status === 'active').map((o) => o.org);
    const mine = activeOrgs.filter((o) => session.orgs.some((s) => s.id === o.id));
    const actingOrgId =
      mine.find((o) => o.id === org.id)?.id ?? (mine.length === 1 ? mine[0]!.id : undefined);
    const orgName = new Map(orgs.map((o) => [o.org.id, o.org.name]));
    const userName = new Map(people.map((p) => [p.userId, `${p.name} (${p.org.handle})`]));
    const names: Names = {
      org: (id) => orgName.get(id) ?? short(id),
      user: (id) => (id === session.user.id ? 'you' : (userName.get(id) ?? short(id))),
    };
    return {
      space,
      orgs,
      people,
      activeOrgs,
      actingOrgId,
      names,
      error: error?.message ?? null,
      missing: error?.missing ?? false,
      reload,
    };
  }, [space, orgs, people, error, org.id, session, reload]);
}
