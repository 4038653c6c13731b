import { PgBoss } from 'pg-boss';

export const QUEUE_SCHEMA = 'pgboss';

/**
 * Install or upgrade pg-boss's tables as the owner, then let the app role use them. The API and
 * the worker connect as renda_app and start pg-boss with `migrate: false`, so no request-serving
 * process ever needs DDL rights.
 * @example await installQueue(env.MIGRATION_DATABASE_URL);
 */
export async function installQueue(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, schema: QUEUE_SCHEMA, supervise: false, schedule: false, max: 1 });
  boss.on('error', () => {});
  await boss.start();
  await boss.stop({ graceful: false });
  const { default: postgres } = await import('postgres');
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`
      GRANT USAGE ON SCHEMA ${QUEUE_SCHEMA} TO renda_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${QUEUE_SCHEMA} TO renda_app;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${QUEUE_SCHEMA} TO renda_app;
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${QUEUE_SCHEMA} TO renda_app;`);
  } finally {
    await sql.end();
  }
}

/** A pg-boss instance as the app role, never migrating. */
export function createQueue(appUrl: string, options: { schedule?: boolean; supervise?: boolean } = {}): PgBoss {
  const boss = new PgBoss({ connectionString: appUrl, schema: QUEUE_SCHEMA, migrate: false, max: 4, ...options });
  return boss;
}
