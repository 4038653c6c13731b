import { eq, sql } from 'drizzle-orm';
import { tenantModules, tenants, withContext, type DatabaseHandle } from '@renda/db';
import { resolveAll, type FlagRow, type ModuleKey, type ResolvedModule } from '@renda/features';
import type { Shared } from '../../platform/shared.ts';

export type ResolvedFlags = Record<ModuleKey, ResolvedModule>;

/**
 * Module flags per tenant, resolved along the path from the root.
 *
 * Two caches: each process keeps resolved flags in memory, and Redis keeps the raw rows of a
 * path so that a new or restarted instance does not go to the database for every tenant. Both
 * are keyed by a global version that every change increments and publishes, so a change at a
 * province invalidates its whole subtree on every API instance at once, with nothing to scan.
 */
export interface FlagService {
  resolve(tenantPath: string): Promise<ResolvedFlags>;
  /** The global version this instance has seen; it grows with every change anywhere. */
  version(): number;
  /** Call after a change is committed. */
  changed(): Promise<void>;
  start(): Promise<void>;
}

const CHANNEL = 'renda:flags';
const VERSION_KEY = 'flags:version';
const LOCAL_LIMIT = 20_000;

export function createFlagService(handle: DatabaseHandle, shared: Shared): FlagService {
  let version = 0;
  const local = new Map<string, ResolvedFlags>();
  const setVersion = (v: number) => {
    if (v > version) {
      version = v;
      local.clear();
    }
  };

  async function loadRows(tenantPath: string): Promise<FlagRow[]> {
    const key = `flags:${version}:${tenantPath}`;
    const cached = await shared.get(key);
    if (cached) return JSON.parse(cached) as FlagRow[];
    // Ancestors' rows are readable through the broadcast-down policy of tenant_modules.
    const rows = await withContext(handle, { scopePath: tenantPath }, (tx) =>
      tx.select({
        moduleKey: tenantModules.moduleKey, tenantId: tenantModules.tenantId, tenantPath: tenantModules.tenantPath,
        tenantName: tenants.name, state: tenantModules.state, locked: tenantModules.locked, config: tenantModules.config,
      })
        .from(tenantModules)
        .innerJoin(tenants, eq(tenants.id, tenantModules.tenantId))
        .where(sql`${tenantModules.tenantPath} @> ${tenantPath}::ltree`));
    await shared.set(key, JSON.stringify(rows), 3600);
    return rows as FlagRow[];
  }

  return {
    async resolve(tenantPath) {
      const key = `${version}:${tenantPath}`;
      const hit = local.get(key);
      if (hit) return hit;
      const resolved = resolveAll(await loadRows(tenantPath), tenantPath);
      if (local.size >= LOCAL_LIMIT) local.clear();
      local.set(key, resolved);
      return resolved;
    },
    version: () => version,
    async changed() {
      const next = await shared.incr(VERSION_KEY);
      setVersion(next);
      await shared.publish(CHANNEL, String(next));
    },
    async start() {
      setVersion(Number((await shared.get(VERSION_KEY)) ?? 0));
      await shared.subscribe(CHANNEL, (message) => setVersion(Number(message)));
    },
  };
}
