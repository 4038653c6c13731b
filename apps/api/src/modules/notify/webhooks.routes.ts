import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { WebhookCreate, WebhookDeliveryQuery, WebhookUpdate } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import * as svc from './webhooks.service.ts';

/** Outbound webhooks of the active congress: its case events, signed, to external systems. */
export const webhookRoutes = new Hono<AppEnv>();
webhookRoutes.use('*', requireModule('cases'));

const tags = ['webhooks'];
const IdParam = v.object({ id: v.pipe(v.string(), v.uuid()) });

// GET /api/v1/webhooks — the congress's endpoints with delivery counts
webhookRoutes.get('/', describeRoute({ tags, summary: 'List webhook endpoints' }), async (c) => c.json(await svc.listWebhooks(c)));

// POST /api/v1/webhooks — add an endpoint; the signing secret is in this answer only
webhookRoutes.post('/', describeRoute({ tags, summary: 'Create a webhook endpoint' }), input('json', WebhookCreate), async (c) =>
  c.json(await svc.createWebhook(c, c.req.valid('json')), 201));

// GET /api/v1/webhooks/deliveries — the delivery log, newest first
webhookRoutes.get('/deliveries', describeRoute({ tags, summary: 'List webhook deliveries' }), input('query', WebhookDeliveryQuery), async (c) =>
  c.json(await svc.listWebhookDeliveries(c, c.req.valid('query'))));

// POST /api/v1/webhooks/deliveries/:id/replay — send a delivery's payload again as a new delivery
webhookRoutes.post('/deliveries/:id/replay', describeRoute({ tags, summary: 'Replay a webhook delivery' }), input('param', IdParam), async (c) =>
  c.json(await svc.replayWebhookDelivery(c, c.req.valid('param').id), 202));

// PATCH /api/v1/webhooks/:id — rename, move, change events, pause or resume
webhookRoutes.patch('/:id', describeRoute({ tags, summary: 'Update a webhook endpoint' }), input('param', IdParam), input('json', WebhookUpdate), async (c) =>
  c.json(await svc.updateWebhook(c, c.req.valid('param').id, c.req.valid('json'))));

// DELETE /api/v1/webhooks/:id — remove an endpoint and its delivery log
webhookRoutes.delete('/:id', describeRoute({ tags, summary: 'Delete a webhook endpoint' }), input('param', IdParam), async (c) => {
  await svc.deleteWebhook(c, c.req.valid('param').id);
  return c.body(null, 204);
});

// POST /api/v1/webhooks/:id/test — queue a `ping` delivery
webhookRoutes.post('/:id/test', describeRoute({ tags, summary: 'Send a test ping' }), input('param', IdParam), async (c) =>
  c.json(await svc.pingWebhook(c, c.req.valid('param').id), 202));
