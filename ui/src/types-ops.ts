/**
 * API shapes of detection, mitigation and on-call, taken from the server's schemas with
 * type-only imports (nothing of the server is bundled).
 */
import type { Static } from 'typebox';
import type {
  Attack as AttackSchema,
  AttackWithSamples as AttackWithSamplesSchema,
  Collector as CollectorSchema,
  SampleFlow as SampleFlowSchema,
} from '../../src/detection/schemas.ts';
import type {
  MitigationEvent as MitigationEventSchema,
  Mitigation as MitigationSchema,
  MitigationWithEvents as MitigationWithEventsSchema,
} from '../../src/mitigation/schemas.ts';
import type {
  DriverSettings as DriverSettingsType,
  SettingsInput as SettingsInputType,
  SettingsView as SettingsViewType,
} from '../../src/mitigation/settings-schema.ts';
import type {
  Alert as AlertSchema,
  Delivery as DeliverySchema,
  IncidentDetail as IncidentDetailSchema,
  Incident as IncidentSchema,
  NotificationRuleCreated as NotificationRuleCreatedSchema,
  NotificationRuleInput as NotificationRuleInputSchema,
  NotificationRule as NotificationRuleSchema,
  TimelineEntry as TimelineEntrySchema,
} from '../../src/oncall/incident-schemas.ts';
import type {
  Calendar as CalendarSchema,
  Integration as IntegrationSchema,
  IntegrationWithKey as IntegrationWithKeySchema,
  LayerInput as LayerInputSchema,
  OnCallNow as OnCallNowSchema,
  Override as OverrideSchema,
  Person as PersonSchema,
  PolicyInput as PolicyInputSchema,
  Policy as PolicySchema,
  RuleInput as RoutingRuleInputSchema,
  Rule as RoutingRuleSchema,
  ScheduleInput as ScheduleInputSchema,
  Schedule as ScheduleSchema,
  Span as SpanSchema,
  Target as TargetSchema,
  TeamInput as TeamInputSchema,
  Team as TeamSchema,
} from '../../src/oncall/schemas.ts';

export type Attack = Static<typeof AttackSchema>;
export type AttackWithSamples = Static<typeof AttackWithSamplesSchema>;
export type SampleFlow = Static<typeof SampleFlowSchema>;
export type Collector = Static<typeof CollectorSchema>;

export type Mitigation = Static<typeof MitigationSchema>;
export type MitigationEvent = Static<typeof MitigationEventSchema>;
export type MitigationWithEvents = Static<typeof MitigationWithEventsSchema>;
export type MitigationRule = Mitigation['rules'][number];
export type MitigationState = Mitigation['state'];
export type MitigationSettings = SettingsViewType;
export type MitigationSettingsInput = SettingsInputType;
export type DriverSettings = DriverSettingsType;

export type Schedule = Static<typeof ScheduleSchema>;
export type ScheduleInput = Static<typeof ScheduleInputSchema>;
export type Layer = Static<typeof LayerInputSchema>;
export type Override = Static<typeof OverrideSchema>;
export type OnCallNow = Static<typeof OnCallNowSchema>;
export type Calendar = Static<typeof CalendarSchema>;
export type Span = Static<typeof SpanSchema>;
export type Person = Static<typeof PersonSchema>;
export type Policy = Static<typeof PolicySchema>;
export type PolicyInput = Static<typeof PolicyInputSchema>;
export type Target = Static<typeof TargetSchema>;
export type Team = Static<typeof TeamSchema>;
export type TeamInput = Static<typeof TeamInputSchema>;
export type RoutingRule = Static<typeof RoutingRuleSchema>;
export type RoutingRuleInput = Static<typeof RoutingRuleInputSchema>;
export type Integration = Static<typeof IntegrationSchema>;
export type IntegrationWithKey = Static<typeof IntegrationWithKeySchema>;

export type Incident = Static<typeof IncidentSchema>;
export type IncidentStatus = Incident['status'];
export type IncidentDetail = Static<typeof IncidentDetailSchema>;
export type TimelineEntry = Static<typeof TimelineEntrySchema>;
export type Alert = Static<typeof AlertSchema>;
export type Delivery = Static<typeof DeliverySchema>;
export type NotificationRule = Static<typeof NotificationRuleSchema>;
export type NotificationRuleInput = Static<typeof NotificationRuleInputSchema>;
export type NotificationRuleCreated = Static<typeof NotificationRuleCreatedSchema>;

/** GET /calendar-token answer. */
export interface CalendarToken {
  token: string;
  feedPath: string;
  schedulePathTemplate: string;
}
