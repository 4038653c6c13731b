import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { ActivityBatchVerify, ActivityCreate, ActivityIdParam, ActivityListQuery, ActivityReturn, ActivityUpdate } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { authorize, requireAuth, tenantTx } from '../../platform/context.ts';
import { encodeCursor, PageQuery } from '../../platform/pagination.ts';
import { notFound } from '../../platform/problem.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import { findDeputy } from '../deputies/deputies.lookup.ts';
import { listActivities } from './activities.queries.ts';
import { createActivities, deleteActivity, updateActivity } from './activities.service.ts';
import { moveActivity, queuePage, verifyBatch } from './activities.review.ts';
import { dutiesConfig, isDay, keyCursor, listItem, loadActivityJson, readableActivity, readsOwnOnly } from './activities.view.ts';
import { activityKinds } from './kinds.ts';

const tags = ['duties'];

export const activityKindRoutes = new Hono<AppEnv>();
activityKindRoutes.use('*', requireModule('duties'));

// GET /api/v1/activity-kinds — the standard kinds and the congress's own custom kinds
activityKindRoutes.get('/', describeRoute({ tags, summary: 'List activity kinds' }), async (c) => {
  authorize(c, 'read', 'Activity');
  return c.json({ items: activityKinds(await dutiesConfig(c)) });
});

export const activityRoutes = new Hono<AppEnv>();
activityRoutes.use('*', requireModule('duties'));

// GET /api/v1/activities — activities of the active subtree, newest first; a deputy gets only their own
activityRoutes.get('/', describeRoute({ tags, summary: 'List activities' }), input('query', ActivityListQuery), async (c) => {
  authorize(c, 'read', 'Activity');
  const auth = requireAuth(c);
  const { cursor, limit, deputyId, ...filter } = c.req.valid('query');
  const key = keyCursor(cursor, isDay);
  const ownOnly = readsOwnOnly(c);
  const rows = await tenantTx(c, async (tx) => {
    // Naming a seat outside the roll-up (or another deputy's, for a deputy) answers 404, not an empty page.
    const seat = deputyId ? await findDeputy(tx, deputyId) : null;
    if (deputyId && (!seat || (ownOnly && seat.userId !== auth.userId))) throw notFound('activity.deputyNotFound');
    return listActivities(tx, {
      ...filter, deputy: seat ?? undefined, ownerUserId: ownOnly ? auth.userId : undefined, after: key && { occurredOn: key[0], id: key[1] }, limit,
      wideScope: auth.membership.tenantPath.split('.').length <= 2,
    });
  });
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return c.json({ items: items.map(listItem), nextCursor: rows.length > limit && last ? encodeCursor([last.occurredOn, last.id]) : null });
});

// GET /api/v1/activities/queue — submitted activities of the active congress, oldest first
activityRoutes.get('/queue', describeRoute({ tags, summary: 'Verification queue' }), input('query', PageQuery), async (c) => {
  const { cursor, limit } = c.req.valid('query');
  return c.json(await queuePage(c, cursor, limit));
});

// POST /api/v1/activities/verify — verify several submitted activities of the queue at once
activityRoutes.post('/verify', describeRoute({ tags, summary: 'Verify activities in a batch' }), input('json', ActivityBatchVerify), async (c) =>
  c.json({ verified: await verifyBatch(c, c.req.valid('json').ids) }));

// GET /api/v1/activities/:id — one activity with its evidence
activityRoutes.get('/:id', describeRoute({ tags, summary: 'Get an activity' }), input('param', ActivityIdParam), async (c) => {
  authorize(c, 'read', 'Activity');
  const { id } = c.req.valid('param');
  return c.json(await tenantTx(c, async (tx) => loadActivityJson(tx, await readableActivity(c, tx, id))));
});

// POST /api/v1/activities — record an activity (a deputy their own; staff for one or several deputies)
activityRoutes.post('/', describeRoute({ tags, summary: 'Record an activity' }), input('json', ActivityCreate), async (c) => {
  const body = c.req.valid('json');
  const created = await createActivities(c, body);
  return body.deputyIds ? c.json({ items: created }, 201) : c.json(created[0], 201);
});

// PATCH /api/v1/activities/:id — change a draft or returned activity
activityRoutes.patch('/:id', describeRoute({ tags, summary: 'Change an activity' }), input('param', ActivityIdParam), input('json', ActivityUpdate), async (c) =>
  c.json(await updateActivity(c, c.req.valid('param').id, c.req.valid('json'))));

// DELETE /api/v1/activities/:id — delete a draft
activityRoutes.delete('/:id', describeRoute({ tags, summary: 'Delete a draft activity' }), input('param', ActivityIdParam), async (c) => {
  await deleteActivity(c, c.req.valid('param').id);
  return c.body(null, 204);
});

// POST /api/v1/activities/:id/submit — hand a draft or returned activity to verification
activityRoutes.post('/:id/submit', describeRoute({ tags, summary: 'Submit an activity' }), input('param', ActivityIdParam), async (c) =>
  c.json(await moveActivity(c, c.req.valid('param').id, 'submit')));

// POST /api/v1/activities/:id/verify — accept a submitted activity (published at once when so configured)
activityRoutes.post('/:id/verify', describeRoute({ tags, summary: 'Verify an activity' }), input('param', ActivityIdParam), async (c) =>
  c.json(await moveActivity(c, c.req.valid('param').id, 'verify')));

// POST /api/v1/activities/:id/return — send a submitted activity back to the deputy with a reason
activityRoutes.post('/:id/return', describeRoute({ tags, summary: 'Return an activity' }), input('param', ActivityIdParam), input('json', ActivityReturn), async (c) =>
  c.json(await moveActivity(c, c.req.valid('param').id, 'return', c.req.valid('json').reason)));

// POST /api/v1/activities/:id/publish — show a verified activity on the deputy's public profile
activityRoutes.post('/:id/publish', describeRoute({ tags, summary: 'Publish an activity' }), input('param', ActivityIdParam), async (c) =>
  c.json(await moveActivity(c, c.req.valid('param').id, 'publish')));
