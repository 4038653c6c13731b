import { randomBytes } from 'node:crypto';

/**
 * Throwaway databases on the server of MIGRATION_DATABASE_URL, for test suites, browser tests
 * and benchmarks that must not share state. Created and dropped through the `postgres` database.
 */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(statement: string) {
  const { default: postgres } = await import('postgres');
  const sql = postgres(withDatabase(process.env.MIGRATION_DATABASE_URL!, 'postgres'), { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(statement);
  } finally {
    await sql.end();
  }
}

/** A new empty database named `<prefix>_<random>`; returns its name. */
export async function createDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  await admin(`create database ${name}`);
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await admin(`drop database if exists ${name} with (force)`);
}

/** The app role's and the owner's URLs for one database. */
export function urlsFor(name: string) {
  return { databaseUrl: withDatabase(process.env.DATABASE_URL!, name), migrationUrl: withDatabase(process.env.MIGRATION_DATABASE_URL!, name) };
}
