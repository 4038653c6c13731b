import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomUUID } from 'node:crypto';
import { createStorage, type StorageConfig } from '@renda/storage';
import { asOwner, assertAppRole, openPglite, openPostgres, runMigrations, type DatabaseHandle } from '@renda/db';
import type { Deps } from './platform/env-types.ts';
import { createMemoryShared, createRedisShared, type Shared } from './platform/shared.ts';
import { createFlagService } from './modules/flags/flags.service.ts';
import { seedDemo } from './modules/tenants/demo.ts';
import { createChannels, type ChannelConfig } from './modules/notify/channels.ts';
import { createLiveHub } from './modules/notify/hub.ts';
import { createBoss, createInlineJobQueue, createPgJobQueue, ensureQueues, installQueue, jobSettings, type BossOptions, type JobQueue, type JobsConfig } from './platform/queue.ts';
import { jobRunner } from './jobs/index.ts';
import type { PgBoss } from 'pg-boss';

export interface PlatformConfig {
  /** The app role's URL; absent = embedded PGlite in dataDir. */
  databaseUrl?: string;
  /** The owner's URL, for migrations and the demo seed; absent = migrations run elsewhere. */
  migrationUrl?: string;
  redisUrl?: string;
  /** Prefix of every Redis key and channel. */
  redisPrefix?: string;
  /** Embedded data; null keeps PGlite in memory (tests). */
  dataDir: string | null;
  production: boolean;
  poolMax?: number;
  seedDemo?: boolean;
  /** Where uploads go; absent = local disk in dataDir/files (a throwaway temp dir without dataDir). */
  storage?: StorageConfig;
  /** Largest accepted upload in bytes; default 10 MB. */
  uploadMaxBytes?: number;
  /** SMS and WeChat gateways and SMTP; an absent channel fails its deliveries visibly. */
  channels?: ChannelConfig;
  /** Retry and expiry of the durable jobs (defaults in platform/queue.ts). */
  jobs?: JobsConfig;
  /** The pg-boss instance: the API only sends (defaults); the worker supervises and schedules. */
  queue?: BossOptions;
  /** Where the platform's own background lines go (job failures); default stderr. */
  log?: (line: object) => void;
}

export interface Platform {
  deps: Deps;
  /** The owner's connection: PGlite itself when embedded, else the migration URL (or null). */
  owner: DatabaseHandle | null;
  /** pg-boss on a PostgreSQL server; null on the embedded start, whose jobs run in process. */
  boss: PgBoss | null;
  seeded: boolean;
  close(): Promise<void>;
}

/**
 * Open the database and Redis (or their embedded stand-ins), migrate, check the app role and
 * seed the demo on a first start.
 * @example const platform = await bootPlatform({ dataDir: './data', production: false, seedDemo: true });
 */
export async function bootPlatform(cfg: PlatformConfig, reuse?: { shared?: Shared }): Promise<Platform> {
  const log = cfg.log ?? ((line: object) => process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), ...line })}\n`));
  const settings = jobSettings(cfg.jobs);
  let handle: DatabaseHandle;
  let owner: DatabaseHandle | null = null;
  let boss: PgBoss | null = null;
  let jobs: JobQueue;
  let inline: ReturnType<typeof createInlineJobQueue> | null = null;
  if (cfg.databaseUrl) {
    if (cfg.migrationUrl) {
      owner = await openPostgres(cfg.migrationUrl, { max: 2 });
      await runMigrations(owner);
      await installQueue(cfg.migrationUrl);
    }
    handle = await openPostgres(cfg.databaseUrl, { max: cfg.poolMax ?? 10 });
    boss = createBoss(cfg.databaseUrl, { max: 2, ...cfg.queue });
    boss.on('error', (error) => log({ level: 'error', msg: 'job queue error', error: String(error) }));
    await boss.start();
    await ensureQueues(boss, settings);
    jobs = createPgJobQueue(boss, settings);
  } else {
    if (cfg.dataDir) mkdirSync(cfg.dataDir, { recursive: true });
    handle = await openPglite(cfg.dataDir ? join(cfg.dataDir, 'pg') : null);
    owner = handle;
    await runMigrations(handle);
    jobs = inline = createInlineJobQueue(settings, log);
  }
  await assertAppRole(handle);
  const shared: Shared = reuse?.shared ?? (cfg.redisUrl ? await createRedisShared(cfg.redisUrl, cfg.redisPrefix) : createMemoryShared());
  const flags = createFlagService(handle, shared);
  await flags.start();
  let seeded = false;
  if (cfg.seedDemo && !cfg.production && owner) seeded = await asOwner(owner, (tx) => seedDemo(tx));
  const storage = createStorage(cfg.storage ?? { kind: 'local', dir: cfg.dataDir ? join(cfg.dataDir, 'files') : join(tmpdir(), `renda-files-${randomUUID()}`) });
  const deps: Deps = {
    handle, shared, flags, production: cfg.production, secureCookies: cfg.production, demo: !cfg.production,
    storage, uploadMaxBytes: cfg.uploadMaxBytes ?? 10 * 1024 * 1024,
    jobs, hub: await createLiveHub(shared, log), channels: createChannels(cfg.channels),
  };
  // In process, a job runs right after its commit; the sweeper (jobs.ts) retries what failed.
  inline?.bind(jobRunner(deps, log, { lostAfterMs: 25_000 }));
  return {
    deps, owner, boss, seeded,
    async close() {
      inline?.stop();
      await boss?.stop({ graceful: cfg.queue?.supervise ?? false, timeout: 10_000 });
      await shared.close();
      if (owner && owner !== handle) await owner.close();
      await handle.close();
    },
  };
}
