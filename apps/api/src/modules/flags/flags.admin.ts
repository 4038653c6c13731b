import { and, eq } from 'drizzle-orm';
import { tenantModules, type Tx } from '@renda/db';
import { getModule, modules, toJsonSchema, validateConfig, type ModuleKey, type ResolvedModule } from '@renda/features';
import { subjectOf } from '@renda/policy';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { Problem } from '../../platform/problem.ts';

function present(key: ModuleKey, r: ResolvedModule) {
  const def = getModule(key);
  return {
    key, name: def.name, description: def.description, defaultEnabled: def.defaultEnabled, dependencies: def.dependencies,
    state: r.state, locked: r.locked, lockedBy: r.lockedBy, enabled: r.enabled, blockedBy: r.blockedBy,
    ownLock: false, route: def.route, fields: def.fields, configSchema: toJsonSchema(def.fields), config: r.config,
  };
}

async function ownRow(tx: Tx, tenantId: string, key: ModuleKey) {
  const [row] = await tx.select().from(tenantModules).where(and(eq(tenantModules.tenantId, tenantId), eq(tenantModules.moduleKey, key)));
  return row ?? null;
}

export async function listModules(c: Ctx) {
  authorize(c, 'read', 'Module');
  const auth = requireAuth(c);
  const flags = await c.get('deps').flags.resolve(auth.membership.tenantPath);
  const own = await tenantTx(c, (tx) => tx.select().from(tenantModules).where(eq(tenantModules.tenantId, auth.membership.tenantId)));
  return modules.map((m) => ({ ...present(m.key, flags[m.key]), ownLock: own.some((r) => r.moduleKey === m.key && r.locked) }));
}

/** Change the tenant's own row, refusing what an ancestor locked, then invalidate every cache. */
async function change(c: Ctx, key: ModuleKey, patch: { state?: 'on' | 'off' | null; locked?: boolean; config?: Record<string, unknown> }, action: string) {
  const auth = requireAuth(c);
  authorize(c, 'update', subjectOf('Module', { tenantId: auth.membership.tenantId }));
  if (patch.locked !== undefined) authorize(c, 'lock', 'Module');
  const deps = c.get('deps');
  const before = (await deps.flags.resolve(auth.membership.tenantPath))[key];
  if (before.locked) throw new Problem(409, 'module-locked', 'module.locked', { name: before.lockedBy?.name ?? '' });
  await tenantTx(c, async (tx) => {
    const row = await ownRow(tx, auth.membership.tenantId, key);
    const next = {
      state: patch.state !== undefined ? patch.state : (row?.state ?? null),
      locked: patch.locked ?? row?.locked ?? false,
      config: patch.config ?? row?.config ?? null,
    };
    if (next.locked && next.state === null) throw new Problem(422, 'validation', 'module.lockNeedsState', {}, { errors: [{ path: 'locked', message: '' }] });
    if (row && next.state === null && !next.locked && next.config === null) {
      await tx.delete(tenantModules).where(and(eq(tenantModules.tenantId, auth.membership.tenantId), eq(tenantModules.moduleKey, key)));
    } else {
      await tx.insert(tenantModules)
        .values({ tenantId: auth.membership.tenantId, tenantPath: '', moduleKey: key, ...next, updatedBy: auth.userId })
        .onConflictDoUpdate({ target: [tenantModules.tenantId, tenantModules.moduleKey], set: { ...next, updatedAt: new Date(), updatedBy: auth.userId } });
    }
    await audit(tx, c, { action, subjectType: 'Module', subjectId: key, detail: { ...patch, before: { state: before.state, enabled: before.enabled } } });
  });
  await deps.flags.changed();
  const after = await deps.flags.resolve(auth.membership.tenantPath);
  return { ...present(key, after[key]), ownLock: patch.locked ?? false };
}

export function setState(c: Ctx, key: ModuleKey, input: { state: 'on' | 'off' | 'inherit'; locked?: boolean }) {
  return change(c, key, { state: input.state === 'inherit' ? null : input.state, locked: input.locked }, 'module.update');
}

export function setConfig(c: Ctx, key: ModuleKey, config: Record<string, unknown>) {
  const result = validateConfig(getModule(key).fields, config, c.get('locale'));
  if (!result.ok) throw new Problem(422, 'validation', 'problem.validation', {}, { errors: result.issues.map((i) => ({ path: `config.${i.path}`, message: i.message })) });
  return change(c, key, { config: result.value }, 'module.configure');
}
