import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { ModuleConfigUpdate, ModuleStateUpdate } from '@renda/contracts';
import { moduleKeys } from '@renda/features';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import * as svc from './flags.admin.ts';

export const flagRoutes = new Hono<AppEnv>();
const KeyParam = v.object({ key: v.picklist(moduleKeys) });
const tags = ['modules'];

// GET /api/v1/modules — every module as it stands for the active tenant
flagRoutes.get('/', describeRoute({ tags, summary: 'List modules' }), async (c) => c.json({ items: await svc.listModules(c) }));

// PUT /api/v1/modules/:key — switch a module on, off or back to inherit; lock it for the subtree
flagRoutes.put('/:key', describeRoute({ tags, summary: 'Set a module state' }), input('param', KeyParam), input('json', ModuleStateUpdate), async (c) =>
  c.json(await svc.setState(c, c.req.valid('param').key, c.req.valid('json'))));

// PUT /api/v1/modules/:key/config — the module's local configuration
flagRoutes.put('/:key/config', describeRoute({ tags, summary: 'Configure a module' }), input('param', KeyParam), input('json', ModuleConfigUpdate), async (c) =>
  c.json(await svc.setConfig(c, c.req.valid('param').key, c.req.valid('json').config)));
