import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { IntegrationKeyCreate } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import * as svc from './integration-keys.service.ts';

export { resolveIntegrationKey } from './integration-keys.service.ts';

/** Keys that external systems use to post status updates into the active congress's cases. */
export const integrationKeyRoutes = new Hono<AppEnv>();
integrationKeyRoutes.use('*', requireModule('cases'));

const tags = ['integration-keys'];
const IdParam = v.object({ id: v.pipe(v.string(), v.uuid()) });

// GET /api/v1/integration-keys — the congress's keys (never the secrets)
integrationKeyRoutes.get('/', describeRoute({ tags, summary: 'List integration keys' }), async (c) => c.json(await svc.listIntegrationKeys(c)));

// POST /api/v1/integration-keys — issue a key; the key itself is in this answer only
integrationKeyRoutes.post('/', describeRoute({ tags, summary: 'Create an integration key' }), input('json', IntegrationKeyCreate), async (c) =>
  c.json(await svc.createIntegrationKey(c, c.req.valid('json')), 201));

// POST /api/v1/integration-keys/:id/revoke — stop a key from working, at once
integrationKeyRoutes.post('/:id/revoke', describeRoute({ tags, summary: 'Revoke an integration key' }), input('param', IdParam), async (c) =>
  c.json(await svc.revokeIntegrationKey(c, c.req.valid('param').id)));
