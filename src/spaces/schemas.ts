import { type Static, Type } from 'typebox';

const strict = { additionalProperties: false } as const;

export const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SpaceRoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('member'),
  Type.Literal('observer'),
]);
/** Labels are checked by the policy module (exact spelling, clear 400), so they are plain strings here. */
export const DefaultTlp = Type.String({
  description: 'Default label of new items: CLEAR, GREEN, AMBER or AMBER+STRICT',
  maxLength: 20,
});
export const Layer = Type.String({ minLength: 1, maxLength: 80 });

export const SpaceParams = Type.Object({ spaceId: Uuid }, strict);
export const OrgSpaceParams = Type.Object({ orgId: Uuid, spaceId: Uuid }, strict);
export const SpaceOrgParams = Type.Object({ spaceId: Uuid, memberOrgId: Uuid }, strict);
export const SpaceUserParams = Type.Object({ spaceId: Uuid, userId: Uuid }, strict);
export const InvitationParams = Type.Object({ spaceId: Uuid, invitationId: Uuid }, strict);
export const OrgInvitationParams = Type.Object({ orgId: Uuid, invitationId: Uuid }, strict);
export const OrgParams = Type.Object({ orgId: Uuid }, strict);

export const SpaceInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    defaultTlp: Type.Optional(DefaultTlp),
    layers: Type.Optional(Type.Array(Layer, { maxItems: 50, uniqueItems: true })),
  },
  strict,
);
export const SpacePatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    description: Type.Optional(Type.String({ maxLength: 4000 })),
    defaultTlp: Type.Optional(DefaultTlp),
    layers: Type.Optional(Type.Array(Layer, { maxItems: 50, uniqueItems: true })),
  },
  strict,
);
export const RoleInput = Type.Object({ role: SpaceRoleSchema }, strict);
export const InvitationInput = Type.Object(
  {
    orgHandle: Type.Optional(Type.String({ minLength: 3, maxLength: 40 })),
    code: Type.Optional(Type.Boolean({ description: 'true: an invitation code any org admin can redeem' })),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
  },
  strict,
);
export const RedeemInput = Type.Object({ code: Type.String({ minLength: 8, maxLength: 100 }) }, strict);

const OrgRef = Type.Object({ id: Type.String(), handle: Type.String(), name: Type.String() });

export const Space = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  defaultTlp: Type.String(),
  layers: Type.Array(Type.String()),
  foundingOrg: OrgRef,
  createdAt: Type.String(),
  /** Your role in the space. */
  role: SpaceRoleSchema,
});
export const SpaceOrg = Type.Object({
  org: OrgRef,
  status: Type.Union([Type.Literal('active'), Type.Literal('left'), Type.Literal('removed')]),
  joinedAt: Type.String(),
  endedAt: Nullable(Type.String()),
});
export const SpacePerson = Type.Object({
  userId: Type.String(),
  name: Type.String(),
  /** How to mention them: `@mention`. */
  mention: Type.String(),
  org: OrgRef,
  role: SpaceRoleSchema,
});
export const Invitation = Type.Object({
  id: Type.String(),
  spaceId: Type.String(),
  spaceName: Type.String(),
  invitingOrg: OrgRef,
  org: Nullable(OrgRef),
  byCode: Type.Boolean(),
  status: Type.String(),
  inviterApproved: Type.Boolean(),
  inviteeApproved: Type.Boolean(),
  expiresAt: Type.String(),
  createdAt: Type.String(),
});
export const CreatedInvitation = Type.Object({
  invitation: Invitation,
  code: Type.Optional(Type.String({ description: 'Shown only once' })),
});

export type Space = Static<typeof Space>;
export type SpaceOrg = Static<typeof SpaceOrg>;
export type SpacePerson = Static<typeof SpacePerson>;
export type Invitation = Static<typeof Invitation>;
export type SpaceInput = Static<typeof SpaceInput>;
export type SpacePatch = Static<typeof SpacePatch>;
