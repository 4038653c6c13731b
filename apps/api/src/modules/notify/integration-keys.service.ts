import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { integrationKeys, rowsOf, units, withContext, type Tx } from '@renda/db';
import type { IntegrationKeyCreate } from '@renda/contracts';
import type * as v from 'valibot';
import { subjectOf } from '@renda/policy';
import type { Deps } from '../../platform/env-types.ts';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { Problem, notFound } from '../../platform/problem.ts';

const KEY = /^rk_([a-z0-9]{8})_([A-Za-z0-9_-]{32,100})$/;
const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');

/** A new key `rk_<prefix>_<secret>`: the prefix names it in lists, only the SHA-256 of the whole key is kept. */
function newKey() {
  const prefix = randomBytes(5).toString('hex').slice(0, 8);
  const key = `rk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, keyHash: hashOf(key) };
}

export interface ResolvedKey {
  id: string;
  keyId: string;
  name: string;
  tenantId: string;
  tenantPath: string;
  unitId: string | null;
}

/**
 * The congress and unit an inbound call acts for, from its `Authorization: Bearer <key>` header
 * (or the bare key): found through `integration_key_lookup` by hash, so no request context is
 * needed to find it, then marked used in its own congress's context. Unknown, malformed or
 * revoked keys give null.
 * @example const key = await resolveIntegrationKey(deps, c.req.header('authorization'));
 */
export async function resolveIntegrationKey(deps: Deps, authorization: string | null | undefined): Promise<ResolvedKey | null> {
  const token = (authorization ?? '').replace(/^Bearer\s+/i, '').trim();
  if (!KEY.test(token)) return null;
  const [found] = await withContext(deps.handle, {}, async (tx) => rowsOf<{ key_id: string; tenant_id: string; tenant_path: string; unit_id: string | null }>(
    await tx.execute(sql`select * from integration_key_lookup(${hashOf(token)})`)));
  if (!found) return null;
  const [used] = await withContext(deps.handle, { tenantId: found.tenant_id, scopePath: found.tenant_path, principal: `integration:${found.key_id}` }, (tx) =>
    tx.update(integrationKeys).set({ lastUsedAt: sql`now()` })
      .where(and(eq(integrationKeys.id, found.key_id), isNull(integrationKeys.revokedAt)))
      .returning({ name: integrationKeys.name }));
  if (!used) return null;
  return { id: found.key_id, keyId: found.key_id, name: used.name, tenantId: found.tenant_id, tenantPath: found.tenant_path, unitId: found.unit_id };
}

const columns = {
  id: integrationKeys.id, tenantId: integrationKeys.tenantId, name: integrationKeys.name, prefix: integrationKeys.prefix,
  unitId: integrationKeys.unitId, unitName: units.name, createdAt: integrationKeys.createdAt,
  lastUsedAt: integrationKeys.lastUsedAt, revokedAt: integrationKeys.revokedAt,
};

async function keysOf(tx: Tx, tenantId: string, id?: string) {
  const rows = await tx.select(columns).from(integrationKeys)
    .leftJoin(units, and(eq(units.tenantId, integrationKeys.tenantId), eq(units.id, integrationKeys.unitId)))
    .where(and(eq(integrationKeys.tenantId, tenantId), id ? eq(integrationKeys.id, id) : undefined))
    .orderBy(integrationKeys.createdAt, integrationKeys.id);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return rows.map((r) => ({ ...r, unitName: r.unitName ?? null, createdAt: r.createdAt.toISOString(), lastUsedAt: iso(r.lastUsedAt), revokedAt: iso(r.revokedAt) }));
}

function allow(c: Ctx, action: 'read' | 'create' | 'update') {
  const auth = requireAuth(c);
  authorize(c, action, subjectOf('IntegrationKey', { tenantId: auth.membership.tenantId }));
  return auth.membership.tenantId;
}

export async function listIntegrationKeys(c: Ctx) {
  const tenantId = allow(c, 'read');
  return { items: await tenantTx(c, (tx) => keysOf(tx, tenantId)) };
}

export async function createIntegrationKey(c: Ctx, body: v.InferOutput<typeof IntegrationKeyCreate>) {
  const tenantId = allow(c, 'create');
  return tenantTx(c, async (tx, auth) => {
    if (body.unitId) {
      const [unit] = await tx.select({ id: units.id }).from(units).where(and(eq(units.tenantId, tenantId), eq(units.id, body.unitId)));
      if (!unit) throw new Problem(422, 'validation', 'notify.unitNotFound', {}, { errors: [{ path: 'unitId', message: '' }] });
    }
    const { key, prefix, keyHash } = newKey();
    const [row] = await tx.insert(integrationKeys).values({ tenantId, tenantPath: '', name: body.name, prefix, keyHash, unitId: body.unitId ?? null, createdBy: auth.userId })
      .returning({ id: integrationKeys.id });
    await audit(tx, c, { action: 'integrationKey.create', subjectType: 'IntegrationKey', subjectId: row.id, detail: { name: body.name, prefix, unitId: body.unitId ?? null } });
    const [view] = await keysOf(tx, tenantId, row.id);
    return { ...view, key };
  });
}

/** Revoke a key at once; revoking a revoked key changes nothing and answers the same. */
export async function revokeIntegrationKey(c: Ctx, id: string) {
  const tenantId = allow(c, 'update');
  return tenantTx(c, async (tx) => {
    const [existing] = await keysOf(tx, tenantId, id);
    if (!existing) throw notFound('notify.keyNotFound');
    if (!existing.revokedAt) {
      await tx.update(integrationKeys).set({ revokedAt: sql`now()` }).where(and(eq(integrationKeys.tenantId, tenantId), eq(integrationKeys.id, id)));
      await audit(tx, c, { action: 'integrationKey.revoke', subjectType: 'IntegrationKey', subjectId: id, detail: { name: existing.name, prefix: existing.prefix } });
    }
    return (await keysOf(tx, tenantId, id))[0];
  });
}
