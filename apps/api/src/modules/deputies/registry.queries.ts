import { and, eq, sql } from 'drizzle-orm';
import { delegationGroups, rowsOf, stations, terms, type Tx } from '@renda/db';

export interface TermRow { id: string; tenantId: string; number: number; startsOn: string; endsOn: string | null; current: boolean }
export interface GroupRow { id: string; tenantId: string; name: string; description: string; deputies: number }
export interface StationRow {
  id: string; tenantId: string; tenantName: string; name: string; address: string; phone: string;
  openHours: string; publicCode: string; deputies: number;
}

// The current term is the newest one that has started and not ended.
const termColumns = sql`tm.id, tm.tenant_id as "tenantId", tm.number, tm.starts_on::text as "startsOn", tm.ends_on::text as "endsOn",
  tm.id = (select c.id from terms c where c.tenant_id = tm.tenant_id and c.starts_on <= current_date
           and (c.ends_on is null or c.ends_on >= current_date) order by c.number desc limit 1) is true as current`;

/** Terms of one congress, newest first. */
export async function listTerms(tx: Tx, tenantId: string): Promise<TermRow[]> {
  return rowsOf<TermRow>(await tx.execute(sql`select ${termColumns} from terms tm where tm.tenant_id = ${tenantId} order by tm.number desc`));
}

/** A visible term by id, or null. */
export async function findTerm(tx: Tx, id: string): Promise<TermRow | null> {
  return rowsOf<TermRow>(await tx.execute(sql`select ${termColumns} from terms tm where tm.id = ${id}`))[0] ?? null;
}

/** A term of one congress by its number, or null. */
export async function findTermByNumber(tx: Tx, tenantId: string, number: number): Promise<TermRow | null> {
  return rowsOf<TermRow>(await tx.execute(sql`select ${termColumns} from terms tm where tm.tenant_id = ${tenantId} and tm.number = ${number}`))[0] ?? null;
}

/** Insert a term; false when the congress already has that number. */
export async function insertTerm(tx: Tx, row: { id: string; tenantId: string; number: number; startsOn: string; endsOn: string | null }) {
  const done = await tx.insert(terms).values({ ...row, tenantPath: '' }).onConflictDoNothing().returning({ id: terms.id });
  return done.length > 0;
}

export async function updateTermEnd(tx: Tx, id: string, tenantId: string, endsOn: string | null) {
  await tx.update(terms).set({ endsOn }).where(and(eq(terms.id, id), eq(terms.tenantId, tenantId)));
}

const groupColumns = sql`g.id, g.tenant_id as "tenantId", g.name, g.description,
  (select count(*)::int from deputies d where d.tenant_id = g.tenant_id and d.group_id = g.id and d.status = 'serving') as deputies`;

/** Delegation groups of one congress by name, with their serving deputies. */
export async function listGroups(tx: Tx, tenantId: string): Promise<GroupRow[]> {
  return rowsOf<GroupRow>(await tx.execute(sql`select ${groupColumns} from delegation_groups g where g.tenant_id = ${tenantId} order by g.name`));
}

export async function findGroup(tx: Tx, id: string): Promise<GroupRow | null> {
  return rowsOf<GroupRow>(await tx.execute(sql`select ${groupColumns} from delegation_groups g where g.id = ${id}`))[0] ?? null;
}

/** Group ids of one congress by name (the import matches groups by name). */
export async function groupIdsByName(tx: Tx, tenantId: string): Promise<Map<string, string>> {
  const rows = await tx.select({ id: delegationGroups.id, name: delegationGroups.name }).from(delegationGroups).where(eq(delegationGroups.tenantId, tenantId));
  return new Map(rows.map((r) => [r.name, r.id]));
}

/** Insert a group; false when the name is taken in that congress. */
export async function insertGroup(tx: Tx, row: { id: string; tenantId: string; name: string; description: string }) {
  const done = await tx.insert(delegationGroups).values({ ...row, tenantPath: '' }).onConflictDoNothing().returning({ id: delegationGroups.id });
  return done.length > 0;
}

export async function updateGroup(tx: Tx, id: string, tenantId: string, set: { name?: string; description?: string }) {
  await tx.update(delegationGroups).set(set).where(and(eq(delegationGroups.id, id), eq(delegationGroups.tenantId, tenantId)));
}

/** Delete a group; its deputies keep their seats with `group_id` set to null by the foreign key. */
export async function deleteGroup(tx: Tx, id: string, tenantId: string) {
  await tx.delete(delegationGroups).where(and(eq(delegationGroups.id, id), eq(delegationGroups.tenantId, tenantId)));
}

const stationColumns = sql`s.id, s.tenant_id as "tenantId", t.name as "tenantName", s.name, s.address, s.phone,
  s.open_hours as "openHours", s.public_code as "publicCode",
  (select count(*)::int from deputies d where d.station_id = s.id and d.status = 'serving') as deputies`;

/** Stations the policy lets the caller read (own subtree and ancestors), nearest tier first. */
export async function listStations(tx: Tx): Promise<StationRow[]> {
  return rowsOf<StationRow>(await tx.execute(sql`select ${stationColumns} from stations s join tenants t on t.id = s.tenant_id
    order by nlevel(s.tenant_path) desc, s.name`));
}

export async function findStation(tx: Tx, id: string): Promise<(StationRow & { tenantPath: string }) | null> {
  return rowsOf<StationRow & { tenantPath: string }>(await tx.execute(sql`select ${stationColumns}, s.tenant_path::text as "tenantPath"
    from stations s join tenants t on t.id = s.tenant_id where s.id = ${id}`))[0] ?? null;
}

/** Readable stations of one name, for the import (names are unique per congress, not globally). */
export async function stationsByName(tx: Tx, names: string[]) {
  if (!names.length) return [];
  return rowsOf<{ id: string; tenantId: string; tenantPath: string; name: string }>(await tx.execute(sql`
    select id, tenant_id as "tenantId", tenant_path::text as "tenantPath", name from stations
    where name in (${sql.join(names.map((n) => sql`${n}`), sql`, `)})`));
}

/** Insert a station; false when the name is taken in that congress. */
export async function insertStation(tx: Tx, row: { id: string; tenantId: string; name: string; address: string; phone: string; openHours: string; publicCode: string }) {
  const done = await tx.insert(stations).values({ ...row, tenantPath: '' }).onConflictDoNothing({ target: [stations.tenantId, stations.name] })
    .returning({ id: stations.id });
  return done.length > 0;
}

export async function updateStation(tx: Tx, id: string, tenantId: string, set: Partial<{ name: string; address: string; phone: string; openHours: string }>) {
  await tx.update(stations).set(set).where(and(eq(stations.id, id), eq(stations.tenantId, tenantId)));
}

/** Delete a station; deputies attached to it keep their seats with `station_id` set to null. */
export async function deleteStation(tx: Tx, id: string, tenantId: string) {
  await tx.delete(stations).where(and(eq(stations.id, id), eq(stations.tenantId, tenantId)));
}
