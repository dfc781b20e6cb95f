import { Type } from 'typebox';
import { PUBLIC, SIGNED_IN } from '../platform/auth/access.ts';
import { AppError } from '../platform/http/errors.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { actorIds, type Principal } from '../policy/index.ts';
import {
  calendarUser,
  issueCalendarToken,
  revokeCalendarToken,
  scheduleCalendarByToken,
  userCalendar,
} from './calendar-feeds.ts';
import {
  NotificationRule,
  NotificationRuleCreated,
  NotificationRuleInput,
  RuleIdParams,
} from './incident-schemas.ts';
import * as rules from './notification-rules.ts';

const tags = ['on-call'];
const me = (p: Principal) => {
  const id = actorIds(p).userId;
  if (!id || p.kind !== 'user')
    throw new AppError('forbidden', 'Notification rules and calendars belong to people: sign in.');
  return id;
};

export function meRoutes(app: TypedApp, p: Platform, allowAddresses: readonly string[]) {
  const base = '/me/notification-rules';
  app.get(
    base,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: 'How you are notified when paged',
        response: { 200: Type.Array(NotificationRule) },
      },
    },
    async (req) => rules.listRules(p, me(req.principal)),
  );
  app.post(
    base,
    {
      config: { access: SIGNED_IN },
      schema: { tags, body: NotificationRuleInput, response: { 201: NotificationRuleCreated } },
    },
    async (req, reply) => {
      reply.status(201);
      return rules.createRule(p, me(req.principal), req.body, allowAddresses);
    },
  );
  app.put(
    `${base}/:ruleId`,
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        params: RuleIdParams,
        body: NotificationRuleInput,
        response: { 200: NotificationRule },
      },
    },
    async (req) => rules.updateRule(p, me(req.principal), req.params.ruleId, req.body, allowAddresses),
  );
  app.delete(
    `${base}/:ruleId`,
    { config: { access: SIGNED_IN }, schema: { tags, params: RuleIdParams } },
    async (req, reply) => {
      await rules.deleteRule(p, me(req.principal), req.params.ruleId);
      reply.status(204);
    },
  );

  app.post(
    '/me/calendar-token',
    {
      config: { access: SIGNED_IN },
      schema: {
        tags,
        summary: 'Create or replace your calendar subscription secret (shown once)',
        response: {
          201: Type.Object({
            token: Type.String(),
            feedPath: Type.String(),
            schedulePathTemplate: Type.String(),
          }),
        },
      },
    },
    async (req, reply) => {
      const token = await issueCalendarToken(p, me(req.principal));
      reply.status(201);
      return {
        token,
        feedPath: `/api/v1/oncall/calendar/${token}/me.ics`,
        schedulePathTemplate: `/api/v1/oncall/calendar/${token}/schedules/{scheduleId}.ics`,
      };
    },
  );
  app.delete(
    '/me/calendar-token',
    { config: { access: SIGNED_IN }, schema: { tags } },
    async (req, reply) => {
      await revokeCalendarToken(p, me(req.principal));
      reply.status(204);
    },
  );

  // Calendar apps cannot sign in: the secret in the URL is the credential (hashed at rest).
  const Token = Type.String({ minLength: 1, maxLength: 100 });
  const limit = { rateLimit: { max: 120, timeWindow: '1 minute' } };
  app.get(
    '/oncall/calendar/:token/me.ics',
    { config: { access: PUBLIC, ...limit }, schema: { tags, params: Type.Object({ token: Token }) } },
    async (req, reply) => {
      const userId = await calendarUser(p, req.params.token);
      reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300');
      return userCalendar(p, userId);
    },
  );
  app.get(
    '/oncall/calendar/:token/schedules/:file',
    {
      config: { access: PUBLIC, ...limit },
      schema: {
        tags,
        params: Type.Object({ token: Token, file: Type.String({ pattern: '^[0-9a-f-]{36}\\.ics$' }) }),
      },
    },
    async (req, reply) => {
      const text = await scheduleCalendarByToken(p, req.params.token, req.params.file.slice(0, 36));
      reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300');
      return text;
    },
  );
}
