import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { SuggestionCategoryCreate, SuggestionCategoryUpdate, SuggestionSessionCreate, SuggestionSessionUpdate } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import * as config from './config.service.ts';

const IdParam = v.object({ id: v.pipe(v.string(), v.uuid()) });

/** Sessions (会次) of the congress (part A). */
export const sessionRoutes = new Hono<AppEnv>();
sessionRoutes.use('*', requireModule('suggestions'));

// GET /api/v1/suggestion-sessions — sessions of the active congress, newest first
sessionRoutes.get('/', describeRoute({ tags: ['suggestions'], summary: 'List sessions' }), async (c) => c.json(await config.listSessions(c)));

// POST /api/v1/suggestion-sessions — open a session of the active congress (staff)
sessionRoutes.post('/', describeRoute({ tags: ['suggestions'], summary: 'Create a session' }), input('json', SuggestionSessionCreate), async (c) =>
  c.json(await config.createSession(c, c.req.valid('json')), 201));

// PATCH /api/v1/suggestion-sessions/:id — rename, set the end, close or reopen (staff)
sessionRoutes.patch('/:id', describeRoute({ tags: ['suggestions'], summary: 'Update a session' }), input('param', IdParam), input('json', SuggestionSessionUpdate), async (c) =>
  c.json(await config.updateSession(c, c.req.valid('param').id, c.req.valid('json'))));

/** Categories of motions and suggestions, a tree (part A). */
export const categoryRoutes = new Hono<AppEnv>();
categoryRoutes.use('*', requireModule('suggestions'));

// GET /api/v1/suggestion-categories — the tree the active congress files under (own and ancestors')
categoryRoutes.get('/', describeRoute({ tags: ['suggestions'], summary: 'List categories' }), async (c) => c.json(await config.listCategories(c)));

// POST /api/v1/suggestion-categories — add an own category (staff)
categoryRoutes.post('/', describeRoute({ tags: ['suggestions'], summary: 'Create a category' }), input('json', SuggestionCategoryCreate), async (c) =>
  c.json(await config.createCategory(c, c.req.valid('json')), 201));

// PATCH /api/v1/suggestion-categories/:id — rename or move an own category (403 for an inherited one)
categoryRoutes.patch('/:id', describeRoute({ tags: ['suggestions'], summary: 'Update a category' }), input('param', IdParam), input('json', SuggestionCategoryUpdate), async (c) =>
  c.json(await config.updateCategory(c, c.req.valid('param').id, c.req.valid('json'))));

// DELETE /api/v1/suggestion-categories/:id — delete an own category nobody uses (409 when used)
categoryRoutes.delete('/:id', describeRoute({ tags: ['suggestions'], summary: 'Delete a category' }), input('param', IdParam), async (c) => {
  await config.deleteCategory(c, c.req.valid('param').id);
  return c.body(null, 204);
});
