import { bootPlatform } from './boot.ts';
import { createApp } from './app.ts';
import { channelConfig, jobsConfig, loadEnv, storageConfig } from './env.ts';
import { createHttpServer, loadWebHandler } from './server.ts';
import { startEmbeddedJobs } from './jobs.ts';

const env = loadEnv();
const embedded = !env.DATABASE_URL;
const platform = await bootPlatform({
  databaseUrl: env.DATABASE_URL,
  migrationUrl: env.MIGRATION_DATABASE_URL,
  redisUrl: env.REDIS_URL,
  redisPrefix: env.REDIS_PREFIX,
  dataDir: env.DATA_DIR,
  production: env.NODE_ENV === 'production',
  poolMax: env.DB_POOL_MAX,
  seedDemo: true,
  storage: storageConfig(env),
  uploadMaxBytes: env.UPLOAD_MAX_BYTES,
  channels: channelConfig(env),
  jobs: jobsConfig(env),
});
const app = createApp(platform.deps, { log: env.LOG_REQUESTS === '1' });
const web = await loadWebHandler();
const server = createHttpServer(app as never, web);
// In the embedded start the worker's jobs run in this process; deployments run apps/worker.
const jobs = embedded ? startEmbeddedJobs(platform.deps) : null;

server.listen(env.PORT, env.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  console.log(JSON.stringify({
    t: new Date().toISOString(), msg: 'renda listening', url: `http://${env.HOST === '0.0.0.0' ? '127.0.0.1' : env.HOST}:${port}`,
    database: embedded ? `embedded (${env.DATA_DIR})` : 'postgres', redis: env.REDIS_URL ? 'redis' : 'in-process', web: web ? 'served' : 'not built',
    demoSeeded: platform.seeded, node: process.version,
  }));
});

async function shutdown(signal: string) {
  console.log(JSON.stringify({ t: new Date().toISOString(), msg: 'shutting down', signal }));
  jobs?.stop();
  server.close();
  await platform.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
