import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { EventCreate, EventInvite, EventQuery, EventRespond, EventUpdate } from '@renda/contracts';
import { readsAll } from '@renda/policy';
import type { AppEnv } from '../../platform/env-types.ts';
import { authorize, tenantTx } from '../../platform/context.ts';
import { decodeCursor, encodeCursor } from '../../platform/pagination.ts';
import { Problem } from '../../platform/problem.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import { REFRESH_SECONDS, checkinOpen, issueCheckinToken } from './checkin.token.ts';
import { eventClock } from './events.clock.ts';
import { listEvents } from './events.queries.ts';
import * as svc from './events.service.ts';

export { checkinRoutes } from './checkin.routes.ts';

export const eventRoutes = new Hono<AppEnv>();
eventRoutes.use('*', requireModule('duties'));

const tags = ['events'];
const IdParam = v.object({ id: v.pipe(v.string(), v.uuid()) });

// GET /api/v1/events — staff: the congress's events; a deputy: events they are invited to, with `mine`
eventRoutes.get('/', describeRoute({ tags, summary: 'List events' }), input('query', EventQuery), async (c) => {
  authorize(c, 'read', 'Event');
  const { when, cursor, limit } = c.req.valid('query');
  const after = decodeCursor(cursor, 2) as [string, string] | null;
  const now = eventClock.now();
  const result = await tenantTx(c, (tx, auth) => listEvents(tx, {
    tenantId: auth.membership.tenantId, when, now, after, limit,
    invitedUserId: readsAll(auth.ability, 'Event') ? null : auth.userId,
  }));
  return c.json({ items: result.items, nextCursor: result.more && result.lastKey ? encodeCursor(result.lastKey) : null });
});

// POST /api/v1/events — organise an event of the active congress and invite seats and groups
eventRoutes.post('/', describeRoute({ tags, summary: 'Create an event' }), input('json', EventCreate), async (c) =>
  c.json(await svc.createEvent(c, c.req.valid('json')), 201));

// GET /api/v1/events/:id — one event with its invitations (a deputy sees only their own)
eventRoutes.get('/:id', describeRoute({ tags, summary: 'Get an event' }), input('param', IdParam), async (c) => {
  authorize(c, 'read', 'Event');
  return c.json(await tenantTx(c, async (tx, auth) => {
    const { event, staffView } = await svc.readableEvent(tx, auth, c.req.valid('param').id);
    return svc.detailOf(tx, auth, event, staffView);
  }));
});

// PATCH /api/v1/events/:id — change a scheduled event
eventRoutes.patch('/:id', describeRoute({ tags, summary: 'Update an event' }), input('param', IdParam), input('json', EventUpdate), async (c) =>
  c.json(await svc.updateEvent(c, c.req.valid('param').id, c.req.valid('json'))));

// POST /api/v1/events/:id/cancel — cancel a scheduled event
eventRoutes.post('/:id/cancel', describeRoute({ tags, summary: 'Cancel an event' }), input('param', IdParam), async (c) =>
  c.json(await svc.cancelEvent(c, c.req.valid('param').id)));

// POST /api/v1/events/:id/invitations — invite more seats or groups
eventRoutes.post('/:id/invitations', describeRoute({ tags, summary: 'Invite deputies' }), input('param', IdParam), input('json', EventInvite), async (c) =>
  c.json(await svc.inviteToEvent(c, c.req.valid('param').id, c.req.valid('json'))));

// POST /api/v1/events/:id/respond — the invited deputy accepts or declines
eventRoutes.post('/:id/respond', describeRoute({ tags, summary: 'Answer an invitation' }), input('param', IdParam), input('json', EventRespond), async (c) =>
  c.json(await svc.respondToEvent(c, c.req.valid('param').id, c.req.valid('json'), eventClock.now())));

// GET /api/v1/events/:id/checkin-code — the rotating check-in code for the staff screen
eventRoutes.get('/:id/checkin-code', describeRoute({ tags, summary: 'Draw the current check-in code' }), input('param', IdParam), async (c) => {
  const now = eventClock.now();
  const event = await svc.eventForCode(c, c.req.valid('param').id);
  if (!checkinOpen(event, now)) throw new Problem(409, 'checkin-closed', 'checkin.closed');
  const { token, expiresAt } = issueCheckinToken(event.id, event.secret, now);
  return c.json({ token, url: `/checkin/${token}`, expiresAt: expiresAt.toISOString(), refreshSeconds: REFRESH_SECONDS });
});
