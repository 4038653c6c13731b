import { createMiddleware } from 'hono/factory';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AppEnv } from '../../platform/env-types.ts';
import type { MessageKey } from '../../platform/i18n.ts';
import { Problem } from '../../platform/problem.ts';
import type { Shared } from '../../platform/shared.ts';
import { clientIp } from '../auth/sessions.ts';

/** Requests one address may make to a group of public pages per minute. */
export const PUBLIC_POINTS = 120;
const WINDOW_S = 60;

/**
 * A per-address rate limit for a group of public reads (`name` keys its counts) that go past the
 * tenant policies through definer functions, so a scraper is held to a human pace. Over the
 * limit: 429 with Retry-After and the message `tooMany`.
 */
export function publicReadLimit(name: string, tooMany: MessageKey) {
  // One limiter per Redis connection (per app instance), made on first use; counts live in
  // Redis, so every API instance counts together.
  const limiters = new WeakMap<Shared, RateLimiterAbstract>();
  return createMiddleware<AppEnv>(async (c, next) => {
    const shared = c.get('deps').shared;
    let limiter = limiters.get(shared);
    if (!limiter) {
      limiter = shared.limiter({ keyPrefix: `public:${name}`, points: PUBLIC_POINTS, duration: WINDOW_S });
      limiters.set(shared, limiter);
    }
    try {
      await limiter.consume(clientIp(c));
    } catch (rejection) {
      if (rejection instanceof Error) throw rejection;
      const wait = Math.max(1, Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? WINDOW_S * 1000) / 1000));
      throw new Problem(429, 'too-many-attempts', tooMany, { seconds: wait }, { headers: { 'Retry-After': String(wait) } });
    }
    await next();
  });
}

/** The public deputy pages: scanning every code would list the province's deputies. */
export const publicRateLimit = publicReadLimit('deputies', 'deputy.publicTooMany');
