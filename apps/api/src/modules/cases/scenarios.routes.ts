import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { ScenarioCopy, ScenarioCreate, ScenarioUpdate } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import { copyScenario, createScenario, getScenario, listScenarios, updateScenario } from './scenarios.service.ts';

const tags = ['cases'];
const IdParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const ListQuery = v.object({ state: v.optional(v.picklist(['active', 'archived'])) });

export const scenarioRoutes = new Hono<AppEnv>();
scenarioRoutes.use('*', requireModule('cases'));

// GET /api/v1/case-scenarios — the own congress's scenarios and its ancestors' shared ones
scenarioRoutes.get('/', describeRoute({ tags, summary: 'List scenarios' }), input('query', ListQuery), async (c) =>
  c.json({ items: await listScenarios(c, c.req.valid('query').state) }));

// GET /api/v1/case-scenarios/:id — one scenario
scenarioRoutes.get('/:id', describeRoute({ tags, summary: 'Get a scenario' }), input('param', IdParam), async (c) =>
  c.json(await getScenario(c, c.req.valid('param').id)));

// POST /api/v1/case-scenarios — configure a new scenario of the own congress
scenarioRoutes.post('/', describeRoute({ tags, summary: 'Create a scenario' }), input('json', ScenarioCreate), async (c) =>
  c.json(await createScenario(c, c.req.valid('json')), 201));

// PATCH /api/v1/case-scenarios/:id — change an own scenario (version + 1)
scenarioRoutes.patch('/:id', describeRoute({ tags, summary: 'Change a scenario' }), input('param', IdParam), input('json', ScenarioUpdate), async (c) =>
  c.json(await updateScenario(c, c.req.valid('param').id, c.req.valid('json'))));

// POST /api/v1/case-scenarios/:id/copy — an own, editable copy of an inherited scenario
scenarioRoutes.post('/:id/copy', describeRoute({ tags, summary: 'Copy a scenario' }), input('param', IdParam), input('json', ScenarioCopy), async (c) =>
  c.json(await copyScenario(c, c.req.valid('param').id, c.req.valid('json')), 201));
