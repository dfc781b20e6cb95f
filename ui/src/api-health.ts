import { enc, q, request } from './api.ts';
import type { Page } from './types.ts';

/** Tenant resource health endpoints (src/health/routes-*.ts). */

export type ResourceKind = 'address' | 'prefix' | 'instance' | 'volume' | 'region';
export type Health = 'available' | 'degraded' | 'unavailable' | 'unknown';
export type ReportKind = 'slow' | 'unreachable' | 'packet_loss' | 'errors' | 'other';
export type ReportState = 'received' | 'investigating' | 'confirmed' | 'resolved';

export const RESOURCE_KINDS: ResourceKind[] = ['address', 'prefix', 'instance', 'volume', 'region'];
export const REPORT_KINDS: Record<ReportKind, string> = {
  slow: 'Slow (high latency, low throughput, iowait)',
  unreachable: 'Unreachable',
  packet_loss: 'Packet loss',
  errors: 'Errors or timeouts',
  other: 'Something else',
};
export const REPORT_STATES: ReportState[] = ['received', 'investigating', 'confirmed', 'resolved'];

export interface Customer {
  orgId: string;
  handle: string;
  name: string;
  resourceCount: number;
  linkedAt: string;
}

export interface Resource {
  id: string;
  providerOrgId: string;
  customerOrgId: string;
  kind: ResourceKind;
  identifier: string;
  name: string;
  region: string | null;
  componentId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface ResourceInput {
  kind: ResourceKind;
  identifier: string;
  name?: string;
  region?: string | null;
  componentId?: string | null;
}

export interface HealthSample {
  at: string;
  pps: number;
  bps: number;
}

export interface HealthAttack {
  id: string;
  target: string;
  classification: string;
  vectors: string[];
  state: 'active' | 'ended';
  current: { pps: number; bps: number };
  peak: { pps: number; bps: number };
  mitigation: string | null;
  mitigationActive: boolean;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
  sentence: string;
  samples?: HealthSample[];
}

export interface HealthIncident {
  id: string;
  status: string;
  touches: string;
  since: string;
  summary?: string;
}

export interface ResourceHealth extends Resource {
  providerName: string;
  health: Health;
  summary: string | null;
  attacks: HealthAttack[];
  incidents: HealthIncident[];
  openReports: number;
}

export interface Report {
  id: string;
  customerOrgId: string;
  customerName: string;
  resource: { id: string; kind: string; identifier: string; name: string };
  kind: ReportKind;
  description: string;
  state: ReportState;
  paged: boolean;
  createdAt: string;
  updatedAt: string;
  firstResponseAt: string | null;
  firstResponseSeconds: number | null;
  resolvedAt: string | null;
  evidence: { attacks: HealthAttack[]; incidents: HealthIncident[]; agrees: boolean };
  pagedReason?: string | null;
  incidentId?: string | null;
  responses: Array<{ id: string; author: string; message: string; state: string | null; at: string }>;
}

export interface ImportResult {
  imported: number;
  errors: Array<{ line: number; error: string }>;
}

export interface HealthSettings {
  alwaysPage: boolean;
  lookbackMinutes: number;
}

const org = (orgId: string) => `/orgs/${enc(orgId)}`;

export const healthApi = {
  // Customer side: the org is the customer.
  myResources: (orgId: string) =>
    request<{ items: ResourceHealth[] }>('GET', `${org(orgId)}/health/resources`),
  myResource: (orgId: string, id: string) =>
    request<ResourceHealth>('GET', `${org(orgId)}/health/resources/${enc(id)}`),
  myReports: (orgId: string, cursor?: string | null) =>
    request<Page<Report>>('GET', `${org(orgId)}/health/reports${q({ cursor, limit: 50 })}`),
  report: (orgId: string, body: { resourceId: string; kind: ReportKind; description: string }) =>
    request<Report>('POST', `${org(orgId)}/health/reports`, body),

  // Provider side: the org is the provider.
  customers: (orgId: string) => request<{ items: Customer[] }>('GET', `${org(orgId)}/customers`),
  linkCustomer: (orgId: string, handle: string) =>
    request<Customer>('POST', `${org(orgId)}/customers`, { handle }),
  unlinkCustomer: (orgId: string, customerOrgId: string) =>
    request<void>('DELETE', `${org(orgId)}/customers/${enc(customerOrgId)}`),
  customerHealth: (orgId: string, customerOrgId: string) =>
    request<{ items: ResourceHealth[] }>('GET', `${org(orgId)}/customers/${enc(customerOrgId)}/health`),
  addResource: (orgId: string, customerOrgId: string, body: ResourceInput) =>
    request<Resource>('POST', `${org(orgId)}/customers/${enc(customerOrgId)}/resources`, body),
  removeResource: (orgId: string, resourceId: string) =>
    request<void>('DELETE', `${org(orgId)}/resources/${enc(resourceId)}`),
  /** The CSV goes as a JSON string (the endpoint also takes text/csv). */
  importCsv: (orgId: string, customerOrgId: string, csv: string, partial: boolean) =>
    request<ImportResult>(
      'POST',
      `${org(orgId)}/customers/${enc(customerOrgId)}/resources/import${partial ? '?partial=1' : ''}`,
      csv,
    ),
  queue: (orgId: string, cursor?: string | null) =>
    request<Page<Report>>('GET', `${org(orgId)}/customer-reports${q({ cursor, limit: 50 })}`),
  respond: (orgId: string, reportId: string, body: { message?: string; state?: ReportState }) =>
    request<Report>('POST', `${org(orgId)}/customer-reports/${enc(reportId)}/respond`, body),
  settings: (orgId: string) => request<HealthSettings>('GET', `${org(orgId)}/customer-health/settings`),
  putSettings: (orgId: string, body: HealthSettings) =>
    request<HealthSettings>('PUT', `${org(orgId)}/customer-health/settings`, body),
};
