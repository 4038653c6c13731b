import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env-types.ts';
import { Problem } from './problem.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Cross-site request forgery guard for every unsafe method, whatever the content type (Hono's
 * csrf() only looks at form posts, and a cross-site JSON POST passed it). Browsers always send
 * `Sec-Fetch-Site` or `Origin` on such requests; scripts without a browser carry no victim's
 * cookie, so a request with neither header is let through.
 */
export const originGuard = createMiddleware<AppEnv>(async (c, next) => {
  if (UNSAFE.has(c.req.method)) {
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    const host = c.req.header('x-forwarded-host') ?? c.req.header('host');
    const crossSite = site === 'cross-site' || site === 'same-site';
    let foreignOrigin = false;
    if (origin && site !== 'same-origin') {
      try {
        foreignOrigin = origin === 'null' || new URL(origin).host !== host;
      } catch {
        foreignOrigin = true;
      }
    }
    if (crossSite || foreignOrigin) throw new Problem(403, 'origin-rejected', 'problem.originRejected');
  }
  await next();
});
