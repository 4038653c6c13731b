import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';

/** Who a case goes to: the units of its congress, their officers, the congress's staff. */

export interface UnitRef {
  id: string;
  code: string;
  name: string;
}

const uuids = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** Units of one congress among `ids` (unknown ids and other congresses' units are left out). */
export async function unitsOfTenant(tx: Tx, tenantId: string, ids: readonly string[]): Promise<UnitRef[]> {
  if (ids.length === 0) return [];
  return rowsOf<UnitRef>(await tx.execute(sql`select id, code, name from units where tenant_id = ${tenantId} and id = any(${uuids(ids)}::uuid[])`));
}

/** The unit of one congress with a code (category routing), or null. */
export async function unitByCode(tx: Tx, tenantId: string, code: string): Promise<UnitRef | null> {
  return rowsOf<UnitRef>(await tx.execute(sql`select id, code, name from units where tenant_id = ${tenantId} and code = ${code}`))[0] ?? null;
}

/** People who act for any of the units. */
export async function officersOf(tx: Tx, tenantId: string, unitIds: readonly string[]): Promise<string[]> {
  if (unitIds.length === 0) return [];
  return rowsOf<{ userId: string }>(await tx.execute(sql`select distinct user_id::text as "userId" from unit_officers
    where tenant_id = ${tenantId} and unit_id = any(${uuids(unitIds)}::uuid[])`)).map((r) => r.userId);
}

/** The units of a congress a person acts for. */
export async function unitIdsOfOfficer(tx: Tx, tenantId: string, userId: string): Promise<string[]> {
  return rowsOf<{ unitId: string }>(await tx.execute(sql`select unit_id::text as "unitId" from unit_officers
    where tenant_id = ${tenantId} and user_id = ${userId}`)).map((r) => r.unitId);
}

/** Staff of a congress (memberships with the role `staff`), who take and supervise its cases. */
export async function staffOf(tx: Tx, tenantId: string): Promise<string[]> {
  return rowsOf<{ userId: string }>(await tx.execute(sql`select user_id::text as "userId" from memberships
    where tenant_id = ${tenantId} and 'staff' = any(roles) and status = 'active'`)).map((r) => r.userId);
}

/** A person's display name, for the timeline. */
export async function displayNameOf(tx: Tx, userId: string): Promise<string> {
  return rowsOf<{ name: string }>(await tx.execute(sql`select display_name as name from users where id = ${userId}`))[0]?.name ?? '';
}
