import type { TenantCreate } from '@renda/contracts';
import { subjectOf } from '@renda/policy';
import { audit, authorize, tenantTx, type Ctx } from '../../platform/context.ts';
import { Problem, conflict, notFound } from '../../platform/problem.ts';
import { page } from '../../platform/pagination.ts';
import { forgetSessionsOfTenant } from './tenant-sessions.ts';
import * as q from './tenants.queries.ts';
import { provisionTree } from './provision.ts';

const levelRank: Record<string, number> = { province: 0, city: 1, county: 2, township: 3 };

/** The API shape of a tenant: the tenant is its own owner, so tenantId is its id. */
export function present(t: q.TenantRow) {
  return {
    id: t.id, tenantId: t.id, code: t.code, name: t.name, level: t.level, path: t.path, parentId: t.parentId,
    status: t.status, requireTotp: t.requireTotp, counts: { children: t.children, memberships: t.memberships, units: t.units },
  };
}

export function getTenant(c: Ctx, id: string) {
  authorize(c, 'read', 'Tenant');
  return tenantTx(c, async (tx) => {
    const t = await q.findTenant(tx, id);
    if (!t) throw notFound('tenant.notFound');
    return { ...present(t), ancestors: await q.ancestorsOf(tx, t.path) };
  });
}

export function listChildren(c: Ctx, id: string, cursor: string | null, limit: number) {
  authorize(c, 'read', 'Tenant');
  return tenantTx(c, async (tx) => {
    const parent = await q.findTenant(tx, id);
    if (!parent) throw notFound('tenant.notFound');
    const rows = await q.listChildren(tx, id, cursor, limit);
    const p = page(rows, limit, (r) => [r.code]);
    return { items: p.items.map(present), nextCursor: p.nextCursor };
  });
}

export function search(c: Ctx, text: string, cursor: string | null, limit: number) {
  authorize(c, 'read', 'Tenant');
  return tenantTx(c, async (tx) => {
    const p = page(await q.searchTenants(tx, text, cursor, limit), limit, (r) => [r.code]);
    return { items: p.items.map(present), nextCursor: p.nextCursor };
  });
}

/** Add a congress under a parent in the caller's subtree (the provincial team). */
export function createTenant(c: Ctx, input: TenantCreate) {
  authorize(c, 'create', 'Tenant');
  return tenantTx(c, async (tx, auth) => {
    const parent = await q.findTenant(tx, input.parentId);
    if (!parent || !(parent.path === auth.membership.tenantPath || parent.path.startsWith(auth.membership.tenantPath + '.'))) throw notFound('tenant.notFound');
    if (parent.status !== 'active') throw conflict('tenant.parentRetired');
    const errors = [];
    if (levelRank[input.level] <= levelRank[parent.level]) errors.push({ path: 'level', message: '' });
    if (!input.code.startsWith(parent.code) || input.code.length <= parent.code.length) errors.push({ path: 'code', message: '' });
    if (errors.length) throw new Problem(422, 'validation', 'tenant.badPlacement', { parent: parent.name }, { errors });
    const id = await q.insertTenant(tx, { ...input, path: `${parent.path}.${input.code}` });
    if (!id) throw conflict('tenant.codeTaken', { code: input.code });
    await audit(tx, c, { action: 'tenant.create', subjectType: 'Tenant', subjectId: id, tenantId: id, detail: { code: input.code, name: input.name } });
    return present((await q.findTenant(tx, id))!);
  });
}

/** Retire a congress that has no active children; its memberships stop working. */
export function retire(c: Ctx, id: string) {
  authorize(c, 'retire', 'Tenant');
  return tenantTx(c, async (tx, auth) => {
    const t = await q.findTenant(tx, id);
    if (!t || !t.path.startsWith(auth.membership.tenantPath)) throw notFound('tenant.notFound');
    if (t.path === auth.membership.tenantPath) throw conflict('tenant.retireSelf');
    if (t.children > 0) throw conflict('tenant.hasChildren', { count: t.children });
    if (t.status === 'retired') return present(t);
    await q.retireTenant(tx, id);
    await audit(tx, c, { action: 'tenant.retire', subjectType: 'Tenant', subjectId: id, tenantId: id });
    await forgetSessionsOfTenant(c, tx, id);
    return present((await q.findTenant(tx, id))!);
  });
}

export function updateSettings(c: Ctx, id: string, input: { requireTotp: boolean }) {
  authorize(c, 'update', subjectOf('Tenant', { id }), 'requireTotp');
  return tenantTx(c, async (tx) => {
    const t = await q.findTenant(tx, id);
    if (!t) throw notFound('tenant.notFound');
    await q.setRequireTotp(tx, id, input.requireTotp);
    await audit(tx, c, { action: 'tenant.settings', subjectType: 'Tenant', subjectId: id, tenantId: id, detail: input });
    await forgetSessionsOfTenant(c, tx, id);
    return present((await q.findTenant(tx, id))!);
  });
}

/** Fill the subtree of a tenant with every congress of the official division list (idempotent). */
export function provisionFromDivisions(c: Ctx, id: string) {
  authorize(c, 'create', 'Tenant');
  return tenantTx(c, async (tx, auth) => {
    const t = await q.findTenant(tx, id);
    if (!t || !(t.path === auth.membership.tenantPath || t.path.startsWith(auth.membership.tenantPath + '.'))) throw notFound('tenant.notFound');
    let created: number;
    try {
      created = await provisionTree(tx, t.code);
    } catch {
      throw conflict('tenant.notInDivisions', { code: t.code });
    }
    await audit(tx, c, { action: 'tenant.provision', subjectType: 'Tenant', subjectId: id, tenantId: id, detail: { created } });
    return { created, tenant: present((await q.findTenant(tx, id))!) };
  });
}
