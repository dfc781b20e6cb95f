import { Type } from 'typebox';
import { orgRole } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import * as integrations from './integrations.ts';
import * as policies from './policies.ts';
import { presentPolicy } from './presenters.ts';
import * as routing from './routing.ts';
import {
  Integration,
  IntegrationInput,
  IntegrationParams,
  IntegrationWithKey,
  OrgParams,
  Policy,
  PolicyInput,
  PolicyParams,
  Rule,
  RuleInput,
  RuleParams,
} from './schemas.ts';

const tags = ['on-call'];

export function configRoutes(app: TypedApp, p: Platform) {
  const pol = '/orgs/:orgId/oncall/policies';
  app.get(
    pol,
    {
      config: { access: orgRole('viewer') },
      schema: { tags, params: OrgParams, response: { 200: Type.Array(Policy) } },
    },
    async (req) => policies.listPolicies(p, req.params.orgId),
  );
  app.post(
    pol,
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Create an escalation policy',
        params: OrgParams,
        body: PolicyInput,
        response: { 201: Policy },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return policies.createPolicy(p, req.principal, req.params.orgId, req.body);
    },
  );
  app.get(
    `${pol}/:policyId`,
    {
      config: { access: orgRole('viewer') },
      schema: { tags, params: PolicyParams, response: { 200: Policy } },
    },
    async (req) => presentPolicy(await policies.getPolicy(p, req.params.orgId, req.params.policyId)),
  );
  app.put(
    `${pol}/:policyId`,
    {
      config: { access: orgRole('admin') },
      schema: { tags, params: PolicyParams, body: PolicyInput, response: { 200: Policy } },
    },
    async (req) => policies.updatePolicy(p, req.principal, req.params.orgId, req.params.policyId, req.body),
  );
  app.delete(
    `${pol}/:policyId`,
    { config: { access: orgRole('admin') }, schema: { tags, params: PolicyParams } },
    async (req, reply) => {
      await policies.deletePolicy(p, req.principal, req.params.orgId, req.params.policyId);
      reply.status(204);
    },
  );

  const rules = '/orgs/:orgId/oncall/routing-rules';
  app.get(
    rules,
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Routing rules in evaluation order',
        params: OrgParams,
        response: { 200: Type.Array(Rule) },
      },
    },
    async (req) => routing.listRules(p, req.params.orgId),
  );
  app.post(
    rules,
    {
      config: { access: orgRole('admin') },
      schema: { tags, params: OrgParams, body: RuleInput, response: { 201: Rule } },
    },
    async (req, reply) => {
      reply.status(201);
      return routing.createRule(p, req.principal, req.params.orgId, req.body);
    },
  );
  app.put(
    `${rules}/:ruleId`,
    {
      config: { access: orgRole('admin') },
      schema: { tags, params: RuleParams, body: RuleInput, response: { 200: Rule } },
    },
    async (req) => routing.updateRule(p, req.principal, req.params.orgId, req.params.ruleId, req.body),
  );
  app.delete(
    `${rules}/:ruleId`,
    { config: { access: orgRole('admin') }, schema: { tags, params: RuleParams } },
    async (req, reply) => {
      await routing.deleteRule(p, req.principal, req.params.orgId, req.params.ruleId);
      reply.status(204);
    },
  );

  const ints = '/orgs/:orgId/oncall/integrations';
  app.get(
    ints,
    {
      config: { access: orgRole('admin') },
      schema: { tags, params: OrgParams, response: { 200: Type.Array(Integration) } },
    },
    async (req) => integrations.listIntegrations(p, req.params.orgId),
  );
  app.post(
    ints,
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Create an integration key (shown once)',
        params: OrgParams,
        body: IntegrationInput,
        response: { 201: IntegrationWithKey },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return integrations.createIntegration(p, req.principal, req.params.orgId, req.body);
    },
  );
  app.post(
    `${ints}/:integrationId/rotate`,
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Replace the key (the old one stops working at once)',
        params: IntegrationParams,
        response: { 200: IntegrationWithKey },
      },
    },
    async (req) =>
      integrations.rotateIntegration(p, req.principal, req.params.orgId, req.params.integrationId),
  );
  app.delete(
    `${ints}/:integrationId`,
    {
      config: { access: orgRole('admin') },
      schema: { tags, summary: 'Revoke an integration key', params: IntegrationParams },
    },
    async (req, reply) => {
      await integrations.revokeIntegration(p, req.principal, req.params.orgId, req.params.integrationId);
      reply.status(204);
    },
  );
}
