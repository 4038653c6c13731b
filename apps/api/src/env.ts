import { join } from 'node:path';
import * as v from 'valibot';
import { nodeEnv, optionalUrl, parseEnv, port } from '@renda/config';
import type { StorageConfig } from '@renda/storage';
import type { ChannelConfig } from './modules/notify/channels.ts';
import type { JobsConfig } from './platform/queue.ts';

const optionalText = () => v.pipe(v.optional(v.string(), ''), v.transform((s) => (s.trim() === '' ? undefined : s.trim())));
const seconds = (fallback: number, max: number) => v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(max)), String(fallback));
const gatewayUrl = () => v.pipe(optionalUrl(), v.check((u) => u === undefined || /^https?:\/\//.test(u), 'must be an http(s) URL'));
const gatewaySecret = () => v.pipe(optionalText(), v.check((s) => s === undefined || s.length >= 16, 'must have at least 16 characters'));

/**
 * Outbound channels and job timings: the API queues with them, the worker sends with them, so
 * both parse the same variables.
 */
export const NotifyEnv = {
  SMS_WEBHOOK_URL: gatewayUrl(),
  SMS_WEBHOOK_SECRET: gatewaySecret(),
  WECHAT_WEBHOOK_URL: gatewayUrl(),
  WECHAT_WEBHOOK_SECRET: gatewaySecret(),
  SMTP_URL: v.pipe(optionalUrl(), v.check((u) => u === undefined || /^smtps?:\/\//.test(u), 'must be an smtp:// or smtps:// URL')),
  MAIL_FROM: v.pipe(optionalText(), v.check((s) => s === undefined || /^[^\s@<>]+@[^\s@<>]+$|<[^\s@<>]+@[^\s@<>]+>$/.test(s), 'must be an address, e.g. Renda <noreply@example.org>')),
  // A job active for longer lost its worker and is retried (sends time out after 10 s).
  JOB_EXPIRE_SECONDS: seconds(60, 3600),
  NOTIFY_RETRY_DELAY_SECONDS: seconds(30, 3600),
  WEBHOOK_RETRY_BASE_SECONDS: seconds(30, 3600),
};
type NotifyVars = { [K in keyof typeof NotifyEnv]: v.InferOutput<(typeof NotifyEnv)[K]> };

/** A gateway without its secret, or SMTP without a sender, is a mistake to stop at, not to run with. */
export function checkNotifyEnv(env: NotifyVars): void {
  const problems: string[] = [];
  for (const ch of ['SMS', 'WECHAT'] as const) {
    if (Boolean(env[`${ch}_WEBHOOK_URL`]) !== Boolean(env[`${ch}_WEBHOOK_SECRET`])) problems.push(`  ${ch}_WEBHOOK_URL and ${ch}_WEBHOOK_SECRET: set both or neither`);
  }
  if (env.SMTP_URL && !env.MAIL_FROM) problems.push('  MAIL_FROM: required when SMTP_URL is set');
  if (problems.length) throw new Error(`invalid environment:\n${problems.join('\n')}`);
}

/** The SMS, WeChat and email channels from the parsed environment. */
export function channelConfig(env: NotifyVars): ChannelConfig {
  return {
    sms: env.SMS_WEBHOOK_URL ? { url: env.SMS_WEBHOOK_URL, secret: env.SMS_WEBHOOK_SECRET! } : null,
    wechat: env.WECHAT_WEBHOOK_URL ? { url: env.WECHAT_WEBHOOK_URL, secret: env.WECHAT_WEBHOOK_SECRET! } : null,
    email: env.SMTP_URL ? { url: env.SMTP_URL, from: env.MAIL_FROM! } : null,
  };
}

/** Job timings from the parsed environment. */
export function jobsConfig(env: NotifyVars): JobsConfig {
  return {
    policies: {
      'notify.deliver': { expireInSeconds: env.JOB_EXPIRE_SECONDS, retryDelay: env.NOTIFY_RETRY_DELAY_SECONDS },
      'webhook.deliver': { expireInSeconds: env.JOB_EXPIRE_SECONDS },
    },
    webhook: { baseDelaySeconds: env.WEBHOOK_RETRY_BASE_SECONDS },
  };
}

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
  ...NotifyEnv,
});

export type ApiEnv = v.InferOutput<typeof Env>;

/** Parsed once at boot; a bad value stops the process with every problem listed. */
export function loadEnv(source: Record<string, string | undefined> = process.env): ApiEnv {
  const env = parseEnv(Env, source);
  checkNotifyEnv(env);
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
