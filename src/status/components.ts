import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import type { Principal } from '../policy/index.ts';
import { publishChanged } from './events.ts';
import { COMPONENT_STATUSES, isComponentStatus, newPublicId } from './model.ts';
import { requirePage } from './pages.ts';
import { presentComponent } from './presenters.ts';
import type { ComponentInput, ComponentPatch } from './schemas.ts';
import * as store from './store.ts';
import { queueComponentFanout } from './subscriptions/index.ts';

const bad = (m: string) => new AppError('validation_failed', m);

export function checkComponentStatus(status: string, field = 'status'): string {
  if (isComponentStatus(status)) return status;
  throw bad(`${field} must be one of ${COMPONENT_STATUSES.join(', ')} (got ${JSON.stringify(status)}).`);
}

/** A group id must name a group of the same page; groups do not nest. */
async function checkGroup(p: Platform, pageId: string, groupId: string | null | undefined, isGroup: boolean) {
  if (!groupId) return null;
  if (isGroup) throw bad('A component group cannot be inside another group.');
  const group = await store.componentById(p.db, pageId, groupId);
  if (!group?.is_group) throw bad(`groupId ${groupId} is not a component group of this page.`);
  return group.id;
}

export async function listComponents(p: Platform, orgId: string) {
  const page = await requirePage(p, orgId);
  return { items: (await store.componentsOf(p.db, page.id)).map(presentComponent) };
}

export async function createComponent(
  p: Platform,
  principal: Principal,
  orgId: string,
  input: ComponentInput,
) {
  const page = await requirePage(p, orgId);
  const isGroup = input.isGroup ?? false;
  const status = checkComponentStatus(input.status ?? 'operational');
  const groupId = await checkGroup(p, page.id, input.groupId, isGroup);
  const existing = await store.componentsOf(p.db, page.id);
  if (existing.length >= 500) throw bad('A page holds at most 500 components.');
  const row = await p.db.tx(async (q) => {
    const r = await store.insertComponent(q, {
      id: newPublicId(),
      page_id: page.id,
      group_id: groupId,
      is_group: isGroup,
      name: input.name,
      description: input.description ?? '',
      status,
      position: input.position ?? existing.length,
      showcase: input.showcase ?? true,
    });
    await store.touchPage(q, page.id);
    await p.audit.record(
      {
        orgId,
        principal,
        action: 'status.component.created',
        targetType: 'status_component',
        targetId: r.id,
      },
      q,
    );
    return r;
  });
  await publishChanged(p, orgId, page.id);
  return presentComponent(row);
}

async function requireComponent(p: Platform, pageId: string, id: string) {
  const row = await store.componentById(p.db, pageId, id);
  if (!row) throw new AppError('not_found', 'No such component on this status page.');
  return row;
}

export async function patchComponent(
  p: Platform,
  principal: Principal,
  orgId: string,
  id: string,
  patch: ComponentPatch,
) {
  const page = await requirePage(p, orgId);
  const row = await requireComponent(p, page.id, id);
  if (patch.isGroup !== undefined && patch.isGroup !== row.is_group)
    throw bad('isGroup cannot change; create a new component or group instead.');
  const status = patch.status === undefined ? row.status : checkComponentStatus(patch.status);
  const groupId =
    patch.groupId === undefined ? row.group_id : await checkGroup(p, page.id, patch.groupId, row.is_group);
  const saved = await p.db.tx(async (q) => {
    await store.setComponentStatus(q, id, status);
    await queueComponentFanout(p, q, {
      pageId: page.id,
      componentId: id,
      oldStatus: row.status,
      newStatus: status,
    });
    const r = await store.updateComponent(q, {
      id,
      group_id: groupId,
      name: patch.name ?? row.name,
      description: patch.description ?? row.description,
      status,
      position: patch.position ?? row.position,
      showcase: patch.showcase ?? row.showcase,
    });
    await store.touchPage(q, page.id);
    await p.audit.record(
      {
        orgId,
        principal,
        action: 'status.component.updated',
        targetType: 'status_component',
        targetId: id,
        details: { status },
      },
      q,
    );
    return r;
  });
  await publishChanged(p, orgId, page.id);
  return presentComponent(saved);
}

export async function deleteComponent(p: Platform, principal: Principal, orgId: string, id: string) {
  const page = await requirePage(p, orgId);
  await requireComponent(p, page.id, id);
  await p.db.tx(async (q) => {
    await store.deleteComponent(q, page.id, id);
    await store.touchPage(q, page.id);
    await p.audit.record(
      { orgId, principal, action: 'status.component.deleted', targetType: 'status_component', targetId: id },
      q,
    );
  });
  await publishChanged(p, orgId, page.id);
}
