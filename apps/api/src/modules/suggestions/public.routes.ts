import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { PublicSuggestionQuery } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { publicSuggestionRateLimit } from './public.limit.ts';
import { publicSuggestions } from './public.service.ts';

const tags = ['public'];

/** Replies a congress published on its public portal, without a session (part B). */
export const publicSuggestionRoutes = new Hono<AppEnv>();
publicSuggestionRoutes.use('*', publicSuggestionRateLimit);

// GET /api/v1/public/suggestions/:tenantCode — published replies of a congress, newest first
publicSuggestionRoutes.get('/:tenantCode', describeRoute({ tags, summary: 'Published replies to motions and suggestions' }), input('query', PublicSuggestionQuery),
  async (c) => {
    const { cursor, limit } = c.req.valid('query');
    return c.json(await publicSuggestions(c, c.req.param('tenantCode') ?? '', cursor, limit));
  });
