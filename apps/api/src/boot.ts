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
}

export interface Platform {
  deps: Deps;
  /** The owner's connection: PGlite itself when embedded, else the migration URL (or null). */
  owner: DatabaseHandle | null;
  seeded: boolean;
  close(): Promise<void>;
}

/**
 * Open the database and Redis (or their embedded stand-ins), migrate, check the app role and
 * seed the demo on a first start.
 * @example const platform = await bootPlatform({ dataDir: './data', production: false, seedDemo: true });
 */
export async function bootPlatform(cfg: PlatformConfig, reuse?: { shared?: Shared }): Promise<Platform> {
  let handle: DatabaseHandle;
  let owner: DatabaseHandle | null = null;
  if (cfg.databaseUrl) {
    if (cfg.migrationUrl) {
      owner = await openPostgres(cfg.migrationUrl, { max: 2 });
      await runMigrations(owner);
    }
    handle = await openPostgres(cfg.databaseUrl, { max: cfg.poolMax ?? 10 });
  } else {
    if (cfg.dataDir) mkdirSync(cfg.dataDir, { recursive: true });
    handle = await openPglite(cfg.dataDir ? join(cfg.dataDir, 'pg') : null);
    owner = handle;
    await runMigrations(handle);
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
  };
  return {
    deps, owner, seeded,
    async close() {
      await shared.close();
      if (owner && owner !== handle) await owner.close();
      await handle.close();
    },
  };
}
