import { enc, q, request } from './api.ts';
import type { Page } from './types.ts';
import type {
  Calendar,
  CalendarToken,
  Delivery,
  Incident,
  IncidentDetail,
  IncidentStatus,
  Integration,
  IntegrationWithKey,
  NotificationRule,
  NotificationRuleCreated,
  NotificationRuleInput,
  OnCallNow,
  Override,
  Policy,
  PolicyInput,
  RoutingRule,
  RoutingRuleInput,
  Schedule,
  ScheduleInput,
  Team,
  TeamInput,
} from './types-ops.ts';

const oc = (orgId: string) => `/orgs/${enc(orgId)}/oncall`;
const inc = (orgId: string) => `/orgs/${enc(orgId)}/incidents`;

/** On-call endpoints (src/oncall/routes-*.ts). */
export const oncallApi = {
  schedules: (orgId: string) => request<Page<Schedule>>('GET', `${oc(orgId)}/schedules${q({ limit: 200 })}`),
  schedule: (orgId: string, id: string) => request<Schedule>('GET', `${oc(orgId)}/schedules/${enc(id)}`),
  createSchedule: (orgId: string, body: ScheduleInput) =>
    request<Schedule>('POST', `${oc(orgId)}/schedules`, body),
  updateSchedule: (orgId: string, id: string, body: ScheduleInput) =>
    request<Schedule>('PUT', `${oc(orgId)}/schedules/${enc(id)}`, body),
  deleteSchedule: (orgId: string, id: string) => request<void>('DELETE', `${oc(orgId)}/schedules/${enc(id)}`),
  onCall: (orgId: string, id: string, at?: string) =>
    request<OnCallNow>('GET', `${oc(orgId)}/schedules/${enc(id)}/oncall${q({ at })}`),
  calendar: (orgId: string, id: string, from: string, to: string) =>
    request<Calendar>('GET', `${oc(orgId)}/schedules/${enc(id)}/calendar${q({ from, to })}`),
  icalPath: (orgId: string, id: string) => `/api/v1${oc(orgId)}/schedules/${enc(id)}/ical`,
  addOverride: (orgId: string, id: string, body: { userId: string; start: string; end: string }) =>
    request<Override>('POST', `${oc(orgId)}/schedules/${enc(id)}/overrides`, body),
  deleteOverride: (orgId: string, id: string, overrideId: string) =>
    request<void>('DELETE', `${oc(orgId)}/schedules/${enc(id)}/overrides/${enc(overrideId)}`),

  teams: (orgId: string) => request<Team[]>('GET', `${oc(orgId)}/teams`),
  createTeam: (orgId: string, body: TeamInput) => request<Team>('POST', `${oc(orgId)}/teams`, body),
  updateTeam: (orgId: string, id: string, body: TeamInput) =>
    request<Team>('PUT', `${oc(orgId)}/teams/${enc(id)}`, body),
  deleteTeam: (orgId: string, id: string) => request<void>('DELETE', `${oc(orgId)}/teams/${enc(id)}`),

  policies: (orgId: string) => request<Policy[]>('GET', `${oc(orgId)}/policies`),
  createPolicy: (orgId: string, body: PolicyInput) => request<Policy>('POST', `${oc(orgId)}/policies`, body),
  updatePolicy: (orgId: string, id: string, body: PolicyInput) =>
    request<Policy>('PUT', `${oc(orgId)}/policies/${enc(id)}`, body),
  deletePolicy: (orgId: string, id: string) => request<void>('DELETE', `${oc(orgId)}/policies/${enc(id)}`),

  rules: (orgId: string) => request<RoutingRule[]>('GET', `${oc(orgId)}/routing-rules`),
  createRule: (orgId: string, body: RoutingRuleInput) =>
    request<RoutingRule>('POST', `${oc(orgId)}/routing-rules`, body),
  updateRule: (orgId: string, id: string, body: RoutingRuleInput) =>
    request<RoutingRule>('PUT', `${oc(orgId)}/routing-rules/${enc(id)}`, body),
  deleteRule: (orgId: string, id: string) => request<void>('DELETE', `${oc(orgId)}/routing-rules/${enc(id)}`),

  integrations: (orgId: string) => request<Integration[]>('GET', `${oc(orgId)}/integrations`),
  createIntegration: (orgId: string, body: { name: string; kind: 'pagerduty' | 'alertmanager' }) =>
    request<IntegrationWithKey>('POST', `${oc(orgId)}/integrations`, body),
  rotateIntegration: (orgId: string, id: string) =>
    request<IntegrationWithKey>('POST', `${oc(orgId)}/integrations/${enc(id)}/rotate`),
  revokeIntegration: (orgId: string, id: string) =>
    request<void>('DELETE', `${oc(orgId)}/integrations/${enc(id)}`),

  incidents: (
    orgId: string,
    o: { status?: IncidentStatus[]; mine?: boolean; cursor?: string | null; limit?: number } = {},
  ) =>
    request<Page<Incident>>(
      'GET',
      `${inc(orgId)}${q({
        status: o.status?.length ? o.status.join(',') : undefined,
        mine: o.mine ? 'true' : undefined,
        limit: o.limit ?? 50,
        cursor: o.cursor,
      })}`,
    ),
  incident: (orgId: string, id: string) => request<IncidentDetail>('GET', `${inc(orgId)}/${enc(id)}`),
  incidentAction: (orgId: string, id: string, action: 'acknowledge' | 'resolve' | 'escalate') =>
    request<Incident>('POST', `${inc(orgId)}/${enc(id)}/${action}`),
  reassign: (orgId: string, id: string, body: { userIds: string[] } | { policyId: string }) =>
    request<Incident>('POST', `${inc(orgId)}/${enc(id)}/reassign`, body),

  deliveries: (orgId: string, cursor?: string | null) =>
    request<Page<Delivery>>('GET', `${oc(orgId)}/deliveries${q({ limit: 50, cursor })}`),

  notificationRules: () => request<NotificationRule[]>('GET', '/me/notification-rules'),
  createNotificationRule: (body: NotificationRuleInput) =>
    request<NotificationRuleCreated>('POST', '/me/notification-rules', body),
  deleteNotificationRule: (id: string) => request<void>('DELETE', `/me/notification-rules/${enc(id)}`),
  calendarToken: () => request<CalendarToken>('POST', '/me/calendar-token'),
};
