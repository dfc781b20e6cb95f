// SQL for provider→customer links and customers' resources. Org names are read from the
// platform's orgs table (as detection does for handles); memberships stay identity's.

import type { Queryable } from '../platform/db/db.ts';
import type { ValidResource } from './kinds.ts';

export interface CustomerRow {
  provider_org_id: string;
  customer_org_id: string;
  customer_handle: string;
  customer_name: string;
  provider_name: string;
  created_at: Date;
  resource_count: number;
}

export interface ResourceRow {
  id: string;
  provider_org_id: string;
  customer_org_id: string;
  kind: ValidResource['kind'];
  identifier: string;
  name: string;
  region: string | null;
  component_id: string | null;
  network: string | null;
  created_at: Date;
  updated_at: Date;
}

const CUSTOMER_SELECT = `
  select c.provider_org_id, c.customer_org_id, co.handle as customer_handle, co.name as customer_name,
         po.name as provider_name, c.created_at,
         (select count(*)::int from health_resources r
           where r.provider_org_id = c.provider_org_id and r.customer_org_id = c.customer_org_id) as resource_count
    from health_customers c
    join orgs co on co.id = c.customer_org_id
    join orgs po on po.id = c.provider_org_id`;

export const findOrgByHandle = (q: Queryable, handle: string) =>
  q.one<{ id: string; name: string }>('select id, name from orgs where handle = $1', [handle]);

export const insertCustomer = (
  q: Queryable,
  providerOrgId: string,
  customerOrgId: string,
  by: string | null,
) =>
  q.execute(
    `insert into health_customers (provider_org_id, customer_org_id, created_by) values ($1, $2, $3)
     on conflict do nothing`,
    [providerOrgId, customerOrgId, by],
  );

export const findCustomer = (q: Queryable, providerOrgId: string, customerOrgId: string) =>
  q.one<CustomerRow>(`${CUSTOMER_SELECT} where c.provider_org_id = $1 and c.customer_org_id = $2`, [
    providerOrgId,
    customerOrgId,
  ]);

export const listCustomersOfProvider = (q: Queryable, providerOrgId: string) =>
  q.query<CustomerRow>(`${CUSTOMER_SELECT} where c.provider_org_id = $1 order by co.name, co.id`, [
    providerOrgId,
  ]);

export const listProvidersOfCustomer = (q: Queryable, customerOrgId: string) =>
  q.query<CustomerRow>(`${CUSTOMER_SELECT} where c.customer_org_id = $1 order by po.name`, [customerOrgId]);

export const deleteCustomer = (q: Queryable, providerOrgId: string, customerOrgId: string) =>
  q.execute('delete from health_customers where provider_org_id = $1 and customer_org_id = $2', [
    providerOrgId,
    customerOrgId,
  ]);

const RESOURCE_COLUMNS = `id, provider_org_id, customer_org_id, kind, identifier, name, region, component_id,
  network::text as network, created_at, updated_at`;

export const insertResource = (
  q: Queryable,
  providerOrgId: string,
  customerOrgId: string,
  r: ValidResource,
) =>
  q.one<ResourceRow>(
    `insert into health_resources (provider_org_id, customer_org_id, kind, identifier, name, region, component_id, network)
     values ($1, $2, $3, $4, $5, $6, $7, $8::cidr)
     returning ${RESOURCE_COLUMNS}`,
    [providerOrgId, customerOrgId, r.kind, r.identifier, r.name, r.region, r.componentId, r.network],
  );

export const updateResource = (q: Queryable, providerOrgId: string, id: string, r: ValidResource) =>
  q.one<ResourceRow>(
    `update health_resources set kind = $3, identifier = $4, name = $5, region = $6, component_id = $7,
       network = $8::cidr, updated_at = now()
     where provider_org_id = $1 and id = $2
     returning ${RESOURCE_COLUMNS}`,
    [providerOrgId, id, r.kind, r.identifier, r.name, r.region, r.componentId, r.network],
  );

export const deleteResource = (q: Queryable, providerOrgId: string, id: string) =>
  q.execute('delete from health_resources where provider_org_id = $1 and id = $2', [providerOrgId, id]);

export const findResource = (q: Queryable, id: string) =>
  q.one<ResourceRow>(`select ${RESOURCE_COLUMNS} from health_resources where id = $1`, [id]);

/** Which of these (kind, identifier) pairs the provider already maps (to any customer). */
export const existingIdentifiers = (q: Queryable, providerOrgId: string, keys: Array<[string, string]>) =>
  q.query<{ kind: string; identifier: string; customer_org_id: string }>(
    `select kind, identifier, customer_org_id from health_resources
      where provider_org_id = $1
        and (kind, identifier) in (select * from unnest($2::text[], $3::text[]))`,
    [providerOrgId, keys.map((k) => k[0]), keys.map((k) => k[1])],
  );

export const listResources = (q: Queryable, where: { providerOrgId?: string; customerOrgId: string }) =>
  q.query<ResourceRow>(
    `select ${RESOURCE_COLUMNS} from health_resources
      where customer_org_id = $1 and ($2::uuid is null or provider_org_id = $2)
      order by kind, identifier`,
    [where.customerOrgId, where.providerOrgId ?? null],
  );

/** Address and prefix resources of a provider overlapping `target` (an address or prefix). */
export const resourcesOverlapping = (q: Queryable, providerOrgId: string, target: string) =>
  q.query<ResourceRow>(
    `select ${RESOURCE_COLUMNS} from health_resources
      where provider_org_id = $1 and network is not null and network && $2::inet`,
    [providerOrgId, target],
  );

/** Resources of a provider in a region or tied to one of these status-page components. */
export const resourcesByRegionOrComponent = (
  q: Queryable,
  providerOrgId: string,
  region: string | null,
  components: string[],
) =>
  q.query<ResourceRow>(
    `select ${RESOURCE_COLUMNS} from health_resources
      where provider_org_id = $1 and ((region is not null and region = $2) or component_id = any($3::text[]))`,
    [providerOrgId, region, components],
  );
