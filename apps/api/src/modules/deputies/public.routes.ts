import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { PublicActivityQuery } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { publicRateLimit } from './public.limit.ts';
import { publicActivities, publicProfile } from './public.service.ts';

/** No session and no module gate of the caller: the deputy's own congress decides (404 when off). */
export const publicDeputyRoutes = new Hono<AppEnv>();

const tags = ['public'];
publicDeputyRoutes.use('*', publicRateLimit);

// GET /api/v1/public/deputies/:code — a deputy's public profile behind their QR code
publicDeputyRoutes.get('/:code', describeRoute({ tags, summary: 'Public deputy profile' }), async (c) =>
  c.json(await publicProfile(c, c.req.param('code'))));

// GET /api/v1/public/deputies/:code/activities — the deputy's published activities, newest first
publicDeputyRoutes.get('/:code/activities', describeRoute({ tags, summary: 'Public activities of a deputy' }),
  input('query', PublicActivityQuery), async (c) => {
    const { cursor, limit } = c.req.valid('query');
    return c.json(await publicActivities(c, c.req.param('code') ?? '', cursor, limit));
  });
