import { normalizeConfig } from './config-schema.ts';
import type { ConfigValues } from './fields.ts';
import type { ModuleDefinition, ModuleKey } from './module.ts';
import { getModule, modules } from './registry.ts';

/** A tenant's stored flag for one module. `tenantPath` is the tenant's ltree path. */
export type FlagRow = {
  moduleKey: string;
  tenantId: string;
  tenantPath: string;
  tenantName: string;
  state: 'on' | 'off' | null;
  locked: boolean;
  config: Record<string, unknown> | null;
};

/** How a module stands for one tenant after resolution. */
export type ResolvedModule = {
  key: ModuleKey;
  /** The tenant's own explicit setting, even when a lock overrides it. */
  state: 'on' | 'off' | 'inherit';
  enabled: boolean;
  /** Locked by a strict ancestor: the tenant cannot change it. */
  locked: boolean;
  lockedBy: { tenantId: string; name: string } | null;
  config: ConfigValues;
  /** The dependency that is off and so turns this module off too (set by {@link resolveAll}). */
  blockedBy: ModuleKey | null;
};

function depth(path: string): number {
  return path.split('.').length;
}

/**
 * The module's rows of the tenant and its ancestors, root first. Any other row is dropped: a
 * sibling's or descendant's flag must never leak into this tenant. An empty path is not treated
 * as the root (see DESIGN.md, "An empty ltree is the root"), so such a row applies to no one.
 */
function lineage(key: ModuleKey, rows: readonly FlagRow[], tenantPath: string): FlagRow[] {
  return rows
    .filter((row) => row.moduleKey === key)
    .filter((row) => row.tenantPath !== '' && (row.tenantPath === tenantPath || tenantPath.startsWith(`${row.tenantPath}.`)))
    .sort((a, b) => depth(a.tenantPath) - depth(b.tenantPath));
}

/**
 * Resolves one module for the tenant at `tenantPath`. The topmost strict ancestor that locked
 * the module with a state decides it for its whole subtree (unified build); otherwise the
 * nearest explicit state wins, the tenant's own first; otherwise the module's default. A lock
 * set by the tenant itself binds its descendants, not itself. Configuration is the nearest
 * explicit one (own, then ancestors) over the field defaults, so a province's settings reach
 * every county that has not set its own. Dependencies are not applied here: see resolveAll.
 * @example
 * resolveModule(getModule('cases'), rows, '32.3209.320923');
 * // { key: 'cases', state: 'inherit', enabled: false, locked: true,
 * //   lockedBy: { tenantId: 't-32', name: '江苏省人大常委会' }, config: { … }, blockedBy: null }
 */
export function resolveModule(def: ModuleDefinition, rows: readonly FlagRow[], tenantPath: string): ResolvedModule {
  const chain = lineage(def.key, rows, tenantPath);
  const nearestFirst = [...chain].reverse();
  const own = chain.find((row) => row.tenantPath === tenantPath) ?? null;
  const lock = chain.find((row) => row.tenantPath !== tenantPath && row.locked && row.state !== null) ?? null;
  const explicit = nearestFirst.find((row) => row.state !== null) ?? null;
  const decided = lock ?? explicit;
  const configured = nearestFirst.find((row) => row.config !== null) ?? null;
  return {
    key: def.key,
    state: own?.state ?? 'inherit',
    enabled: decided ? decided.state === 'on' : def.defaultEnabled,
    locked: lock !== null,
    lockedBy: lock ? { tenantId: lock.tenantId, name: lock.tenantName } : null,
    config: normalizeConfig(def.fields, configured?.config ?? null),
    blockedBy: null,
  };
}

/**
 * Resolves every module for the tenant at `tenantPath`, then turns off each module whose
 * dependency is off, transitively (learning needs duties, which needs deputies).
 * @example
 * const flags = resolveAll(rows, '32.3209.320923');
 * if (!flags.cases.enabled) return c.notFound();
 */
export function resolveAll(rows: readonly FlagRow[], tenantPath: string): Record<ModuleKey, ResolvedModule> {
  const done = new Map<ModuleKey, ResolvedModule>();
  const visiting = new Set<ModuleKey>();
  const visit = (def: ModuleDefinition): ResolvedModule => {
    const known = done.get(def.key);
    if (known) return known;
    if (visiting.has(def.key)) throw new Error(`Module dependency cycle through ${def.key}`);
    visiting.add(def.key);
    let result = resolveModule(def, rows, tenantPath);
    const off = def.dependencies.find((dep) => !visit(getModule(dep)).enabled) ?? null;
    if (result.enabled && off) result = { ...result, enabled: false, blockedBy: off };
    visiting.delete(def.key);
    done.set(def.key, result);
    return result;
  };
  return Object.fromEntries(modules.map((def) => [def.key, visit(def)])) as Record<ModuleKey, ResolvedModule>;
}
