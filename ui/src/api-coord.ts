import { enc, q, request } from './api.ts';
import type {
  Answer,
  Attachment,
  Case,
  ImportApplied,
  ImportPreview,
  Invitation,
  ItemType,
  LabelChoice,
  MatrixChange,
  MatrixEntry,
  MatrixInput,
  MatrixView,
  NotificationPage,
  NotificationSettings,
  PinnedStatus,
  Post,
  PromoteInput,
  Question,
  RemarkRequest,
  Revision,
  SearchHit,
  Space,
  SpaceOrg,
  SpacePerson,
  SpaceRole,
} from './types-coord.ts';

type Items<T> = { items: T[] };
/** The org an item is written for, when the caller reaches the space through several. */
type As = { asOrgId?: string };

export interface CaseInput extends As {
  kind: 'vulnerability' | 'incident';
  title: string;
  cveIds?: string[];
  layers?: string[];
  embargoAt?: string | null;
  tlp?: 'CLEAR' | 'GREEN';
}
export interface CasePatch {
  title?: string;
  cveIds?: string[];
  layers?: string[];
  embargoAt?: string | null;
  state?: 'open' | 'monitoring' | 'closed';
}

/** Consortium spaces and coordination cases (src/spaces/routes.ts, src/cases/*-routes.ts). */
export const coordApi = {
  spaces: () => request<Items<Space>>('GET', '/spaces'),
  space: (spaceId: string) => request<Space>('GET', `/spaces/${enc(spaceId)}`),
  createSpace: (
    orgId: string,
    body: { name: string; description?: string; defaultTlp?: string; layers?: string[] },
  ) => request<Space>('POST', `/orgs/${enc(orgId)}/spaces`, body),
  patchSpace: (spaceId: string, body: { name?: string; defaultTlp?: string; layers?: string[] }) =>
    request<Space>('PATCH', `/spaces/${enc(spaceId)}`, body),
  spaceOrgs: (spaceId: string) => request<Items<SpaceOrg>>('GET', `/spaces/${enc(spaceId)}/orgs`),
  people: (spaceId: string) => request<Items<SpacePerson>>('GET', `/spaces/${enc(spaceId)}/people`),
  setRole: (spaceId: string, userId: string, role: SpaceRole) =>
    request<void>('PUT', `/spaces/${enc(spaceId)}/roles/${enc(userId)}`, { role }),
  removeOrg: (spaceId: string, orgId: string) =>
    request<void>('DELETE', `/spaces/${enc(spaceId)}/orgs/${enc(orgId)}`),
  leave: (orgId: string, spaceId: string) =>
    request<void>('POST', `/orgs/${enc(orgId)}/spaces/${enc(spaceId)}/leave`),

  invite: (spaceId: string, body: { orgHandle?: string; code?: boolean }) =>
    request<{ invitation: Invitation; code?: string }>('POST', `/spaces/${enc(spaceId)}/invitations`, body),
  spaceInvitations: (spaceId: string) =>
    request<Items<Invitation>>('GET', `/spaces/${enc(spaceId)}/invitations`),
  approveInvitation: (spaceId: string, id: string) =>
    request<Invitation>('POST', `/spaces/${enc(spaceId)}/invitations/${enc(id)}/approve`),
  revokeInvitation: (spaceId: string, id: string) =>
    request<Invitation>('DELETE', `/spaces/${enc(spaceId)}/invitations/${enc(id)}`),
  orgInvitations: (orgId: string) =>
    request<Items<Invitation>>('GET', `/orgs/${enc(orgId)}/space-invitations`),
  acceptInvitation: (orgId: string, id: string) =>
    request<Invitation>('POST', `/orgs/${enc(orgId)}/space-invitations/${enc(id)}/accept`),
  declineInvitation: (orgId: string, id: string) =>
    request<Invitation>('POST', `/orgs/${enc(orgId)}/space-invitations/${enc(id)}/decline`),
  redeem: (orgId: string, code: string) =>
    request<Invitation>('POST', `/orgs/${enc(orgId)}/space-invitations/redeem`, { code }),

  cases: (spaceId: string) => request<Items<Case>>('GET', `/spaces/${enc(spaceId)}/cases`),
  createCase: (spaceId: string, body: CaseInput) =>
    request<Case>('POST', `/spaces/${enc(spaceId)}/cases`, body),
  case: (caseId: string) => request<Case>('GET', `/cases/${enc(caseId)}`),
  patchCase: (caseId: string, body: CasePatch) => request<Case>('PATCH', `/cases/${enc(caseId)}`, body),
  unread: (spaceId: string) =>
    request<Items<{ caseId: string; unread: number }>>('GET', `/spaces/${enc(spaceId)}/unread`),
  markRead: (caseId: string, seq?: number) =>
    request<void>('PUT', `/cases/${enc(caseId)}/read`, seq === undefined ? {} : { seq }),

  posts: (caseId: string, afterSeq?: number) =>
    request<{ items: Post[]; nextAfterSeq: number | null }>(
      'GET',
      `/cases/${enc(caseId)}/posts${q({ limit: 200, afterSeq })}`,
    ),
  post: (postId: string) => request<Post>('GET', `/posts/${enc(postId)}`),
  createPost: (
    caseId: string,
    body: LabelChoice & As & { body: string; replyTo?: string; quote?: boolean },
  ) => request<Post>('POST', `/cases/${enc(caseId)}/posts`, body),
  editPost: (postId: string, body: { body: string }) => request<Post>('PATCH', `/posts/${enc(postId)}`, body),
  revisions: (postId: string) => request<Items<Revision>>('GET', `/posts/${enc(postId)}/revisions`),
  promote: (postId: string, body: PromoteInput & As) =>
    request<{ as: string }>('POST', `/posts/${enc(postId)}/promote`, body),

  attachments: (caseId: string) => request<Items<Attachment>>('GET', `/cases/${enc(caseId)}/attachments`),
  attach: (
    caseId: string,
    body: LabelChoice &
      As & { filename: string; contentType?: string; contentBase64: string; postId?: string },
  ) => request<Attachment>('POST', `/cases/${enc(caseId)}/attachments`, body),

  status: (caseId: string) => request<{ status: PinnedStatus | null }>('GET', `/cases/${enc(caseId)}/status`),
  statusHistory: (caseId: string) =>
    request<Items<PinnedStatus>>('GET', `/cases/${enc(caseId)}/status/history`),
  pinStatus: (caseId: string, body: LabelChoice & As & { body: string }) =>
    request<PinnedStatus>('PUT', `/cases/${enc(caseId)}/status`, body),

  matrix: (caseId: string) => request<MatrixView>('GET', `/cases/${enc(caseId)}/matrix`),
  writeMatrix: (caseId: string, body: MatrixInput) =>
    request<MatrixEntry>('PUT', `/cases/${enc(caseId)}/matrix`, body),
  matrixHistory: (entryId: string) => request<Items<MatrixChange>>('GET', `/matrix/${enc(entryId)}/history`),

  questions: (caseId: string) => request<Items<Question>>('GET', `/cases/${enc(caseId)}/questions`),
  question: (id: string) => request<Question>('GET', `/questions/${enc(id)}`),
  ask: (caseId: string, body: LabelChoice & As & { vendor: string; body: string }) =>
    request<Question>('POST', `/cases/${enc(caseId)}/questions`, body),
  setQuestionStatus: (id: string, status: string) =>
    request<Question>('PATCH', `/questions/${enc(id)}`, { status }),
  answer: (id: string, body: Partial<LabelChoice> & As & { body: string; sources?: string[] }) =>
    request<Answer>('POST', `/questions/${enc(id)}/answers`, body),
  vote: (id: string, asOrgId?: string) =>
    request<Question>('POST', `/questions/${enc(id)}/votes`, asOrgId ? { asOrgId } : {}),
  unvote: (id: string, asOrgId?: string) =>
    request<Question>('DELETE', `/questions/${enc(id)}/votes${q({ asOrgId })}`),

  notifications: (opts: { unread?: boolean; limit?: number; cursor?: string | null } = {}) =>
    request<NotificationPage>(
      'GET',
      `/me/notifications${q({ unread: opts.unread ? '1' : undefined, limit: opts.limit, cursor: opts.cursor })}`,
    ),
  unreadNotifications: () => request<{ unread: number }>('GET', '/me/notifications/unread-count'),
  /** Without ids: every notification. */
  readNotifications: (ids?: string[]) =>
    request<{ unread: number }>('POST', '/me/notifications/read', ids ? { ids } : {}),
  notificationSettings: () => request<NotificationSettings>('GET', '/me/notifications/settings'),
  saveNotificationSettings: (email: boolean) =>
    request<NotificationSettings>('PUT', '/me/notifications/settings', { email }),

  search: (text: string, spaceId?: string) =>
    request<Items<SearchHit>>('GET', `/search${q({ q: text, spaceId, limit: 20 })}`),

  previewImport: (text: string) => request<ImportPreview>('POST', '/imports/cve/preview', { text }),
  applyImport: (
    caseId: string,
    body: Partial<LabelChoice> & As & { text: string; addCveIds?: boolean; post?: boolean },
  ) => request<ImportApplied>('POST', `/cases/${enc(caseId)}/import`, body),

  requestRemark: (type: ItemType, id: string, body: LabelChoice & As & { reason?: string }) =>
    request<RemarkRequest>('POST', `/labels/${type}/${enc(id)}/remark-requests`, body),
  remarkRequests: (spaceId: string) =>
    request<Items<RemarkRequest>>('GET', `/spaces/${enc(spaceId)}/remark-requests`),
  decideRemark: (id: string, approve: boolean) =>
    request<RemarkRequest>('POST', `/remark-requests/${enc(id)}/${approve ? 'approve' : 'decline'}`),
};

/** A case export as the reader may see it, labelled with its strictest TLP. */
export const exportUrl = (caseId: string, format: 'markdown' | 'json') =>
  `/api/v1/cases/${enc(caseId)}/export?format=${format}`;

/** Where a file's bytes are downloaded (TLP-checked and audited by the server). */
export const attachmentUrl = (id: string) => `/api/v1/attachments/${enc(id)}/content`;
