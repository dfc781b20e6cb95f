import { enc, request } from './api.ts';

/** Shapes of the status admin API (src/status/schemas.ts). */
export interface StatusPage {
  id: string;
  slug: string;
  name: string;
  customHost: string | null;
  published: boolean;
  timeZone: string;
  publicUrl: string;
  createdAt: string;
  updatedAt: string;
}
export interface StatusPageInput {
  slug: string;
  name: string;
  customHost?: string | null;
  published?: boolean;
  timeZone?: string;
}
export interface StatusComponent {
  id: string;
  name: string;
  description: string;
  status: string;
  isGroup: boolean;
  groupId: string | null;
  position: number;
  showcase: boolean;
  createdAt: string;
  updatedAt: string;
}
export interface ComponentInput {
  name?: string;
  description?: string;
  status?: string;
  isGroup?: boolean;
  groupId?: string | null;
  position?: number;
}
export interface AffectedComponent {
  code: string;
  name: string;
  old_status: string;
  new_status: string;
}
export interface StatusUpdate {
  id: string;
  number: number;
  status: string;
  body: string;
  affectedComponents: AffectedComponent[];
  createdAt: string;
}
export interface StatusIncident {
  id: string;
  kind: 'incident' | 'maintenance';
  name: string;
  status: string;
  impact: string;
  componentIds: string[];
  scheduledFor: string | null;
  scheduledUntil: string | null;
  autoTransition: boolean;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  publicUrl: string;
  updates: StatusUpdate[];
}
export interface UpdateInput {
  status: string;
  body: string;
  components?: Record<string, string>;
  reopen?: boolean;
}

export const COMPONENT_STATUSES = [
  'operational',
  'degraded_performance',
  'partial_outage',
  'major_outage',
  'under_maintenance',
] as const;
export const INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
  'postmortem',
] as const;
export const MAINTENANCE_STATUSES = ['scheduled', 'in_progress', 'verifying', 'completed'] as const;
export const IMPACTS = ['none', 'minor', 'major', 'critical'] as const;

/** "degraded_performance" → "Degraded performance". */
export const human = (s: string) => {
  const w = s.replace(/_/g, ' ');
  return w.charAt(0).toUpperCase() + w.slice(1);
};

const base = (orgId: string) => `/orgs/${enc(orgId)}/status`;

export const statusApi = {
  page: (orgId: string) => request<StatusPage>('GET', `${base(orgId)}/page`),
  savePage: (orgId: string, body: StatusPageInput) => request<StatusPage>('PUT', `${base(orgId)}/page`, body),
  previewUrl: (orgId: string, incidentId?: string) =>
    `/api/v1${base(orgId)}/preview${incidentId ? `?incident=${enc(incidentId)}` : ''}`,
  components: (orgId: string) => request<{ items: StatusComponent[] }>('GET', `${base(orgId)}/components`),
  createComponent: (orgId: string, body: ComponentInput) =>
    request<StatusComponent>('POST', `${base(orgId)}/components`, body),
  patchComponent: (orgId: string, id: string, body: ComponentInput) =>
    request<StatusComponent>('PATCH', `${base(orgId)}/components/${enc(id)}`, body),
  deleteComponent: (orgId: string, id: string) =>
    request<void>('DELETE', `${base(orgId)}/components/${enc(id)}`),
  incidents: (orgId: string, kind: 'incident' | 'maintenance') =>
    request<{ items: StatusIncident[] }>('GET', `${base(orgId)}/incidents?kind=${kind}`),
  incident: (orgId: string, id: string) =>
    request<StatusIncident>('GET', `${base(orgId)}/incidents/${enc(id)}`),
  createIncident: (
    orgId: string,
    body: {
      name: string;
      body: string;
      status?: string;
      impact?: string;
      components?: Record<string, string>;
    },
  ) => request<StatusIncident>('POST', `${base(orgId)}/incidents`, body),
  createMaintenance: (
    orgId: string,
    body: {
      name: string;
      body: string;
      scheduledFor: string;
      scheduledUntil: string;
      componentIds: string[];
      autoTransition: boolean;
    },
  ) => request<StatusIncident>('POST', `${base(orgId)}/maintenances`, body),
  postUpdate: (orgId: string, id: string, body: UpdateInput) =>
    request<StatusIncident>('POST', `${base(orgId)}/incidents/${enc(id)}/updates`, body),
};
