import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { DeputyCreate, DeputyImport, DeputyQuery, DeputyUpdate } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import * as svc from './deputies.service.ts';
import { importDeputies } from './import.service.ts';

export const deputyRoutes = new Hono<AppEnv>();
export const deputyImportRoutes = new Hono<AppEnv>();

const IdParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const tags = ['deputies'];
deputyRoutes.use('*', requireModule('deputies'));
deputyImportRoutes.use('*', requireModule('deputies'));

// GET /api/v1/deputies — seats in the active subtree (a deputy gets only their own)
deputyRoutes.get('/', describeRoute({ tags, summary: 'List deputies' }), input('query', DeputyQuery), async (c) =>
  c.json(await svc.listDeputies(c, c.req.valid('query'))));

// GET /api/v1/deputies/mine — the caller's seat in the active congress, newest term
deputyRoutes.get('/mine', describeRoute({ tags, summary: 'My seat' }), async (c) => c.json(await svc.mine(c)));

// GET /api/v1/deputies/:id — one seat with its personal fields (phone masked above its congress)
deputyRoutes.get('/:id', describeRoute({ tags, summary: 'Get a deputy' }), input('param', IdParam), async (c) =>
  c.json(await svc.getDeputy(c, c.req.valid('param').id)));

// GET /api/v1/deputies/:id/qr.svg — the QR code of the public profile URL
deputyRoutes.get('/:id/qr.svg', describeRoute({ tags, summary: 'QR code of the public profile' }), input('param', IdParam), async (c) => {
  const svg = await svc.qrSvg(c, c.req.valid('param').id);
  return c.body(svg, 200, { 'Content-Type': 'image/svg+xml' });
});

// POST /api/v1/deputies — seat a person (existing or new account) in a term of the active congress
deputyRoutes.post('/', describeRoute({ tags, summary: 'Create a deputy' }), input('json', DeputyCreate), async (c) =>
  c.json(await svc.createDeputy(c, c.req.valid('json')), 201));

// PATCH /api/v1/deputies/:id — change a seat: links, profile, status
deputyRoutes.patch('/:id', describeRoute({ tags, summary: 'Update a deputy' }), input('param', IdParam), input('json', DeputyUpdate), async (c) =>
  c.json(await svc.updateDeputy(c, c.req.valid('param').id, c.req.valid('json'))));

// POST /api/v1/imports/deputies — bulk import of deputies from CSV; dry run first, per-row report
deputyImportRoutes.post('/', describeRoute({ tags, summary: 'Import deputies from CSV' }), input('json', DeputyImport), async (c) => {
  const { csv, dryRun } = c.req.valid('json');
  return c.json(await importDeputies(c, csv, dryRun));
});
