import { join } from 'node:path';
import * as v from 'valibot';
import { nodeEnv, optionalUrl, parseEnv, port } from '@renda/config';
import type { StorageConfig } from '@renda/storage';

const optionalText = () => v.pipe(v.optional(v.string(), ''), v.transform((s) => (s.trim() === '' ? undefined : s.trim())));

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
  // Uploaded files: local disk under DATA_DIR/files, or an S3-compatible bucket.
  STORAGE: v.optional(v.picklist(['local', 's3']), 'local'),
  S3_ENDPOINT: optionalUrl(),
  S3_BUCKET: optionalText(),
  S3_REGION: v.optional(v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,40}$/)), 'us-east-1'),
  S3_ACCESS_KEY_ID: optionalText(),
  S3_SECRET_ACCESS_KEY: optionalText(),
  S3_FORCE_PATH_STYLE: v.optional(v.picklist(['0', '1']), '1'),
  UPLOAD_MAX_BYTES: v.optional(v.pipe(v.string(), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(1024 * 1024 * 1024)), '10485760'),
});

export type ApiEnv = v.InferOutput<typeof Env>;

/** Parsed once at boot; a bad value stops the process with every problem listed. */
export function loadEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  const env = parseEnv(Env, source);
  if (env.NODE_ENV === 'production' && !env.DATABASE_URL) {
    throw new Error('invalid environment:\n  DATABASE_URL: required in production (the embedded database is for a first look only)');
  }
  if (env.STORAGE === 's3') {
    const missing = (['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter((k) => !env[k]);
    if (missing.length) throw new Error(`invalid environment:\n${missing.map((k) => `  ${k}: required when STORAGE=s3`).join('\n')}`);
  }
  return env;
}

/** Where uploaded files go, from the parsed environment (loadEnv has checked the S3 variables). */
export function storageConfig(env: ApiEnv): StorageConfig {
  if (env.STORAGE === 'local') return { kind: 'local', dir: join(env.DATA_DIR, 'files') };
  return {
    kind: 's3', endpoint: env.S3_ENDPOINT!, bucket: env.S3_BUCKET!, region: env.S3_REGION,
    accessKeyId: env.S3_ACCESS_KEY_ID!, secretAccessKey: env.S3_SECRET_ACCESS_KEY!, forcePathStyle: env.S3_FORCE_PATH_STYLE === '1',
  };
}
