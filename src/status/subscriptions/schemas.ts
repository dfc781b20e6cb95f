import { type Static, Type } from 'typebox';

const strict = { additionalProperties: false } as const;
const Str = Type.String();
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const ComponentIds = Type.Array(Type.String({ pattern: '^[a-z0-9]{1,40}$' }), {
  maxItems: 500,
  description: 'only incidents touching these components (omit or null: every component)',
});

export const SubscriberParams = Type.Object(
  { orgId: Type.String({ format: 'uuid' }), subscriberId: Type.String({ format: 'uuid' }) },
  strict,
);

export const SubscriberInput = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('email'),
      email: Type.String({ minLength: 1, maxLength: 320 }),
      componentIds: Type.Optional(Nullable(ComponentIds)),
    },
    strict,
  ),
  Type.Object(
    {
      kind: Type.Literal('webhook'),
      url: Type.String({ minLength: 8, maxLength: 2000 }),
      componentIds: Type.Optional(Nullable(ComponentIds)),
    },
    strict,
  ),
]);

export const Subscriber = Type.Object({
  id: Str,
  kind: Str,
  /** The email address or the webhook URL. */
  address: Str,
  componentIds: Nullable(Type.Array(Str)),
  state: Str,
  createdAt: Str,
  confirmedAt: Nullable(Str),
});

export const SubscriberCreated = Type.Object({
  subscriber: Nullable(Subscriber),
  /** Webhooks: the HMAC-SHA256 signing secret, shown this once. */
  secret: Nullable(Str),
  message: Str,
});

const Count = Type.Object({ pending: Type.Integer(), confirmed: Type.Integer() });
export const SubscriberList = Type.Object({
  counts: Type.Object({ email: Count, webhook: Count, total: Type.Integer() }),
  items: Type.Array(Subscriber),
});

export const Delivery = Type.Object({
  id: Str,
  channel: Str,
  status: Str,
  attempts: Type.Integer(),
  lastError: Nullable(Str),
  createdAt: Str,
  deliveredAt: Nullable(Str),
});

export type SubscriberInput = Static<typeof SubscriberInput>;
export type Subscriber = Static<typeof Subscriber>;
