import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import { notFound } from '../../platform/problem.ts';

/** What other modules need to know about a deputy's seat. */
export interface DeputyRef {
  id: string;
  tenantId: string;
  tenantName: string;
  level: string;
  userId: string;
  displayName: string;
  publicCode: string;
  termId: string;
  termNumber: number;
  groupId: string | null;
  groupName: string | null;
  status: 'serving' | 'resigned' | 'removed';
}

const refColumns = sql`d.id, d.tenant_id as "tenantId", t.name as "tenantName", d.level, d.user_id as "userId",
  u.display_name as "displayName", d.public_code as "publicCode", d.term_id as "termId", tm.number as "termNumber",
  d.group_id as "groupId", g.name as "groupName", d.status`;
const refJoins = sql`from deputies d
  join tenants t on t.id = d.tenant_id
  join users u on u.id = d.user_id
  join terms tm on tm.tenant_id = d.tenant_id and tm.id = d.term_id
  left join delegation_groups g on g.tenant_id = d.tenant_id and g.id = d.group_id`;

/** A visible seat by id, or null. */
export async function findDeputy(tx: Tx, id: string): Promise<DeputyRef | null> {
  return rowsOf<DeputyRef>(await tx.execute(sql`select ${refColumns} ${refJoins} where d.id = ${id}`))[0] ?? null;
}

/** A visible seat by id; 404 when it is outside the caller's roll-up or does not exist. */
export async function getDeputy(tx: Tx, id: string): Promise<DeputyRef> {
  const row = await findDeputy(tx, id);
  if (!row) throw notFound();
  return row;
}

/** The person's seat in one congress in its newest term, or null when they hold none. */
export async function findDeputyOfUser(tx: Tx, tenantId: string, userId: string): Promise<DeputyRef | null> {
  return rowsOf<DeputyRef>(await tx.execute(sql`select ${refColumns} ${refJoins}
    where d.tenant_id = ${tenantId} and d.user_id = ${userId} order by tm.number desc limit 1`))[0] ?? null;
}

/** Visible seats by id (unknown or invisible ids are left out). */
export async function deputiesByIds(tx: Tx, ids: readonly string[]): Promise<DeputyRef[]> {
  if (ids.length === 0) return [];
  return rowsOf<DeputyRef>(await tx.execute(sql`select ${refColumns} ${refJoins}
    where d.id = any(${`{${ids.join(',')}}`}::uuid[])`));
}

/** Serving seats in the given delegation groups of one congress. */
export async function servingDeputiesOfGroups(tx: Tx, tenantId: string, groupIds: readonly string[]): Promise<DeputyRef[]> {
  if (groupIds.length === 0) return [];
  return rowsOf<DeputyRef>(await tx.execute(sql`select ${refColumns} ${refJoins}
    where d.tenant_id = ${tenantId} and d.status = 'serving' and d.group_id = any(${`{${groupIds.join(',')}}`}::uuid[])`));
}
