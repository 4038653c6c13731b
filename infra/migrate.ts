// Deployment entry point for schema migrations: `node infra/migrate.ts` (compose's `migrate`
// service, the Kubernetes `renda-migrate` Job). Runs once per release, before the new API pods.
//
// The API can also migrate at boot when it is given MIGRATION_DATABASE_URL (the embedded start
// does). Deployments do not give it that URL: with several replicas booting at once they would
// race to apply the same migrations, and a process that serves the internet should not hold the
// credentials that can rewrite row-level-security policies. This one-shot process is the only
// holder of the owner's URL.
import * as v from 'valibot';
import { parseEnv } from '@renda/config';
import { assertAppRole, openPostgres, runMigrations } from '@renda/db';
import { installQueue } from '@renda/api';

const env = parseEnv(
  v.object({
    // renda_owner: owns the schema, applies drizzle and hand-written SQL migrations.
    MIGRATION_DATABASE_URL: v.pipe(v.string(), v.url()),
    // renda_app: checked after the migrations, so a release whose grants or ownership would let the
    // app bypass row-level security fails here instead of at the first API boot.
    DATABASE_URL: v.pipe(v.string(), v.url()),
  }),
  process.env,
);

const started = Date.now();
const owner = await openPostgres(env.MIGRATION_DATABASE_URL, { max: 1 });
try {
  await runMigrations(owner);
  // pg-boss's own tables, installed by the owner; the worker runs with migrate: false.
  await installQueue(env.MIGRATION_DATABASE_URL);
} finally {
  await owner.close();
}

const app = await openPostgres(env.DATABASE_URL, { max: 1 });
try {
  await assertAppRole(app);
} finally {
  await app.close();
}

console.log(JSON.stringify({ t: new Date().toISOString(), msg: 'migrations applied', ms: Date.now() - started }));
