import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import type { AppEnv } from '../../platform/env-types.ts';
import { unauthenticated } from '../../platform/problem.ts';
import { buildMe } from './me.service.ts';

export const meRoutes = new Hono<AppEnv>();

// GET /api/v1/me — the person, all memberships, the active one, modules and abilities
meRoutes.get('/', describeRoute({ tags: ['auth'], summary: 'Who am I' }), async (c) => {
  const auth = c.get('auth');
  if (!auth) throw unauthenticated();
  return c.json(await buildMe(c, { userId: auth.userId, sessionId: auth.sessionId, activeMembershipId: auth.membership?.id ?? null }));
});
