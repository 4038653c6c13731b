import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { streamSSE } from 'hono/streaming';
import * as v from 'valibot';
import { withContext, type Tx } from '@renda/db';
import { NotificationQuery } from '@renda/contracts';
import type { AppEnv, Auth } from '../../platform/env-types.ts';
import { contextOf, type Ctx } from '../../platform/context.ts';
import { decodeCursor, page } from '../../platform/pagination.ts';
import { notFound, unauthenticated } from '../../platform/problem.ts';
import { input } from '../../platform/validate.ts';
import type { LiveEvent } from './hub.ts';
import { notificationOf } from './notify.ts';
import * as q from './notifications.queries.ts';

/**
 * The signed-in person's notifications, whatever tier is active: the policy keys them on the
 * person, so a membership is not needed to read them.
 */
export const notificationRoutes = new Hono<AppEnv>();

const tags = ['notifications'];
const IdParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
/** A comment line every 25 s keeps proxies from closing an idle stream. */
export const PING_MS = 25_000;

function personTx<T>(c: Ctx, fn: (tx: Tx, auth: Auth) => Promise<T>): Promise<T> {
  const auth = c.get('auth');
  if (!auth) throw unauthenticated();
  return withContext(c.get('deps').handle, contextOf(auth), (tx) => fn(tx, auth));
}

const view = ({ key: _, ...row }: Awaited<ReturnType<typeof q.listNotifications>>[number]) => notificationOf(row);

// GET /api/v1/notifications — the caller's notifications, newest first
notificationRoutes.get('/', describeRoute({ tags, summary: 'List my notifications' }), input('query', NotificationQuery), async (c) => {
  const { unread, cursor, limit } = c.req.valid('query');
  const after = decodeCursor(cursor, 2) as [string, string] | null;
  const rows = await personTx(c, (tx, auth) => q.listNotifications(tx, { userId: auth.userId, unread: unread === undefined ? undefined : unread === 'true', after, limit }));
  const result = page(rows, limit, (r) => [r.key, r.id]);
  return c.json({ items: result.items.map(view), nextCursor: result.nextCursor });
});

// GET /api/v1/notifications/unread-count — how many are unread
notificationRoutes.get('/unread-count', describeRoute({ tags, summary: 'Count my unread notifications' }), async (c) =>
  c.json({ count: await personTx(c, (tx, auth) => q.unreadCount(tx, auth.userId)) }));

// POST /api/v1/notifications/read-all — mark every unread one read
notificationRoutes.post('/read-all', describeRoute({ tags, summary: 'Mark all my notifications read' }), async (c) =>
  c.json({ updated: await personTx(c, (tx, auth) => q.markAllRead(tx, auth.userId)) }));

// POST /api/v1/notifications/:id/read — mark one read
notificationRoutes.post('/:id/read', describeRoute({ tags, summary: 'Mark a notification read' }), input('param', IdParam), async (c) => {
  const row = await personTx(c, (tx, auth) => q.markRead(tx, auth.userId, c.req.valid('param').id));
  if (!row) throw notFound('notify.notificationNotFound');
  return c.json(view(row));
});

// GET /api/v1/notifications/stream — server-sent events: each new notification, live
notificationRoutes.get('/stream', describeRoute({ tags, summary: 'Stream my new notifications (SSE)' }), async (c) => {
  const auth = c.get('auth');
  if (!auth) throw unauthenticated();
  const hub = c.get('deps').hub;
  return streamSSE(c, async (stream) => {
    const queue: LiveEvent[] = [];
    let wake: (() => void) | null = null;
    const unsubscribe = hub.subscribe(auth.userId, (event) => {
      queue.push(event);
      wake?.();
    });
    const closed = new Promise<void>((resolve) => {
      stream.onAbort(resolve);
      c.req.raw.signal?.addEventListener('abort', () => resolve());
    });
    const ping = setInterval(() => void stream.write(': ping\n\n'), PING_MS);
    try {
      await stream.write(': connected\n\n');
      while (!stream.aborted) {
        while (queue.length) {
          const event = queue.shift()!;
          await stream.writeSSE({ event: event.type, data: JSON.stringify(event.data) });
        }
        await Promise.race([closed, new Promise<void>((resolve) => (wake = resolve))]);
        wake = null;
      }
    } finally {
      clearInterval(ping);
      unsubscribe();
    }
  });
});
