import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { GroupCreate, GroupUpdate, StationCreate, StationUpdate, TermCreate, TermUpdate } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import * as svc from './registry.service.ts';

export const termRoutes = new Hono<AppEnv>();
export const groupRoutes = new Hono<AppEnv>();
export const stationRoutes = new Hono<AppEnv>();

const IdParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const tags = ['deputies'];
for (const routes of [termRoutes, groupRoutes, stationRoutes]) routes.use('*', requireModule('deputies'));

// GET /api/v1/terms — terms of the active congress, newest first
termRoutes.get('/', describeRoute({ tags, summary: 'List terms' }), async (c) => c.json(await svc.listTerms(c)));

// POST /api/v1/terms — open a term of the active congress
termRoutes.post('/', describeRoute({ tags, summary: 'Create a term' }), input('json', TermCreate), async (c) =>
  c.json(await svc.createTerm(c, c.req.valid('json')), 201));

// PATCH /api/v1/terms/:id — set the last day of a term
termRoutes.patch('/:id', describeRoute({ tags, summary: 'Update a term' }), input('param', IdParam), input('json', TermUpdate), async (c) =>
  c.json(await svc.updateTerm(c, c.req.valid('param').id, c.req.valid('json').endsOn)));

// GET /api/v1/groups — delegation groups of the active congress
groupRoutes.get('/', describeRoute({ tags, summary: 'List delegation groups' }), async (c) => c.json(await svc.listGroups(c)));

// POST /api/v1/groups — add a delegation group
groupRoutes.post('/', describeRoute({ tags, summary: 'Create a delegation group' }), input('json', GroupCreate), async (c) =>
  c.json(await svc.createGroup(c, c.req.valid('json')), 201));

// PATCH /api/v1/groups/:id — rename or describe a group
groupRoutes.patch('/:id', describeRoute({ tags, summary: 'Update a delegation group' }), input('param', IdParam), input('json', GroupUpdate), async (c) =>
  c.json(await svc.updateGroup(c, c.req.valid('param').id, c.req.valid('json'))));

// DELETE /api/v1/groups/:id — remove a group; its deputies stay, ungrouped
groupRoutes.delete('/:id', describeRoute({ tags, summary: 'Delete a delegation group' }), input('param', IdParam), async (c) => {
  await svc.deleteGroup(c, c.req.valid('param').id);
  return c.body(null, 204);
});

// GET /api/v1/stations — contact stations readable from the active congress
stationRoutes.get('/', describeRoute({ tags, summary: 'List contact stations' }), async (c) => c.json(await svc.listStations(c)));

// POST /api/v1/stations — open a contact station with its own public code
stationRoutes.post('/', describeRoute({ tags, summary: 'Create a contact station' }), input('json', StationCreate), async (c) =>
  c.json(await svc.createStation(c, c.req.valid('json')), 201));

// PATCH /api/v1/stations/:id — change a station's name, address, phone or hours
stationRoutes.patch('/:id', describeRoute({ tags, summary: 'Update a contact station' }), input('param', IdParam), input('json', StationUpdate), async (c) =>
  c.json(await svc.updateStation(c, c.req.valid('param').id, c.req.valid('json'))));

// DELETE /api/v1/stations/:id — close a station; attached deputies are detached
stationRoutes.delete('/:id', describeRoute({ tags, summary: 'Delete a contact station' }), input('param', IdParam), async (c) => {
  await svc.deleteStation(c, c.req.valid('param').id);
  return c.body(null, 204);
});
