/**
 * Tenant resource health: providers map customer orgs to their resources; customers see those
 * resources' health, the attacks and incidents touching them, and report problems that page
 * on-call when the telemetry agrees.
 */
import type { FastifyInstance } from 'fastify';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { type HealthRunner, startHealthProjection } from './projection.ts';
import { incidentLabels, statusIncident } from './readers.ts';
import { customerRoutes } from './routes-customer.ts';
import { providerRoutes } from './routes-provider.ts';

export { HEALTH_EVENT_TYPES } from './events.ts';
export type { HealthRunner };

export const healthModule = (p: Platform) => async (fastify: FastifyInstance) => {
  const app = fastify as TypedApp;
  providerRoutes(app, p);
  customerRoutes(app, p);
};

/** The `work` role's part: follows attack, mitigation and incident events. */
export const startHealth = (p: Platform): HealthRunner =>
  startHealthProjection(p, { labelsOf: incidentLabels, statusIncident });
