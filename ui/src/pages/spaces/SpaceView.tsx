import { useCallback, useEffect, useRef, useState } from 'react';
import type { SectionProps } from '../../App.tsx';
import { messageOf } from '../../api.ts';
import { coordApi } from '../../api-coord.ts';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { TlpTag } from '../../components/TlpBadge.tsx';
import { useLiveEvents, useLiveResync } from '../../live.tsx';
import { Link } from '../../router.tsx';
import type { Case } from '../../types-coord.ts';
import { NotFound } from '../NotFound.tsx';
import { CaseList } from './CaseList.tsx';
import { NewCaseForm } from './NewCaseForm.tsx';
import { RemarkRequests } from './RemarkRequests.tsx';
import { SearchBox } from './SearchBox.tsx';
import { SpaceMembers } from './SpaceMembers.tsx';
import { useSpace } from './useSpace.ts';

const CASE_EVENTS = ['case.created', 'case.updated', 'post.created'];

/** One space: its cases (with unread counts, live), its member orgs and people, invitations. */
export function SpaceView({ org, spaceId }: Pick<SectionProps, 'org'> & { spaceId: string }) {
  const data = useSpace(spaceId, org);
  const [cases, setCases] = useState<Case[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const load = useCallback(() => {
    coordApi.cases(spaceId).then(
      (r) => {
        setCases(r.items);
        setError(null);
      },
      (e) => setError(messageOf(e)),
    );
  }, [spaceId]);
  useEffect(() => {
    load();
    return () => clearTimeout(timer.current);
  }, [load]);
  useLiveResync(load);
  // New posts change unread counts; a burst of them becomes one re-read.
  useLiveEvents<{ case?: Case; post?: { caseId: string } }>(CASE_EVENTS, (e) => {
    const caseId = e.data.case?.id ?? e.data.post?.caseId;
    if (e.data.case && e.data.case.spaceId !== spaceId) return;
    if (!e.data.case && !cases?.some((c) => c.id === caseId)) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(load, 300);
  });

  if (data.missing) return <NotFound message="No such space, or your organisation is not a member." />;
  const s = data.space;
  const base = `/o/${org.handle}/spaces`;
  const canWrite = s && s.role !== 'observer' && data.actingOrgId !== undefined;
  return (
    <>
      <p className="crumbs">
        <Link to={base}>← Spaces</Link>
      </p>
      <PageHeader title={s?.name ?? 'Space'} context={org.name}>
        {canWrite && !creating && (
          <button type="button" className="button primary" onClick={() => setCreating(true)}>
            New case
          </button>
        )}
      </PageHeader>
      <FormError error={data.error ?? error} />
      {s && (
        <p className="space-meta">
          {s.description && <span>{s.description} · </span>}
          <span className="muted">
            Founded by {s.foundingOrg.name} · you are space {s.role} · default label{' '}
          </span>
          <TlpTag tlp={s.defaultTlp} />
        </p>
      )}
      {s && data.actingOrgId === undefined && (
        <p className="note note-warning">
          {org.name} is not a member of this space: switch to the organisation you take part with to write.
        </p>
      )}
      {creating && s && (
        <NewCaseForm
          space={s}
          actingOrgId={data.actingOrgId}
          base={`${base}/${spaceId}`}
          onCancel={() => setCreating(false)}
        />
      )}
      {s && <SearchBox spaceId={spaceId} spaceBase={`${base}/${spaceId}`} />}
      <h2 className="section-title">Cases</h2>
      {cases === null && !error && <p className="muted">Loading cases…</p>}
      {cases?.length === 0 && (
        <p className="empty">No cases yet.{canWrite ? ' Open one with “New case”.' : ''}</p>
      )}
      {cases && cases.length > 0 && <CaseList cases={cases} base={`${base}/${spaceId}/cases`} />}
      {s && <RemarkRequests spaceId={spaceId} names={data.names} caseBase={`${base}/${spaceId}/cases`} />}
      {s && <SpaceMembers org={org} data={data} />}
    </>
  );
}
