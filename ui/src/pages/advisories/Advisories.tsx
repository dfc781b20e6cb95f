import { useEffect, useState } from 'react';
import type { SectionProps } from '../../App.tsx';
import { messageOf } from '../../api.ts';
import { type Advisory, advisoriesApi } from '../../api-advisories.ts';
import { coordApi } from '../../api-coord.ts';
import { FormError } from '../../components/FormError.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { RoleNote } from '../../components/RoleNote.tsx';
import { atLeast } from '../../format.ts';
import { useLocation } from '../../router.tsx';
import type { Case } from '../../types-coord.ts';
import { AdvisoryList } from './AdvisoryList.tsx';
import { PublishPanel } from './PublishPanel.tsx';

/**
 * `/o/<handle>/advisories[?caseId=…]`: the org's public CSAF VEX advisories and the "Publish
 * advisory" panel for one case (the case view links here with its id).
 */
export function Advisories({ org }: SectionProps) {
  const { query } = useLocation();
  const [cases, setCases] = useState<Case[] | null>(null);
  const [advisories, setAdvisories] = useState<Advisory[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const caseId = query.get('caseId') ?? '';
  const isAdmin = atLeast(org.role, 'admin');

  useEffect(() => {
    if (!isAdmin) return;
    let live = true;
    (async () => {
      try {
        const [{ items: spaces }, { items }] = await Promise.all([
          coordApi.spaces(),
          advisoriesApi.list(org.id),
        ]);
        const perSpace = await Promise.all(spaces.map((s) => coordApi.cases(s.id)));
        if (!live) return;
        setAdvisories(items);
        setCases(perSpace.flatMap((r) => r.items).filter((c) => c.kind === 'vulnerability'));
      } catch (err) {
        if (live) setError(messageOf(err));
      }
    })();
    return () => {
      live = false;
    };
  }, [org.id, isAdmin]);

  if (!isAdmin)
    return (
      <>
        <PageHeader title="Advisories" context={org.name} />
        <RoleNote role={org.role} org={org.name}>
          Only admins and owners publish advisories.
        </RoleNote>
      </>
    );

  const onPublished = (a: Advisory) =>
    setAdvisories((list) => [a, ...(list ?? []).filter((x) => x.trackingId !== a.trackingId)]);

  return (
    <>
      <PageHeader title="Advisories" context={org.name} />
      <p className="muted">
        Public CSAF 2.0 VEX documents built from your organisation’s own status-matrix rows in a case. Only
        TLP:CLEAR rows can be published; anyone can fetch them without signing in.
      </p>
      <FormError error={error} />
      <PublishPanel org={org} cases={cases} caseId={caseId} onPublished={onPublished} />
      <AdvisoryList org={org} advisories={advisories} />
    </>
  );
}
