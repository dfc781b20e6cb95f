/**
 * API shapes of consortium spaces and coordination cases, taken from the server's schemas with
 * type-only imports (nothing of the server is bundled).
 */
import type { Static } from 'typebox';
import type { applyImport, previewImport } from '../../src/cases/import.ts';
import type {
  MatrixChange as MatrixChangeSchema,
  MatrixEntry as MatrixEntrySchema,
} from '../../src/cases/matrix-schemas.ts';
import type { PresentedNotification } from '../../src/cases/notifications.ts';
import type { Answer as AnswerSchema, Question as QuestionSchema } from '../../src/cases/question-schemas.ts';
import type { listRemarks } from '../../src/cases/relabel.ts';
import type {
  Attachment as AttachmentSchema,
  Case as CaseSchema,
  Label as LabelSchema,
  Post as PostSchema,
  Revision as RevisionSchema,
  Status as StatusSchema,
} from '../../src/cases/schemas.ts';
import type { search } from '../../src/cases/search.ts';
import type {
  Invitation as InvitationSchema,
  SpaceOrg as SpaceOrgSchema,
  SpacePerson as SpacePersonSchema,
  Space as SpaceSchema,
} from '../../src/spaces/schemas.ts';

export type Space = Static<typeof SpaceSchema>;
export type SpaceOrg = Static<typeof SpaceOrgSchema>;
export type SpacePerson = Static<typeof SpacePersonSchema>;
export type Invitation = Static<typeof InvitationSchema>;
export type SpaceRole = Space['role'];
export type OrgRef = Space['foundingOrg'];

export type Case = Static<typeof CaseSchema>;
export type Label = Static<typeof LabelSchema>;
export type Post = Static<typeof PostSchema>;
export type Revision = Static<typeof RevisionSchema>;
export type PinnedStatus = Static<typeof StatusSchema>;
export type Attachment = Static<typeof AttachmentSchema>;
export type MatrixEntry = Static<typeof MatrixEntrySchema>;
export type MatrixChange = Static<typeof MatrixChangeSchema>;
export type Question = Static<typeof QuestionSchema>;
export type Answer = Static<typeof AnswerSchema>;

/** A coordination notification as its recipient may read it (GET /me/notifications). */
export type CoordNotification = PresentedNotification;
export interface NotificationPage {
  items: CoordNotification[];
  nextCursor: string | null;
  unread: number;
}
export interface NotificationSettings {
  email: boolean;
  emailAvailable: boolean;
}
/** A search hit: a case or a post, its snippet with «» around the matches (plain text). */
export type SearchHit = Awaited<ReturnType<typeof search>>['items'][number];
/** A CVE JSON 5 / OSV record read into the fields of a new case. */
export type ImportPreview = ReturnType<typeof previewImport>;
export type ImportApplied = Awaited<ReturnType<typeof applyImport>>;
/** A request to the source of an item to widen its label. */
export type RemarkRequest = Awaited<ReturnType<typeof listRemarks>>['items'][number];
/** What a label may be on: the item types of /labels/{itemType}/{itemId}. */
export type ItemType = 'post' | 'attachment' | 'status' | 'matrix_row' | 'question' | 'answer';

export interface MatrixView {
  items: MatrixEntry[];
  stillAffected: { org: OrgRef; cveIds: string[] }[];
}

/** The five TLP 2.0 labels, least to most restrictive, spelled exactly so. */
export const TLPS = ['CLEAR', 'GREEN', 'AMBER', 'AMBER+STRICT', 'RED'] as const;
export type Tlp = (typeof TLPS)[number];

/** What a writer sends with any labelled item. */
export interface LabelChoice {
  tlp: Tlp;
  recipientOrgIds?: string[];
  recipientUserIds?: string[];
}

export const MATRIX_STATUSES = [
  'under_investigation',
  'affected',
  'mitigation_in_progress',
  'fixed',
  'not_affected',
] as const;
export type MatrixStatus = (typeof MATRIX_STATUSES)[number];
export const JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;
export const ROLLOUT_STATES = ['planned', 'in_progress', 'completed', 'paused'] as const;

export interface Rollout {
  region: string;
  state: (typeof ROLLOUT_STATES)[number];
  windowStart?: string | null;
  windowEnd?: string | null;
}

export interface MatrixInput extends LabelChoice {
  layer: string;
  cveId: string;
  status: MatrixStatus;
  justification?: string | null;
  rollout?: Rollout[];
  statement?: string;
  asOrgId?: string;
}

export type PromoteInput =
  | { as: 'statement'; layer: string; cveId: string; status: MatrixStatus; justification?: string | null }
  | { as: 'question'; vendor: string }
  | { as: 'answer'; questionId: string; sources?: string[] };
