import { type Static, Type } from 'typebox';
import { SIGNED_IN } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import * as notifications from './notifications.ts';

const tags = ['notifications'];
const access = { access: SIGNED_IN };
const strict = { additionalProperties: false } as const;
const Str = Type.String();

const NotificationListQuery = Type.Object(
  {
    unread: Type.Optional(
      Type.Union(
        ['1', '0', 'true', 'false'].map((v) => Type.Literal(v)),
        {
          description: '1 or true: only unread ones',
        },
      ),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(Type.String({ maxLength: 512 })),
  },
  strict,
);

const Notification = Type.Object({
  id: Str,
  kind: Type.Union(
    [
      Type.Literal('case_created'),
      Type.Literal('mention_user'),
      Type.Literal('mention_org'),
      Type.Literal('matrix_changed'),
    ],
    {
      description:
        'What happened: a new case, a mention of you or of your organisation, a status matrix change',
    },
  ),
  read: Type.Boolean(),
  createdAt: Str,
  tlp: Type.String({ description: 'The label the title and preview are shown under' }),
  title: Str,
  preview: Str,
  space: Type.Object({ id: Str, name: Str }),
  case: Type.Object({ id: Str, title: Str }),
  item: Type.Object({
    type: Type.Union([Type.Literal('case'), Type.Literal('post'), Type.Literal('matrix_row')]),
    id: Str,
  }),
  actor: Type.Union([Type.Object({ name: Str }), Type.Null()]),
});
const NotificationPage = Type.Object({
  items: Type.Array(Notification),
  nextCursor: Type.Union([Str, Type.Null()]),
  unread: Type.Integer({ description: 'Unread notifications you may see, all pages' }),
});
const Unread = Type.Object({ unread: Type.Integer() });
const ReadInput = Type.Object(
  {
    ids: Type.Optional(
      Type.Array(Type.String({ format: 'uuid' }), {
        minItems: 1,
        maxItems: 500,
        description: 'Without ids: mark every notification read',
      }),
    ),
  },
  strict,
);
const SettingsInput = Type.Object(
  { email: Type.Boolean({ description: 'Email me coordination notifications' }) },
  strict,
);
const Settings = Type.Object({
  email: Type.Boolean(),
  emailAvailable: Type.Boolean({ description: 'Whether this platform can send email (SMTP configured)' }),
});

/** /me/notifications: the signed-in person's coordination notifications (API tokens have none). */
export function notificationRoutes(app: TypedApp, p: Platform) {
  app.get(
    '/me/notifications',
    {
      config: access,
      schema: {
        tags,
        summary: 'Your notifications (new cases, mentions, matrix changes), newest first',
        description:
          'Rendered through the TLP policy at read time: a notification about something you may no longer read is not listed and not counted. Live: `coordination.notification` events on /stream.',
        querystring: NotificationListQuery,
        response: { 200: NotificationPage },
      },
    },
    async (req) => {
      const q = req.query as Static<typeof NotificationListQuery>;
      return notifications.listNotifications(p, req.principal, {
        unread: q.unread === '1' || q.unread === 'true',
        ...(q.limit !== undefined ? { limit: q.limit } : {}),
        ...(q.cursor !== undefined ? { cursor: q.cursor } : {}),
      });
    },
  );
  app.get(
    '/me/notifications/unread-count',
    {
      config: access,
      schema: { tags, summary: 'How many unread notifications you may see', response: { 200: Unread } },
    },
    async (req) => notifications.unreadCount(p, req.principal),
  );
  app.post(
    '/me/notifications/read',
    {
      config: access,
      schema: {
        tags,
        summary: 'Mark notifications read (the given ids, or all)',
        body: ReadInput,
        response: { 200: Unread },
      },
    },
    async (req) => notifications.markNotificationsRead(p, req.principal, req.body.ids),
  );
  app.get(
    '/me/notifications/settings',
    { config: access, schema: { tags, summary: 'Your notification settings', response: { 200: Settings } } },
    async (req) => notifications.getSettings(p, req.principal),
  );
  app.put(
    '/me/notifications/settings',
    {
      config: access,
      schema: {
        tags,
        summary: 'Turn coordination emails on or off',
        body: SettingsInput,
        response: { 200: Settings },
      },
    },
    async (req) => notifications.saveSettings(p, req.principal, req.body),
  );
}
