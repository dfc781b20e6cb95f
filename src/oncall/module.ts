import type { FastifyInstance } from 'fastify';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { configRoutes } from './routes-config.ts';
import { incidentRoutes } from './routes-incidents.ts';
import { type IntakeOptions, intakeRoutes } from './routes-intake.ts';
import { meRoutes } from './routes-me.ts';
import { scheduleRoutes } from './routes-schedules.ts';
import { teamRoutes } from './routes-teams.ts';

export interface OncallModuleOptions extends Partial<IntakeOptions> {
  /** Private addresses webhook rules may target (tests: ['127.0.0.1']); the delivery worker checks again. */
  allowWebhookAddresses?: readonly string[];
}

/**
 * On-call REST API under /api/v1: schedules, overrides, teams, policies, routing rules, integration
 * keys, incidents and their actions, personal notification rules and calendar feeds, and the
 * PagerDuty / Alertmanager intake endpoints.
 */
export const oncallModule =
  (p: Platform, o: OncallModuleOptions = {}) =>
  async (app: FastifyInstance) => {
    const typed = app as TypedApp;
    scheduleRoutes(typed, p);
    configRoutes(typed, p);
    teamRoutes(typed, p);
    incidentRoutes(typed, p);
    meRoutes(typed, p, o.allowWebhookAddresses ?? p.config.webhookAllowAddresses);
    await app.register(
      intakeRoutes(p, {
        rateLimitPerMinute: o.rateLimitPerMinute ?? 1200,
        bodyLimit: o.bodyLimit ?? 512 * 1024,
      }),
    );
  };
