import { Type } from 'typebox';
import { orgRole } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { OrgParams, Team, TeamInput, TeamParams } from './schemas.ts';
import * as teams from './teams.ts';

const tags = ['on-call'];

/** Teams: named sets of responders, targets of escalation levels. */
export function teamRoutes(app: TypedApp, p: Platform) {
  const base = '/orgs/:orgId/oncall/teams';
  app.get(
    base,
    {
      config: { access: orgRole('viewer') },
      schema: { tags, summary: 'Teams by name', params: OrgParams, response: { 200: Type.Array(Team) } },
    },
    async (req) => teams.listTeams(p, req.params.orgId),
  );
  app.post(
    base,
    {
      config: { access: orgRole('admin') },
      schema: { tags, summary: 'Create a team', params: OrgParams, body: TeamInput, response: { 201: Team } },
    },
    async (req, reply) => {
      reply.status(201);
      return teams.createTeam(p, req.principal, req.params.orgId, req.body);
    },
  );
  app.get(
    `${base}/:teamId`,
    {
      config: { access: orgRole('viewer') },
      schema: { tags, params: TeamParams, response: { 200: Team } },
    },
    async (req) => teams.getTeam(p, req.params.orgId, req.params.teamId),
  );
  app.put(
    `${base}/:teamId`,
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Replace a team',
        params: TeamParams,
        body: TeamInput,
        response: { 200: Team },
      },
    },
    async (req) => teams.updateTeam(p, req.principal, req.params.orgId, req.params.teamId, req.body),
  );
  app.delete(
    `${base}/:teamId`,
    {
      config: { access: orgRole('admin') },
      schema: { tags, summary: 'Delete a team no policy uses', params: TeamParams },
    },
    async (req, reply) => {
      await teams.deleteTeam(p, req.principal, req.params.orgId, req.params.teamId);
      reply.status(204);
    },
  );
}
