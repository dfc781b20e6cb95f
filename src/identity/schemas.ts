import { type Static, Type } from 'typebox';

const strict = { additionalProperties: false } as const;

export const Role = Type.Union([
  Type.Literal('owner'),
  Type.Literal('admin'),
  Type.Literal('responder'),
  Type.Literal('viewer'),
]);
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 10, maxLength: 200, description: 'At least 10 characters' });
export const PersonName = Type.String({ minLength: 1, maxLength: 200 });
export const Handle = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$',
  description: 'lowercase, 3–40 chars',
});
export const Uuid = Type.String({ format: 'uuid' });

export const OrgParams = Type.Object({ orgId: Uuid }, strict);
export const MemberParams = Type.Object({ orgId: Uuid, userId: Uuid }, strict);
export const TokenParams = Type.Object({ orgId: Uuid, tokenId: Uuid }, strict);

export const OrgInput = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 200 }), handle: Handle },
  strict,
);
export const OrgPatch = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) }, strict);
export const SetupInput = Type.Object(
  { org: OrgInput, owner: Type.Object({ name: PersonName, email: Email, password: Password }, strict) },
  strict,
);
export const LoginInput = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) },
  strict,
);
export const PasswordChange = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 200 }), newPassword: Password },
  strict,
);
export const MemberInput = Type.Object({ email: Email, name: Type.Optional(PersonName), role: Role }, strict);
export const MemberPatch = Type.Object({ role: Role }, strict);
export const TokenInput = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: Role,
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  strict,
);

export const Org = Type.Object({
  id: Type.String(),
  handle: Type.String(),
  name: Type.String(),
  kind: Type.Union([Type.Literal('provider'), Type.Literal('customer')]),
  createdAt: Type.String(),
});
export const OrgWithRole = Type.Object({ ...Org.properties, role: Role });
export const Session = Type.Object({
  user: Type.Object({ id: Type.String(), email: Type.String(), name: Type.String() }),
  orgs: Type.Array(OrgWithRole),
  csrfToken: Type.String(),
});
export const Member = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: Role,
  joinedAt: Type.String(),
});
export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: Role,
  prefix: Type.String(),
  createdAt: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
  expiresAt: Type.Union([Type.String(), Type.Null()]),
  revokedAt: Type.Union([Type.String(), Type.Null()]),
});
export const AuditEntry = Type.Object({
  id: Type.Number(),
  at: Type.String(),
  action: Type.String(),
  actor: Type.Union([
    Type.Object({ userId: Type.String(), email: Type.String(), name: Type.String() }),
    Type.Null(),
  ]),
  tokenId: Type.Union([Type.String(), Type.Null()]),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export type Org = Static<typeof Org>;
export type OrgWithRole = Static<typeof OrgWithRole>;
export type Session = Static<typeof Session>;
export type Member = Static<typeof Member>;
export type ApiToken = Static<typeof ApiToken>;
export type AuditEntry = Static<typeof AuditEntry>;
