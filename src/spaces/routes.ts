import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { orgRole, SIGNED_IN } from '../platform/auth/access.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import * as invitations from './invitations.ts';
import {
  CreatedInvitation,
  Invitation,
  InvitationInput,
  InvitationParams,
  OrgInvitationParams,
  OrgParams,
  OrgSpaceParams,
  RedeemInput,
  RoleInput,
  Space,
  SpaceInput,
  SpaceOrg,
  SpaceOrgParams,
  SpaceParams,
  SpacePatch,
  SpacePerson,
  SpaceUserParams,
} from './schemas.ts';
import * as spaces from './service.ts';

const tags = ['spaces'];
const list = <T extends Parameters<typeof Type.Array>[0]>(t: T) => Type.Object({ items: Type.Array(t) });

/** Consortium spaces: creation, membership of orgs (two-sided invitations), space roles. */
export const spacesModule = (p: Platform) => async (fastify: FastifyInstance) => {
  const app = fastify as TypedApp;
  const member = { config: { access: SIGNED_IN } };

  app.post(
    '/orgs/:orgId/spaces',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Create a consortium space (your org founds it)',
        params: OrgParams,
        body: SpaceInput,
        response: { 201: Space },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return spaces.createSpace(p, req.principal, req.params.orgId, req.body);
    },
  );
  app.get(
    '/spaces',
    {
      ...member,
      schema: { tags, summary: 'Spaces your organisations belong to', response: { 200: list(Space) } },
    },
    async (req) => spaces.listSpaces(p, req.principal),
  );
  app.get(
    '/spaces/:spaceId',
    { ...member, schema: { tags, params: SpaceParams, response: { 200: Space } } },
    async (req) => spaces.getSpace(p, req.principal, req.params.spaceId),
  );
  app.patch(
    '/spaces/:spaceId',
    {
      ...member,
      schema: {
        tags,
        summary: 'Space admins only',
        params: SpaceParams,
        body: SpacePatch,
        response: { 200: Space },
      },
    },
    async (req) => spaces.patchSpace(p, req.principal, req.params.spaceId, req.body),
  );
  app.get(
    '/spaces/:spaceId/orgs',
    {
      ...member,
      schema: {
        tags,
        summary: 'Member organisations, past ones included',
        params: SpaceParams,
        response: { 200: list(SpaceOrg) },
      },
    },
    async (req) => spaces.listOrgs(p, req.principal, req.params.spaceId),
  );
  app.delete(
    '/spaces/:spaceId/orgs/:memberOrgId',
    {
      ...member,
      schema: { tags, summary: 'Remove an org (space admins); its past posts stay', params: SpaceOrgParams },
    },
    async (req, reply) => {
      await spaces.removeOrg(p, req.principal, req.params.spaceId, req.params.memberOrgId);
      reply.status(204);
    },
  );
  app.get(
    '/spaces/:spaceId/people',
    {
      ...member,
      schema: {
        tags,
        summary: 'People of the member orgs, with their space roles',
        params: SpaceParams,
        response: { 200: list(SpacePerson) },
      },
    },
    async (req) => spaces.listPeople(p, req.principal, req.params.spaceId),
  );
  app.put(
    '/spaces/:spaceId/roles/:userId',
    {
      ...member,
      schema: { tags, summary: 'Set a space role (space admins)', params: SpaceUserParams, body: RoleInput },
    },
    async (req, reply) => {
      await spaces.setUserRole(p, req.principal, req.params.spaceId, req.params.userId, req.body.role);
      reply.status(204);
    },
  );
  app.post(
    '/orgs/:orgId/spaces/:spaceId/leave',
    {
      config: { access: orgRole('admin') },
      schema: { tags, summary: 'Your org leaves the space', params: OrgSpaceParams },
    },
    async (req, reply) => {
      await spaces.leaveSpace(p, req.principal, req.params.orgId, req.params.spaceId);
      reply.status(204);
    },
  );

  app.post(
    '/spaces/:spaceId/invitations',
    {
      ...member,
      schema: {
        tags,
        summary: 'Invite an org by handle, or make an invitation code (space admins)',
        params: SpaceParams,
        body: InvitationInput,
        response: { 201: CreatedInvitation },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return invitations.createInvitation(p, req.principal, req.params.spaceId, req.body);
    },
  );
  app.get(
    '/spaces/:spaceId/invitations',
    { ...member, schema: { tags, params: SpaceParams, response: { 200: list(Invitation) } } },
    async (req) => invitations.listSpaceInvitations(p, req.principal, req.params.spaceId),
  );
  app.post(
    '/spaces/:spaceId/invitations/:invitationId/approve',
    {
      ...member,
      schema: {
        tags,
        summary: 'The inviting org approves (its admins)',
        params: InvitationParams,
        response: { 200: Invitation },
      },
    },
    async (req) =>
      invitations.approveAsInviter(p, req.principal, req.params.spaceId, req.params.invitationId),
  );
  app.delete(
    '/spaces/:spaceId/invitations/:invitationId',
    {
      ...member,
      schema: {
        tags,
        summary: 'Revoke a pending invitation (space admins)',
        params: InvitationParams,
        response: { 200: Invitation },
      },
    },
    async (req) => invitations.revoke(p, req.principal, req.params.spaceId, req.params.invitationId),
  );
  app.get(
    '/orgs/:orgId/space-invitations',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Pending invitations to your org',
        params: OrgParams,
        response: { 200: list(Invitation) },
      },
    },
    async (req) => invitations.listOrgInvitations(p, req.params.orgId),
  );
  app.post(
    '/orgs/:orgId/space-invitations/:invitationId/accept',
    {
      config: { access: orgRole('admin') },
      schema: { tags, params: OrgInvitationParams, response: { 200: Invitation } },
    },
    async (req) => invitations.acceptAsInvitee(p, req.principal, req.params.orgId, req.params.invitationId),
  );
  app.post(
    '/orgs/:orgId/space-invitations/:invitationId/decline',
    {
      config: { access: orgRole('admin') },
      schema: { tags, params: OrgInvitationParams, response: { 200: Invitation } },
    },
    async (req) => invitations.declineAsInvitee(p, req.principal, req.params.orgId, req.params.invitationId),
  );
  app.post(
    '/orgs/:orgId/space-invitations/redeem',
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Redeem an invitation code for your org',
        params: OrgParams,
        body: RedeemInput,
        response: { 200: Invitation },
      },
    },
    async (req) => invitations.redeemCode(p, req.principal, req.params.orgId, req.body.code),
  );
};
