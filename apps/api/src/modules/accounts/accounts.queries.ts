import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';

export interface MembershipListRow {
  id: string; tenantId: string; tenantName: string; tenantCode: string; roles: string[]; status: string;
  userId: string; username: string; displayName: string; phone: string | null;
}

/**
 * Memberships in the scope. The phone is raw only where the database lets this tenant read the
 * person's private row (they also sit in the own tenant); everywhere else it is masked.
 */
export async function listMemberships(tx: Tx, f: { q: string; tenantId?: string; after: string | null; limit: number }) {
  const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return rowsOf<MembershipListRow>(await tx.execute(sql`
    select m.id, m.tenant_id as "tenantId", t.name as "tenantName", t.code as "tenantCode", m.roles, m.status,
      u.id as "userId", u.username, u.display_name as "displayName", coalesce(p.phone, masked_phone(u.id)) as phone
    from memberships m
      join tenants t on t.id = m.tenant_id
      join users u on u.id = m.user_id
      left join user_private p on p.user_id = u.id
    where m.tenant_path <@ (select app_scope())
      ${f.tenantId ? sql`and m.tenant_id = ${f.tenantId}` : sql``}
      ${f.q ? sql`and (u.username ilike ${like} or u.display_name like ${like})` : sql``}
      ${f.after ? sql`and m.id > ${f.after}` : sql``}
    order by m.id limit ${f.limit + 1}`));
}

export async function tenantsByCode(tx: Tx, codes: string[]) {
  if (!codes.length) return [];
  return rowsOf<{ id: string; code: string; path: string; status: string }>(await tx.execute(sql`
    select id, code, path::text as path, status from tenants
    where code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)}) and path <@ (select app_scope())`));
}

export async function unitsByCode(tx: Tx, tenantIds: string[]) {
  if (!tenantIds.length) return [];
  return rowsOf<{ id: string; tenantId: string; code: string }>(await tx.execute(sql`
    select id, tenant_id as "tenantId", code from units where tenant_id in (${sql.join(tenantIds.map((t) => sql`${t}`), sql`, `)})`));
}

export async function matchAccount(tx: Tx, username: string, phone: string) {
  const [row] = rowsOf<{ user_id: string | null; username_taken: boolean; phone_taken: boolean }>(
    await tx.execute(sql`select * from account_match(${username}, ${phone || null})`));
  return row;
}

export async function findMembership(tx: Tx, tenantId: string, userId: string) {
  const [row] = rowsOf<{ id: string; roles: string[] }>(await tx.execute(sql`
    select id, roles from memberships where tenant_id = ${tenantId} and user_id = ${userId}`));
  return row ?? null;
}

export async function hasOfficer(tx: Tx, unitId: string, userId: string) {
  const rows = rowsOf(await tx.execute(sql`select 1 from unit_officers where unit_id = ${unitId} and user_id = ${userId}`));
  return rows.length > 0;
}
