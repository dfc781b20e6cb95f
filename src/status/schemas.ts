import { type Static, Type } from 'typebox';

// Statuses and impacts are plain strings here: the service checks them and says which values
// are allowed (clearer than a schema's "must be equal to one of the allowed values").

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
const PublicId = Type.String({ pattern: '^[a-z0-9]{1,40}$' });
const Str = Type.String();
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Status = Type.String({ maxLength: 40 });
const Body = Type.String({ minLength: 1, maxLength: 20_000 });
const Time = Type.String({ format: 'date-time' });
/** Component id → the status this update puts it in. */
const ComponentStatuses = Type.Record(Type.String({ maxLength: 40 }), Status, {
  description: 'component id → new status',
});

export const OrgParams = Type.Object({ orgId: Uuid }, strict);
export const ComponentParams = Type.Object({ orgId: Uuid, componentId: PublicId }, strict);
export const IncidentParams = Type.Object({ orgId: Uuid, incidentId: PublicId }, strict);
export const IncidentListQuery = Type.Object(
  { kind: Type.Optional(Type.Union([Type.Literal('incident'), Type.Literal('maintenance')])) },
  strict,
);
export const PreviewQuery = Type.Object(
  {
    incident: Type.Optional(PublicId),
    history: Type.Optional(Type.Boolean()),
    v: Type.Optional(Type.String({ maxLength: 100, description: 'cache buster, ignored' })),
  },
  strict,
);

export const PageInput = Type.Object(
  {
    slug: Type.String({ minLength: 2, maxLength: 50, description: 'lowercase letters, digits, hyphens' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    customHost: Type.Optional(Nullable(Type.String({ maxLength: 253 }))),
    published: Type.Optional(Type.Boolean()),
    timeZone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  strict,
);
export const Page = Type.Object({
  id: Str,
  slug: Str,
  name: Str,
  customHost: Nullable(Str),
  published: Type.Boolean(),
  timeZone: Str,
  publicUrl: Str,
  createdAt: Str,
  updatedAt: Str,
});

export const ComponentInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 2000 })),
    status: Type.Optional(Status),
    isGroup: Type.Optional(Type.Boolean()),
    groupId: Type.Optional(Nullable(PublicId)),
    position: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    showcase: Type.Optional(Type.Boolean()),
  },
  strict,
);
export const ComponentPatch = Type.Partial(ComponentInput, strict);
export const Component = Type.Object({
  id: Str,
  name: Str,
  description: Str,
  status: Str,
  isGroup: Type.Boolean(),
  groupId: Nullable(Str),
  position: Type.Integer(),
  showcase: Type.Boolean(),
  createdAt: Str,
  updatedAt: Str,
});

export const IncidentInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    status: Type.Optional(Status),
    impact: Type.Optional(Status),
    body: Body,
    components: Type.Optional(ComponentStatuses),
  },
  strict,
);
export const MaintenanceInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    body: Body,
    scheduledFor: Time,
    scheduledUntil: Time,
    componentIds: Type.Optional(Type.Array(PublicId, { maxItems: 200, uniqueItems: true })),
    autoTransition: Type.Optional(
      Type.Boolean({ description: 'start and complete on schedule (default true)' }),
    ),
  },
  strict,
);
export const UpdateInput = Type.Object(
  {
    status: Status,
    body: Body,
    components: Type.Optional(ComponentStatuses),
    reopen: Type.Optional(
      Type.Boolean({ description: 'needed to post a non-final status to a resolved/completed incident' }),
    ),
  },
  strict,
);
export const FromPostInput = Type.Object(
  {
    postId: Uuid,
    status: Status,
    components: Type.Optional(ComponentStatuses),
    reopen: Type.Optional(Type.Boolean()),
  },
  strict,
);
export const FromStatementInput = Type.Object(
  {
    matrixRowId: Uuid,
    status: Status,
    components: Type.Optional(ComponentStatuses),
    reopen: Type.Optional(Type.Boolean()),
  },
  strict,
);

const Affected = Type.Object({ code: Str, name: Str, old_status: Str, new_status: Str });
export const IncidentUpdate = Type.Object({
  id: Str,
  number: Type.Integer(),
  status: Str,
  body: Str,
  affectedComponents: Type.Array(Affected),
  createdAt: Str,
});
export const Incident = Type.Object({
  id: Str,
  kind: Str,
  name: Str,
  status: Str,
  impact: Str,
  componentIds: Type.Array(Str),
  scheduledFor: Nullable(Str),
  scheduledUntil: Nullable(Str),
  autoTransition: Type.Boolean(),
  createdAt: Str,
  updatedAt: Str,
  resolvedAt: Nullable(Str),
  publicUrl: Str,
  updates: Type.Array(IncidentUpdate),
});

export type PageInput = Static<typeof PageInput>;
export type Page = Static<typeof Page>;
export type ComponentInput = Static<typeof ComponentInput>;
export type ComponentPatch = Static<typeof ComponentPatch>;
export type Component = Static<typeof Component>;
export type IncidentInput = Static<typeof IncidentInput>;
export type MaintenanceInput = Static<typeof MaintenanceInput>;
export type UpdateInput = Static<typeof UpdateInput>;
export type FromPostInput = Static<typeof FromPostInput>;
export type FromStatementInput = Static<typeof FromStatementInput>;
export type Incident = Static<typeof Incident>;
export type IncidentUpdate = Static<typeof IncidentUpdate>;
