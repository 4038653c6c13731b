import { createMiddleware } from 'hono/factory';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AppEnv } from '../../platform/env-types.ts';
import { Problem } from '../../platform/problem.ts';
import type { Shared } from '../../platform/shared.ts';
import { clientIp } from '../auth/sessions.ts';

/** Requests one address may make to the public replies per minute. */
export const PUBLIC_POINTS = 120;
const WINDOW_S = 60;

// One limiter per Redis connection (per app instance), made on first use; counts live in Redis,
// so every API instance counts together.
const limiters = new WeakMap<Shared, RateLimiterAbstract>();

/**
 * Per-address rate limit of the public replies: they are read past the tenant policies through
 * a definer function, so a scraper is held to a human pace. Over the limit: 429 with Retry-After.
 */
export const publicSuggestionRateLimit = createMiddleware<AppEnv>(async (c, next) => {
  const shared = c.get('deps').shared;
  let limiter = limiters.get(shared);
  if (!limiter) {
    limiter = shared.limiter({ keyPrefix: 'public:suggestions', points: PUBLIC_POINTS, duration: WINDOW_S });
    limiters.set(shared, limiter);
  }
  try {
    await limiter.consume(clientIp(c));
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    const wait = Math.max(1, Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? WINDOW_S * 1000) / 1000));
    throw new Problem(429, 'too-many-attempts', 'suggestionSearch.publicTooMany', { seconds: wait }, { headers: { 'Retry-After': String(wait) } });
  }
  await next();
});
