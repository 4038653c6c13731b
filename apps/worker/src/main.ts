import { bootPlatform, channelConfig, jobsConfig, registerJobs } from '@renda/api';
import { loadEnv } from './env.ts';

// The worker: the same platform as the API (database, Redis, channels) without HTTP, working the
// jobs the API queues — deliveries, webhooks, the outbox sweeper, deadlines, maintenance.
const env = loadEnv();
const log = (line: object) => console.log(JSON.stringify({ t: new Date().toISOString(), app: 'worker', ...line }));
const platform = await bootPlatform({
  databaseUrl: env.DATABASE_URL,
  // Migrations and the queue's tables are installed wherever the owner's URL is given.
  migrationUrl: env.MIGRATION_DATABASE_URL,
  redisUrl: env.REDIS_URL,
  redisPrefix: env.REDIS_PREFIX,
  dataDir: null,
  production: env.NODE_ENV === 'production',
  poolMax: env.WORKER_CONCURRENCY * 2 + 2,
  channels: channelConfig(env),
  jobs: jobsConfig(env),
  queue: { supervise: true, schedule: true, superviseIntervalSeconds: env.WORKER_SUPERVISE_SECONDS, max: 4 },
  log,
});
await registerJobs(platform.boss!, platform.deps, log, { pollingIntervalSeconds: env.WORKER_POLL_SECONDS, concurrency: env.WORKER_CONCURRENCY });
log({ msg: 'worker started', channels: (['sms', 'wechat', 'email'] as const).filter((c) => platform.deps.channels.configured(c)) });

async function shutdown(signal: string) {
  log({ msg: 'shutting down', signal });
  await platform.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
