import { Type } from 'typebox';
import { orgRole } from '../platform/auth/access.ts';
import { PageQuery, pageOf } from '../platform/http/pagination.ts';
import type { TypedApp } from '../platform/http/server.ts';
import type { Platform } from '../platform/platform.ts';
import { scheduleCalendar } from './calendar-feeds.ts';
import { presentSchedule } from './presenters.ts';
import * as schedules from './schedules.ts';
import {
  AtQuery,
  Calendar,
  OnCallNow,
  OptionalRangeQuery,
  OrgParams,
  Override,
  OverrideInput,
  OverrideParams,
  RangeQuery,
  Schedule,
  ScheduleInput,
  ScheduleParams,
} from './schemas.ts';

const tags = ['on-call'];
const base = '/orgs/:orgId/oncall/schedules';

export function scheduleRoutes(app: TypedApp, p: Platform) {
  app.get(
    base,
    {
      config: { access: orgRole('viewer') },
      schema: { tags, params: OrgParams, querystring: PageQuery, response: { 200: pageOf(Schedule) } },
    },
    async (req) => schedules.listSchedules(p, req.params.orgId, req.query.limit ?? 50, req.query.cursor),
  );
  app.post(
    base,
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Create a schedule',
        params: OrgParams,
        body: ScheduleInput,
        response: { 201: Schedule },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return schedules.createSchedule(p, req.principal, req.params.orgId, req.body);
    },
  );
  app.get(
    `${base}/:scheduleId`,
    {
      config: { access: orgRole('viewer') },
      schema: { tags, params: ScheduleParams, response: { 200: Schedule } },
    },
    async (req) => {
      return presentSchedule(await schedules.getSchedule(p, req.params.orgId, req.params.scheduleId));
    },
  );
  app.put(
    `${base}/:scheduleId`,
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Replace a schedule',
        params: ScheduleParams,
        body: ScheduleInput,
        response: { 200: Schedule },
      },
    },
    async (req) =>
      schedules.updateSchedule(p, req.principal, req.params.orgId, req.params.scheduleId, req.body),
  );
  app.delete(
    `${base}/:scheduleId`,
    { config: { access: orgRole('admin') }, schema: { tags, params: ScheduleParams } },
    async (req, reply) => {
      await schedules.deleteSchedule(p, req.principal, req.params.orgId, req.params.scheduleId);
      reply.status(204);
    },
  );
  app.get(
    `${base}/:scheduleId/oncall`,
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Who is on call now, or at ?at=',
        params: ScheduleParams,
        querystring: AtQuery,
        response: { 200: OnCallNow },
      },
    },
    async (req) => schedules.onCallNow(p, req.params.orgId, req.params.scheduleId, req.query.at),
  );
  app.get(
    `${base}/:scheduleId/calendar`,
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        summary: 'Shifts per layer and the final schedule over [from, to)',
        params: ScheduleParams,
        querystring: RangeQuery,
        response: { 200: Calendar },
      },
    },
    async (req) => schedules.calendar(p, req.params.orgId, req.params.scheduleId, req.query),
  );
  app.get(
    `${base}/:scheduleId/ical`,
    {
      config: { access: orgRole('viewer') },
      schema: { tags, summary: 'iCalendar export (RFC 5545)', params: ScheduleParams },
    },
    async (req, reply) => {
      const s = await schedules.getSchedule(p, req.params.orgId, req.params.scheduleId);
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `attachment; filename="schedule-${s.id}.ics"`);
      return scheduleCalendar(p, s);
    },
  );
  app.get(
    `${base}/:scheduleId/overrides`,
    {
      config: { access: orgRole('viewer') },
      schema: {
        tags,
        params: ScheduleParams,
        querystring: OptionalRangeQuery,
        response: { 200: Type.Array(Override) },
      },
    },
    async (req) => schedules.listOverrides(p, req.params.orgId, req.params.scheduleId, req.query),
  );
  app.post(
    `${base}/:scheduleId/overrides`,
    {
      config: { access: orgRole('admin') },
      schema: {
        tags,
        summary: 'Put someone on call for a time range',
        params: ScheduleParams,
        body: OverrideInput,
        response: { 201: Override },
      },
    },
    async (req, reply) => {
      reply.status(201);
      return schedules.addOverride(p, req.principal, req.params.orgId, req.params.scheduleId, req.body);
    },
  );
  app.delete(
    `${base}/:scheduleId/overrides/:overrideId`,
    { config: { access: orgRole('admin') }, schema: { tags, params: OverrideParams } },
    async (req, reply) => {
      await schedules.deleteOverride(
        p,
        req.principal,
        req.params.orgId,
        req.params.scheduleId,
        req.params.overrideId,
      );
      reply.status(204);
    },
  );
}
