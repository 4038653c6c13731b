import { sql } from 'drizzle-orm';
import type { SuggestionSessionCreate, SuggestionSessionUpdate } from '@renda/contracts';
import { rowsOf, type Tx } from '@renda/db';

/** Sessions (会次) and categories of motions and suggestions: drizzle only, each function takes the transaction. */

export interface SessionJson {
  id: string;
  tenantId: string;
  name: string;
  year: number;
  kind: 'congress' | 'interim';
  startsOn: string;
  endsOn: string | null;
  state: 'open' | 'closed';
  motionCount: number;
  suggestionCount: number;
}

const sessionColumns = sql`id, tenant_id as "tenantId", name, year, kind, starts_on::text as "startsOn", ends_on::text as "endsOn", state,
  motion_seq as "motionCount", suggestion_seq as "suggestionCount"`;

/** Sessions of one congress, newest first. */
export async function listSessions(tx: Tx, tenantId: string): Promise<SessionJson[]> {
  return rowsOf<SessionJson>(await tx.execute(sql`select ${sessionColumns} from suggestion_sessions where tenant_id = ${tenantId}
    order by starts_on desc, created_at desc`));
}

/** A visible session by id, or null. */
export async function findSession(tx: Tx, id: string): Promise<SessionJson | null> {
  return rowsOf<SessionJson>(await tx.execute(sql`select ${sessionColumns} from suggestion_sessions where id = ${id}`))[0] ?? null;
}

export async function insertSession(tx: Tx, tenantId: string, s: SuggestionSessionCreate): Promise<string> {
  return rowsOf<{ id: string }>(await tx.execute(sql`insert into suggestion_sessions (tenant_id, tenant_path, name, year, kind, starts_on, ends_on)
    values (${tenantId}, '', ${s.name}, ${s.year}, ${s.kind}, ${s.startsOn}::date, ${s.endsOn}::date) returning id`))[0].id;
}

export async function updateSession(tx: Tx, id: string, s: SuggestionSessionUpdate): Promise<void> {
  const sets = [
    ...(s.name !== undefined ? [sql`name = ${s.name}`] : []), ...(s.endsOn !== undefined ? [sql`ends_on = ${s.endsOn}::date`] : []),
    ...(s.state !== undefined ? [sql`state = ${s.state}`] : []),
  ];
  if (sets.length) await tx.execute(sql`update suggestion_sessions set ${sql.join(sets, sql`, `)} where id = ${id}`);
}

export interface CategoryRow {
  id: string;
  tenantId: string;
  tenantName: string;
  parentId: string | null;
  name: string;
  position: number;
}

/** The categories a congress files under: its own and its ancestors'. */
export async function categoriesOf(tx: Tx, tenantId: string): Promise<CategoryRow[]> {
  return rowsOf<CategoryRow>(await tx.execute(sql`select c.id, c.tenant_id as "tenantId", t.name as "tenantName", c.parent_id as "parentId", c.name, c.position
    from suggestion_categories c join tenants t on t.id = c.tenant_id
    where c.tenant_path @> (select path from tenants where id = ${tenantId})
    order by c.position, c.name`));
}

/** Whether a suggestion or a child category (of any congress the transaction sees) uses the category. */
export async function categoryUsed(tx: Tx, id: string): Promise<boolean> {
  const rows = rowsOf(await tx.execute(sql`select 1 where exists (select 1 from suggestion_categories where parent_id = ${id})
    or exists (select 1 from suggestions where category_id = ${id})`));
  return rows.length > 0;
}

export async function insertCategory(tx: Tx, tenantId: string, c: { name: string; parentId: string | null; position: number }): Promise<string> {
  return rowsOf<{ id: string }>(await tx.execute(sql`insert into suggestion_categories (tenant_id, tenant_path, parent_id, name, position)
    values (${tenantId}, '', ${c.parentId}, ${c.name}, ${c.position}) returning id`))[0].id;
}

export async function updateCategory(tx: Tx, id: string, c: { name?: string; position?: number }): Promise<void> {
  const sets = [...(c.name !== undefined ? [sql`name = ${c.name}`] : []), ...(c.position !== undefined ? [sql`position = ${c.position}`] : [])];
  if (sets.length) await tx.execute(sql`update suggestion_categories set ${sql.join(sets, sql`, `)} where id = ${id}`);
}

export async function deleteCategory(tx: Tx, id: string): Promise<void> {
  await tx.execute(sql`delete from suggestion_categories where id = ${id}`);
}
