import { type Static, Type } from 'typebox';
import {
  HEALTH_STATES,
  MAX_COMPONENT,
  MAX_DESCRIPTION,
  MAX_IDENTIFIER,
  MAX_NAME,
  MAX_REGION,
  REPORT_KINDS,
  REPORT_STATES,
  RESOURCE_KINDS,
} from './kinds.ts';

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
const When = Type.Union([Type.String(), Type.Null()]);
const NullableText = (maxLength: number) => Type.Union([Type.String({ maxLength }), Type.Null()]);

export const ResourceKind = Type.Enum(RESOURCE_KINDS);
export const HealthState = Type.Enum(HEALTH_STATES);
export const ReportKind = Type.Enum(REPORT_KINDS);
export const ReportState = Type.Enum(REPORT_STATES);

export const OrgParams = Type.Object({ orgId: Uuid }, strict);
export const CustomerParams = Type.Object({ orgId: Uuid, customerOrgId: Uuid }, strict);
export const ResourceParams = Type.Object({ orgId: Uuid, resourceId: Uuid }, strict);
export const ReportParams = Type.Object({ orgId: Uuid, reportId: Uuid }, strict);

export const CustomerInput = Type.Object(
  {
    handle: Type.String({ minLength: 1, maxLength: 40, description: 'Handle of the customer organisation' }),
  },
  strict,
);
export const Customer = Type.Object({
  orgId: Type.String(),
  handle: Type.String(),
  name: Type.String(),
  resourceCount: Type.Integer(),
  linkedAt: Type.String(),
});

export const ResourceInput = Type.Object(
  {
    kind: ResourceKind,
    identifier: Type.String({
      minLength: 1,
      maxLength: MAX_IDENTIFIER,
      description: 'Address, prefix (host bits zero), instance id, volume id or region name',
    }),
    name: Type.Optional(Type.String({ maxLength: MAX_NAME })),
    region: Type.Optional(NullableText(MAX_REGION)),
    componentId: Type.Optional(NullableText(MAX_COMPONENT)),
  },
  strict,
);
export type ResourceInput = Static<typeof ResourceInput>;

export const Resource = Type.Object({
  id: Type.String(),
  providerOrgId: Type.String(),
  customerOrgId: Type.String(),
  kind: ResourceKind,
  identifier: Type.String(),
  name: Type.String(),
  region: Type.Union([Type.String(), Type.Null()]),
  componentId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

export const ImportQuery = Type.Object(
  {
    partial: Type.Optional(
      Type.Union([Type.Literal('1'), Type.Literal('0'), Type.Literal('true'), Type.Literal('false')]),
    ),
  },
  strict,
);
export const ImportResult = Type.Object({
  imported: Type.Integer(),
  errors: Type.Array(Type.Object({ line: Type.Integer(), error: Type.String() })),
});

const Rate = { pps: Type.Number(), bps: Type.Number() };
/** An attack as a customer may see it: rates, vectors and times only. */
export const HealthAttack = Type.Object({
  id: Type.String(),
  target: Type.String(),
  classification: Type.String(),
  vectors: Type.Array(Type.String()),
  state: Type.Union([Type.Literal('active'), Type.Literal('ended')]),
  current: Type.Object(Rate),
  peak: Type.Object(Rate),
  mitigation: Type.Union([Type.String(), Type.Null()]),
  mitigationActive: Type.Boolean(),
  startedAt: Type.String(),
  updatedAt: Type.String(),
  endedAt: When,
  sentence: Type.String(),
  samples: Type.Optional(Type.Array(Type.Object({ at: Type.String(), ...Rate }))),
});

/** Customers see that an incident is open and what it touches; providers also see its summary. */
export const HealthIncident = Type.Object({
  id: Type.String(),
  status: Type.String(),
  touches: Type.String(),
  since: Type.String(),
  public: Type.Boolean({ description: 'From a published status page (its title is public)' }),
  summary: Type.Optional(Type.String()),
});

export const ResourceHealth = Type.Object({
  ...Resource.properties,
  providerName: Type.String(),
  health: HealthState,
  summary: Type.Union([Type.String(), Type.Null()]),
  attacks: Type.Array(HealthAttack),
  incidents: Type.Array(HealthIncident),
  openReports: Type.Integer(),
});
export const ResourceHealthList = Type.Object({ items: Type.Array(ResourceHealth) });

export const ReportInput = Type.Object(
  {
    resourceId: Uuid,
    kind: ReportKind,
    description: Type.String({ maxLength: MAX_DESCRIPTION }),
  },
  strict,
);
export type ReportInput = Static<typeof ReportInput>;

export const RespondInput = Type.Object(
  {
    message: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 })),
    state: Type.Optional(ReportState),
  },
  strict,
);
export type RespondInput = Static<typeof RespondInput>;

const ReportResponse = Type.Object({
  id: Type.String(),
  author: Type.String(),
  message: Type.String(),
  state: Type.Union([Type.String(), Type.Null()]),
  at: Type.String(),
});

export const Report = Type.Object({
  id: Type.String(),
  customerOrgId: Type.String(),
  customerName: Type.String(),
  resource: Type.Object({
    id: Type.String(),
    kind: Type.String(),
    identifier: Type.String(),
    name: Type.String(),
  }),
  kind: ReportKind,
  description: Type.String(),
  state: ReportState,
  paged: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  firstResponseAt: When,
  /** Seconds from the report to the first human response. */
  firstResponseSeconds: Type.Union([Type.Number(), Type.Null()]),
  resolvedAt: When,
  /** What the correlation found: the customer's own attacks, and (provider view) incidents. */
  evidence: Type.Object({
    attacks: Type.Array(HealthAttack),
    incidents: Type.Array(HealthIncident),
    agrees: Type.Boolean(),
  }),
  pagedReason: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  incidentId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  responses: Type.Array(ReportResponse),
});
export const ReportPage = Type.Object({
  items: Type.Array(Report),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export const ReportListQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  strict,
);

export const Settings = Type.Object(
  {
    alwaysPage: Type.Boolean({ description: 'Page on-call for every problem report, evidence or not' }),
    lookbackMinutes: Type.Integer({
      minimum: 1,
      maximum: 1440,
      description: 'How far back attacks count as evidence',
    }),
  },
  strict,
);
export type Settings = Static<typeof Settings>;
