import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { TenantCreate, TenantSearch, TenantSettings } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { decodeCursor, PageQuery } from '../../platform/pagination.ts';
import { input } from '../../platform/validate.ts';
import * as svc from './tenants.service.ts';

export const tenantRoutes = new Hono<AppEnv>();
const IdParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const tags = ['tenants'];

// GET /api/v1/tenants?q= — search the active subtree by name or code
tenantRoutes.get('/', describeRoute({ tags, summary: 'Search tenants' }), input('query', TenantSearch), async (c) => {
  const { q, cursor, limit } = c.req.valid('query');
  return c.json(await svc.search(c, q, decodeCursor(cursor, 1)?.[0] as string ?? null, limit));
});

// POST /api/v1/tenants — add a congress under a parent (provincial team)
tenantRoutes.post('/', describeRoute({ tags, summary: 'Add a tenant' }), input('json', TenantCreate), async (c) =>
  c.json(await svc.createTenant(c, c.req.valid('json')), 201));

// GET /api/v1/tenants/:id — one tenant with roll-up counts
tenantRoutes.get('/:id', describeRoute({ tags, summary: 'Get a tenant' }), input('param', IdParam), async (c) =>
  c.json(await svc.getTenant(c, c.req.valid('param').id)));

// GET /api/v1/tenants/:id/children — the next level of the tree
tenantRoutes.get('/:id/children', describeRoute({ tags, summary: 'List child tenants' }), input('param', IdParam), input('query', PageQuery), async (c) => {
  const { cursor, limit } = c.req.valid('query');
  return c.json(await svc.listChildren(c, c.req.valid('param').id, decodeCursor(cursor, 1)?.[0] as string ?? null, limit));
});

// POST /api/v1/tenants/:id/retire — retire a congress without active children
tenantRoutes.post('/:id/retire', describeRoute({ tags, summary: 'Retire a tenant' }), input('param', IdParam), async (c) =>
  c.json(await svc.retire(c, c.req.valid('param').id)));

// POST /api/v1/tenants/:id/provision — create the missing congresses below from the division list
tenantRoutes.post('/:id/provision', describeRoute({ tags, summary: 'Fill the subtree from the official division list' }), input('param', IdParam), async (c) =>
  c.json(await svc.provisionFromDivisions(c, c.req.valid('param').id)));

// PATCH /api/v1/tenants/:id/settings — the tenant's own settings (TOTP requirement)
tenantRoutes.patch('/:id/settings', describeRoute({ tags, summary: 'Change tenant settings' }), input('param', IdParam), input('json', TenantSettings), async (c) =>
  c.json(await svc.updateSettings(c, c.req.valid('param').id, c.req.valid('json'))));
