import type { SectionProps } from '../../App.tsx';
import { NotFound } from '../NotFound.tsx';
import { CaseView } from './case/CaseView.tsx';
import { SpaceList } from './SpaceList.tsx';
import { SpaceView } from './SpaceView.tsx';
import '../../styles-coord.css';

/**
 * Consortium spaces, under the org the user acts for:
 * `/o/<org>/spaces`, `/o/<org>/spaces/<space>`, `/o/<org>/spaces/<space>/cases/<case>`.
 */
export function Spaces({ org, sub }: SectionProps) {
  const [spaceId, part, caseId, ...rest] = sub;
  if (!spaceId) return <SpaceList org={org} />;
  if (!part) return <SpaceView key={spaceId} org={org} spaceId={spaceId} />;
  if (part === 'cases' && caseId && rest.length === 0)
    return <CaseView key={caseId} org={org} spaceId={spaceId} caseId={caseId} />;
  return <NotFound />;
}
