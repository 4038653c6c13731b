import * as v from 'valibot';
import { nodeEnv, optionalUrl, parseEnv, port } from '@renda/config';

const Env = v.object({
  PORT: port(3000),
  HOST: v.optional(v.string(), '0.0.0.0'),
  DATA_DIR: v.optional(v.string(), './data'),
  DATABASE_URL: optionalUrl(),
  MIGRATION_DATABASE_URL: optionalUrl(),
  REDIS_URL: optionalUrl(),
  REDIS_PREFIX: v.optional(v.pipe(v.string(), v.regex(/^[\w:.-]{1,40}$/)), 'renda:'),
  NODE_ENV: nodeEnv(),
  DB_POOL_MAX: v.optional(v.pipe(v.string(), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(200)), '10'),
  LOG_REQUESTS: v.optional(v.picklist(['0', '1']), '1'),
});

export type ApiEnv = v.InferOutput<typeof Env>;

/** Parsed once at boot; a bad value stops the process with every problem listed. */
export function loadEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  const env = parseEnv(Env, source);
  if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
    throw new Error('invalid environment:\n  DATABASE_URL: required in production (the embedded database is for a first look only)');
  }
  return env;
}
