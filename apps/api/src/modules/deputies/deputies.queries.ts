import { and, eq, sql } from 'drizzle-orm';
import { deputies, memberships, rowsOf, userPrivate, users, type Tx } from '@renda/db';
import type { DeputyQuery } from '@renda/contracts';

export interface SummaryRow {
  id: string; tenantId: string; tenantName: string; tenantPath: string; userId: string; displayName: string; publicCode: string;
  level: string; termId: string; termNumber: number; groupId: string | null; groupName: string | null; stationId: string | null;
  stationName: string | null; sector: string; status: string; constituency: string; photoFileId: string | null;
}
export interface DetailRow extends SummaryRow {
  username: string; phone: string | null; gender: string; party: string; workplace: string; bio: string;
  electedOn: string | null; leftOn: string | null; statusNote: string;
}

const summaryColumns = sql`d.id, d.tenant_id as "tenantId", t.name as "tenantName", d.tenant_path::text as "tenantPath",
  d.user_id as "userId", u.display_name as "displayName", d.public_code as "publicCode", d.level, d.term_id as "termId",
  tm.number as "termNumber", d.group_id as "groupId", g.name as "groupName", d.station_id as "stationId", s.name as "stationName",
  d.sector, d.status, d.constituency, d.photo_file_id as "photoFileId"`;
// A deputy's station may belong to another tier, so that join is by id alone (see 0006).
const joins = sql`from deputies d
  join tenants t on t.id = d.tenant_id
  join users u on u.id = d.user_id
  join terms tm on tm.tenant_id = d.tenant_id and tm.id = d.term_id
  left join delegation_groups g on g.tenant_id = d.tenant_id and g.id = d.group_id
  left join stations s on s.id = d.station_id`;

/**
 * Seats in the caller's subtree, ordered by congress (parents first) and name. `ownerUserId`
 * narrows the list to one person's seats, for roles that read only their own.
 */
export async function listDeputies(tx: Tx, f: DeputyQuery & { after: (string | number)[] | null; ownerUserId: string | null }) {
  const like = `%${f.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  return rowsOf<SummaryRow>(await tx.execute(sql`select ${summaryColumns} ${joins}
    where d.tenant_path <@ (select app_scope())
      ${f.ownerUserId ? sql`and d.user_id = ${f.ownerUserId}` : sql``}
      ${f.q ? sql`and (u.display_name like ${like} or u.username ilike ${like} or d.constituency like ${like} or d.public_code = ${f.q.toUpperCase()})` : sql``}
      ${f.termId ? sql`and d.term_id = ${f.termId}` : sql``}
      ${f.groupId ? sql`and d.group_id = ${f.groupId}` : sql``}
      ${f.status ? sql`and d.status = ${f.status}` : sql``}
      ${f.level ? sql`and d.level = ${f.level}` : sql``}
      ${f.tenantId ? sql`and d.tenant_id = ${f.tenantId}` : sql``}
      ${f.after ? sql`and (d.tenant_path::text, u.display_name, d.id) > (${f.after[0]}, ${f.after[1]}, ${f.after[2]}::uuid)` : sql``}
    order by d.tenant_path::text, u.display_name, d.id limit ${f.limit + 1}`));
}

/**
 * One visible seat with its personal fields. The phone is raw only for a seat of the active
 * congress (the database also hides user_private rows of other tenants); elsewhere masked.
 */
export async function findDetail(tx: Tx, id: string): Promise<DetailRow | null> {
  return rowsOf<DetailRow>(await tx.execute(sql`select ${summaryColumns}, u.username,
      case when d.tenant_id = (select app_tenant()) then p.phone else masked_phone(d.user_id) end as phone,
      d.gender, d.party, d.workplace, d.bio, d.elected_on::text as "electedOn", d.left_on::text as "leftOn", d.status_note as "statusNote"
    ${joins} left join user_private p on p.user_id = d.user_id
    where d.id = ${id}`))[0] ?? null;
}

/** The seat a person holds in one term of a congress, if any. */
export async function findSeat(tx: Tx, tenantId: string, termId: string, userId: string) {
  const [row] = await tx.select().from(deputies)
    .where(and(eq(deputies.tenantId, tenantId), eq(deputies.termId, termId), eq(deputies.userId, userId)));
  return row ?? null;
}

export type SeatInsert = typeof deputies.$inferInsert;
export type SeatSet = Partial<Omit<SeatInsert, 'id' | 'tenantId' | 'tenantPath' | 'userId' | 'termId' | 'publicCode' | 'level'>>;

export async function insertSeat(tx: Tx, row: SeatInsert) {
  await tx.insert(deputies).values(row);
}

export async function updateSeat(tx: Tx, id: string, tenantId: string, set: SeatSet) {
  await tx.update(deputies).set({ ...set, updatedAt: new Date() }).where(and(eq(deputies.id, id), eq(deputies.tenantId, tenantId)));
}

/** Congresses in the caller's subtree by division code (the import names them by code). */
export async function tenantsByCode(tx: Tx, codes: string[]) {
  if (!codes.length) return [];
  return rowsOf<{ id: string; code: string; path: string; status: string; level: string }>(await tx.execute(sql`
    select id, code, path::text as path, status, level from tenants
    where code in (${sql.join(codes.map((c) => sql`${c}`), sql`, `)}) and path <@ (select app_scope())`));
}

/** A person visible to the caller: themselves, or someone with a membership in the subtree. */
export async function findVisibleUser(tx: Tx, id: string) {
  const [row] = await tx.select({ id: users.id, username: users.username, displayName: users.displayName }).from(users).where(eq(users.id, id));
  return row ?? null;
}

/** A visible file and its congress (a seat's photo must belong to the seat's congress). */
export async function findFileTenant(tx: Tx, id: string): Promise<string | null> {
  return rowsOf<{ tenantId: string }>(await tx.execute(sql`select tenant_id as "tenantId" from files where id = ${id}`))[0]?.tenantId ?? null;
}

/** A readable station and its path (own subtree or ancestors). */
export async function findStationPath(tx: Tx, id: string): Promise<string | null> {
  return rowsOf<{ path: string }>(await tx.execute(sql`select tenant_path::text as path from stations where id = ${id}`))[0]?.path ?? null;
}

/** A delegation group's congress, when visible. */
export async function findGroupTenant(tx: Tx, id: string): Promise<string | null> {
  return rowsOf<{ tenantId: string }>(await tx.execute(sql`select tenant_id as "tenantId" from delegation_groups where id = ${id}`))[0]?.tenantId ?? null;
}

/**
 * Create a person with a password hash nobody knows (they reset it). The id is made here: a
 * person without a membership yet is invisible to INSERT … RETURNING under the users policy.
 */
export async function insertUser(tx: Tx, u: { username: string; displayName: string; phone: string; passwordHash: string }) {
  const id = crypto.randomUUID();
  await tx.insert(users).values({ id, username: u.username, displayName: u.displayName, passwordHash: u.passwordHash });
  await tx.insert(userPrivate).values({ userId: id, phone: u.phone || null });
  return id;
}

/**
 * Give a person the `deputy` role in a congress: a new membership, or the role added to the one
 * they have. Returns what changed, for the audit log and the import report.
 */
export async function ensureDeputyMembership(tx: Tx, tenantId: string, userId: string): Promise<{ id: string; change: 'create' | 'update' | null; roles: string[] }> {
  const [m] = await tx.select({ id: memberships.id, roles: memberships.roles }).from(memberships)
    .where(and(eq(memberships.tenantId, tenantId), eq(memberships.userId, userId)));
  if (m?.roles.includes('deputy')) return { id: m.id, change: null, roles: m.roles };
  if (m) {
    const roles = [...m.roles, 'deputy' as const];
    await tx.update(memberships).set({ roles }).where(eq(memberships.id, m.id));
    return { id: m.id, change: 'update', roles };
  }
  const id = crypto.randomUUID();
  await tx.insert(memberships).values({ id, tenantId, tenantPath: '', userId, roles: ['deputy'] });
  return { id, change: 'create', roles: ['deputy'] };
}
