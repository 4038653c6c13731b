import * as v from 'valibot';
import { nodeEnv, optionalUrl, parseEnv } from '@renda/config';

const Env = v.object({
  DATABASE_URL: v.pipe(v.string(), v.url()),
  MIGRATION_DATABASE_URL: optionalUrl(),
  NODE_ENV: nodeEnv(),
});

/** The worker needs PostgreSQL: in the embedded start the API runs its jobs on a timer instead. */
export function loadEnv(source: Record<string, string | undefined> = process.env) {
  return parseEnv(Env, source);
}
