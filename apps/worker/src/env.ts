import * as v from 'valibot';
import { nodeEnv, optionalUrl, parseEnv } from '@renda/config';
import { NotifyEnv, checkNotifyEnv } from '@renda/api';

const Env = v.object({
  DATABASE_URL: v.pipe(v.string(), v.url()),
  MIGRATION_DATABASE_URL: optionalUrl(),
  // Live pushes of the notifications the worker writes (deadline reminders) reach the API's
  // streams through Redis; without it they are only seen on the next page load.
  REDIS_URL: optionalUrl(),
  REDIS_PREFIX: v.optional(v.pipe(v.string(), v.regex(/^[\w:.-]{1,40}$/)), 'renda:'),
  NODE_ENV: nodeEnv(),
  ...NotifyEnv,
  // How often stuck jobs are expired and an idle queue is polled.
  WORKER_SUPERVISE_SECONDS: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(3600)), '60'),
  WORKER_POLL_SECONDS: v.optional(v.pipe(v.string(), v.regex(/^\d+(\.\d+)?$/), v.transform(Number), v.minValue(0.5), v.maxValue(60)), '2'),
  WORKER_CONCURRENCY: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(64)), '4'),
});

/** The worker needs PostgreSQL: in the embedded start the API runs its jobs in process instead. */
export function loadEnv(source: Record<string, string | undefined> = process.env) {
  const env = parseEnv(Env, source);
  checkNotifyEnv(env);
  return env;
}
