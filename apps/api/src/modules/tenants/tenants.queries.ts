import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';

export interface TenantRow {
  id: string; code: string; name: string; level: string; path: string; parentId: string | null;
  status: string; requireTotp: boolean; children: number; memberships: number; units: number;
}

// Counts roll up over each tenant's subtree and pass through RLS, so a reader counts only the
// memberships and units they may see. The GiST indexes on tenant_path serve the `<@`.
const selectTenant = sql`
  select t.id, t.code, t.name, t.level, t.path::text as path, t.parent_id as "parentId", t.status,
    t.require_totp as "requireTotp",
    (select count(*)::int from tenants c where c.parent_id = t.id and c.status = 'active') as children,
    (select count(*)::int from memberships m where m.tenant_path <@ t.path) as memberships,
    (select count(*)::int from units u where u.tenant_path <@ t.path) as units
  from tenants t`;

/** A tenant visible from the scope: inside it, or one of its ancestors. */
export async function findTenant(tx: Tx, id: string): Promise<TenantRow | null> {
  const rows = rowsOf<TenantRow>(await tx.execute(sql`${selectTenant}
    where t.id = ${id} and (t.path <@ (select app_scope()) or t.path @> (select app_scope()))`));
  return rows[0] ?? null;
}

export async function listChildren(tx: Tx, parentId: string, after: string | null, limit: number): Promise<TenantRow[]> {
  return rowsOf<TenantRow>(await tx.execute(sql`${selectTenant}
    where t.parent_id = ${parentId} and t.path <@ (select app_scope()) ${after ? sql`and t.code > ${after}` : sql``}
    order by t.code limit ${limit + 1}`));
}

export async function searchTenants(tx: Tx, q: string, after: string | null, limit: number): Promise<TenantRow[]> {
  const like = `%${q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return rowsOf<TenantRow>(await tx.execute(sql`${selectTenant}
    where t.path <@ (select app_scope()) and (t.name like ${like} or t.code like ${q + '%'})
    ${after ? sql`and t.code > ${after}` : sql``}
    order by t.code limit ${limit + 1}`));
}

export async function insertTenant(tx: Tx, t: { code: string; name: string; level: string; path: string; parentId: string }) {
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into tenants (code, name, level, path, parent_id) values (${t.code}, ${t.name}, ${t.level}, ${t.path}::ltree, ${t.parentId})
    on conflict do nothing returning id`));
  return rows[0]?.id ?? null;
}

export async function retireTenant(tx: Tx, id: string) {
  await tx.execute(sql`update tenants set status = 'retired', retired_at = now() where id = ${id}`);
}

export async function setRequireTotp(tx: Tx, id: string, value: boolean) {
  await tx.execute(sql`update tenants set require_totp = ${value} where id = ${id}`);
}

/** The chain above a tenant, root first, for breadcrumbs. Names of congresses are public. */
export async function ancestorsOf(tx: Tx, path: string) {
  return rowsOf<{ id: string; code: string; name: string; level: string }>(await tx.execute(sql`
    select id, code, name, level from tenants where path @> ${path}::ltree and path <> ${path}::ltree order by nlevel(path)`));
}
