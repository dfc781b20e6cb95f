import { useState } from 'react';
import type { SectionProps } from '../../../App.tsx';
import { FormError } from '../../../components/FormError.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Link } from '../../../router.tsx';
import { useSignedIn } from '../../../session.tsx';
import { NotFound } from '../../NotFound.tsx';
import { MatrixPanel } from '../matrix/MatrixPanel.tsx';
import { RemarkRequests } from '../RemarkRequests.tsx';
import { useSpace } from '../useSpace.ts';
import { CaseFacts } from './CaseFacts.tsx';
import type { CaseCtx } from './context.ts';
import { ExportMenu } from './ExportMenu.tsx';
import { ImportRecordForm } from './ImportRecordForm.tsx';
import { PinnedStatus } from './PinnedStatus.tsx';
import { Questions } from './Questions.tsx';
import { Thread } from './Thread.tsx';
import { useCase } from './useCase.ts';

/**
 * A case: the live thread beside the pinned status, the status matrix and vendor questions
 * (side by side on wide screens, stacked on narrow ones).
 */
export function CaseView({
  org,
  spaceId,
  caseId,
}: Pick<SectionProps, 'org'> & { spaceId: string; caseId: string }) {
  const { user } = useSignedIn();
  const sp = useSpace(spaceId, org);
  const data = useCase(caseId, user.id);
  const [importing, setImporting] = useState(false);
  const spaceBase = `/o/${org.handle}/spaces/${spaceId}`;
  if (data.missing || sp.missing) return <NotFound message="No such case, or you may not see it." />;
  const crumbs = (
    <p className="crumbs">
      <Link to={spaceBase}>← {sp.space?.name ?? 'Space'}</Link>
    </p>
  );
  if (!data.kase || !sp.space) {
    return (
      <>
        {crumbs}
        <PageHeader title="Case" context={org.name} />
        <FormError error={data.error ?? sp.error} />
        {!data.error && <p className="muted">Loading the case…</p>}
      </>
    );
  }
  const ctx: CaseCtx = {
    space: sp.space,
    kase: data.kase,
    names: sp.names,
    people: sp.people,
    activeOrgs: sp.activeOrgs,
    actingOrgId: sp.actingOrgId,
    me: user.id,
    canWrite: sp.space.role !== 'observer' && sp.actingOrgId !== undefined,
  };
  return (
    <div className="case-page">
      {crumbs}
      <PageHeader title={data.kase.title} context={sp.space.name}>
        <div className="case-actions">
          {ctx.canWrite && !importing && (
            <button type="button" className="button" onClick={() => setImporting(true)}>
              Import record
            </button>
          )}
          <ExportMenu caseId={caseId} />
          <Link to={`/o/${org.handle}/advisories?caseId=${caseId}`} className="button">
            Publish advisory
          </Link>
        </div>
      </PageHeader>
      <FormError error={data.error} />
      <CaseFacts ctx={ctx} onChanged={data.setCase} />
      {importing && (
        <ImportRecordForm
          ctx={ctx}
          onCancel={() => setImporting(false)}
          onDone={(c, post) => {
            data.setCase(c);
            if (post) data.addPost(post);
            setImporting(false);
          }}
        />
      )}
      <div className="case-layout">
        <Thread ctx={ctx} data={data} />
        <div className="case-side">
          <RemarkRequests
            spaceId={spaceId}
            names={sp.names}
            caseBase={`${spaceBase}/cases`}
            caseId={caseId}
          />
          <PinnedStatus ctx={ctx} status={data.status} onPinned={data.setStatus} />
          <MatrixPanel ctx={ctx} matrix={data.matrix} onChanged={data.reloadMatrix} />
          <Questions ctx={ctx} questions={data.questions} onChanged={data.reloadQuestions} />
        </div>
      </div>
    </div>
  );
}
