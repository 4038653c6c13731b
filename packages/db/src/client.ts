import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
// Both drivers expose the same query builder; this is the part the services rely on.
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema>;

/** An open database: the app's connection pool (or the embedded PGlite instance). */
export interface DatabaseHandle {
  db: Db;
  kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/**
 * Connect to PostgreSQL as the app role.
 * @example const h = await openPostgres(env.DATABASE_URL, { max: 10 });
 */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<DatabaseHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, { max: options.max ?? 10, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
}

/** An embedded PGlite database in `dataDir` (or in memory when null), with ltree loaded. */
export async function openPglite(dataDir: string | null): Promise<DatabaseHandle & { pglite: unknown }> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { ltree } = await import('@electric-sql/pglite/contrib/ltree');
  const { drizzle } = await import('drizzle-orm/pglite');
  // The one-argument form: PGlite ignores the options when the first argument is not a string.
  const pglite = new PGlite({ ...(dataDir ? { dataDir } : {}), extensions: { ltree } });
  await pglite.waitReady;
  const db = drizzle(pglite, { schema }) as unknown as Db;
  return { db, kind: 'pglite', pglite, close: () => pglite.close() };
}

/**
 * Refuse to serve requests through a role that could bypass row-level security: a superuser, a
 * role with BYPASSRLS, or one that owns tables (owners skip policies unless forced). On PGlite
 * the connection is a superuser, so the check runs on the role each transaction switches to.
 */
export async function assertAppRole(handle: DatabaseHandle): Promise<void> {
  const rows = await handle.db.transaction(async (tx) => {
    if (handle.kind === 'pglite') await tx.execute(sql`set local role renda_app`);
    const result = await tx.execute(sql`
      select r.rolname, r.rolsuper, r.rolbypassrls,
        (select count(*)::int from pg_class c where c.relowner = r.oid and c.relnamespace = 'public'::regnamespace) as owned
      from pg_roles r where r.rolname = current_user`);
    return rowsOf<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; owned: number }>(result);
  });
  const role = rows[0];
  if (!role || role.rolsuper || role.rolbypassrls || role.owned > 0) {
    throw new Error(
      `refusing to start: database role ${role?.rolname ?? '?'} can bypass row-level security ` +
        `(superuser=${role?.rolsuper}, bypassrls=${role?.rolbypassrls}, owns ${role?.owned} relations); connect as renda_app`,
    );
  }
}

/** Rows of a raw `execute()` result, whichever driver produced it. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
