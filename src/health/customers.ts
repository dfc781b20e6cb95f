// Provider side: linking customer orgs and mapping their resources (API and CSV import).

import { AppError } from '../platform/http/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { actorIds, type Principal, requireManageCustomers } from '../policy/index.ts';
import { MAX_IMPORT_ROWS, planImport, type RowError } from './csv-import.ts';
import { publishResourceHealth } from './events.ts';
import { type ValidResource, validateResource } from './kinds.ts';
import { presentCustomer, presentResource } from './presenters.ts';
import type { ResourceInput } from './schemas.ts';
import * as store from './store-resources.ts';

const UNIQUE = '23505';

async function requireCustomer(p: Platform, providerOrgId: string, customerOrgId: string) {
  const c = await store.findCustomer(p.db, providerOrgId, customerOrgId);
  if (!c) throw new AppError('not_found', 'No such customer.');
  return c;
}

export async function listCustomers(p: Platform, providerOrgId: string) {
  return { items: (await store.listCustomersOfProvider(p.db, providerOrgId)).map(presentCustomer) };
}

export async function linkCustomer(
  p: Platform,
  principal: Principal,
  providerOrgId: string,
  handle: string,
  ip?: string,
) {
  requireManageCustomers(principal, providerOrgId);
  const org = await store.findOrgByHandle(p.db, handle.trim().toLowerCase());
  if (!org)
    throw new AppError('validation_failed', `No organisation has the handle "${handle.slice(0, 40)}".`);
  if (org.id === providerOrgId)
    throw new AppError('validation_failed', 'An organisation cannot be its own customer.');
  const added = await store.insertCustomer(p.db, providerOrgId, org.id, actorIds(principal).userId);
  if (added === 0) throw new AppError('conflict', `"${handle}" is already a customer.`);
  await p.audit.record({
    orgId: providerOrgId,
    principal,
    action: 'health.customer_linked',
    targetType: 'org',
    targetId: org.id,
    ip,
  });
  return presentCustomer((await store.findCustomer(p.db, providerOrgId, org.id))!);
}

export async function unlinkCustomer(
  p: Platform,
  principal: Principal,
  providerOrgId: string,
  customerOrgId: string,
  ip?: string,
) {
  requireManageCustomers(principal, providerOrgId);
  if ((await store.deleteCustomer(p.db, providerOrgId, customerOrgId)) === 0)
    throw new AppError('not_found', 'No such customer.');
  await p.audit.record({
    orgId: providerOrgId,
    principal,
    action: 'health.customer_unlinked',
    targetType: 'org',
    targetId: customerOrgId,
    ip,
  });
}

export async function listCustomerResources(p: Platform, providerOrgId: string, customerOrgId: string) {
  await requireCustomer(p, providerOrgId, customerOrgId);
  const rows = await store.listResources(p.db, { providerOrgId, customerOrgId });
  return { items: rows.map(presentResource) };
}

function validOrThrow(input: ResourceInput): ValidResource {
  const checked = validateResource(input);
  if (!checked.ok) throw new AppError('validation_failed', checked.error);
  return checked.value;
}

const duplicate = (r: ValidResource) =>
  new AppError('conflict', `The ${r.kind} ${r.identifier} is already mapped.`);

export async function createResource(
  p: Platform,
  principal: Principal,
  providerOrgId: string,
  customerOrgId: string,
  input: ResourceInput,
) {
  requireManageCustomers(principal, providerOrgId);
  await requireCustomer(p, providerOrgId, customerOrgId);
  const r = validOrThrow(input);
  try {
    const row = (await store.insertResource(p.db, providerOrgId, customerOrgId, r))!;
    await auditResource(p, principal, row, 'created');
    await publishResourceHealth(p, customerOrgId, [row.id]);
    return presentResource(row);
  } catch (err) {
    if ((err as { code?: string }).code === UNIQUE) throw duplicate(r);
    throw err;
  }
}

export async function updateResource(
  p: Platform,
  principal: Principal,
  providerOrgId: string,
  resourceId: string,
  input: ResourceInput,
) {
  requireManageCustomers(principal, providerOrgId);
  const r = validOrThrow(input);
  try {
    const row = await store.updateResource(p.db, providerOrgId, resourceId, r);
    if (!row) throw new AppError('not_found', 'No such resource.');
    await auditResource(p, principal, row, 'updated');
    await publishResourceHealth(p, row.customer_org_id, [row.id]);
    return presentResource(row);
  } catch (err) {
    if ((err as { code?: string }).code === UNIQUE) throw duplicate(r);
    throw err;
  }
}

export async function deleteResource(
  p: Platform,
  principal: Principal,
  providerOrgId: string,
  resourceId: string,
) {
  requireManageCustomers(principal, providerOrgId);
  const row = await store.findResource(p.db, resourceId);
  if (
    !row ||
    row.provider_org_id !== providerOrgId ||
    (await store.deleteResource(p.db, providerOrgId, resourceId)) === 0
  )
    throw new AppError('not_found', 'No such resource.');
  await auditResource(p, principal, row, 'deleted');
}

const auditResource = (p: Platform, principal: Principal, r: store.ResourceRow, what: string) =>
  p.audit.record({
    orgId: r.provider_org_id,
    principal,
    action: `health.resource_${what}`,
    targetType: 'health_resource',
    targetId: r.id,
    details: { customerOrgId: r.customer_org_id, kind: r.kind, identifier: r.identifier },
  });

/**
 * Imports a CSV file of resources for one customer. Every bad row is reported by line; nothing
 * is imported when any row is bad, unless `partial` (then the good rows are). Rows already
 * mapped count as bad rows (an import never moves a resource between customers).
 */
export async function importResources(
  p: Platform,
  principal: Principal,
  providerOrgId: string,
  customerOrgId: string,
  csv: string,
  partial: boolean,
  ip?: string,
): Promise<{ imported: number; errors: RowError[] }> {
  requireManageCustomers(principal, providerOrgId);
  await requireCustomer(p, providerOrgId, customerOrgId);
  const plan = planImport(csv);
  const existing = plan.rows.length
    ? await store.existingIdentifiers(
        p.db,
        providerOrgId,
        plan.rows.map((r) => [r.resource.kind, r.resource.identifier]),
      )
    : [];
  const taken = new Set(existing.map((e) => `${e.kind}\n${e.identifier}`));
  const errors = [...plan.errors];
  const good = plan.rows.filter((r) => {
    if (!taken.has(`${r.resource.kind}\n${r.resource.identifier}`)) return true;
    errors.push({
      line: r.line,
      error: `The ${r.resource.kind} ${r.resource.identifier} is already mapped.`,
    });
    return false;
  });
  errors.sort((a, b) => a.line - b.line);
  if (good.length > MAX_IMPORT_ROWS)
    throw new AppError('payload_too_large', `At most ${MAX_IMPORT_ROWS} rows.`);
  if (errors.length > 0 && !partial) return { imported: 0, errors };
  const ids = await insertAll(p, principal, providerOrgId, customerOrgId, good, errors.length, ip);
  if (ids.length) await publishResourceHealth(p, customerOrgId, ids);
  return { imported: ids.length, errors };
}

/** One transaction: all of the good rows, or (a concurrent insert of the same resource) none. */
async function insertAll(
  p: Platform,
  principal: Principal,
  providerOrgId: string,
  customerOrgId: string,
  good: Array<{ resource: ValidResource }>,
  badRows: number,
  ip?: string,
) {
  try {
    return await p.db.tx(async (q) => {
      const out: string[] = [];
      for (const r of good)
        out.push((await store.insertResource(q, providerOrgId, customerOrgId, r.resource))!.id);
      await p.audit.record(
        {
          orgId: providerOrgId,
          principal,
          action: 'health.resources_imported',
          targetType: 'org',
          targetId: customerOrgId,
          ip,
          details: { imported: out.length, badRows },
        },
        q,
      );
      return out;
    });
  } catch (err) {
    if ((err as { code?: string }).code === UNIQUE)
      throw new AppError(
        'conflict',
        'Some of these resources were mapped meanwhile; import again to see which.',
      );
    throw err;
  }
}
