import { createMiddleware } from 'hono/factory';
import type { ModuleKey } from '@renda/features';
import type { AppEnv } from '../../platform/env-types.ts';
import { requireAuth } from '../../platform/context.ts';
import { Problem } from '../../platform/problem.ts';

/** Answer 404 under a module that is off for the active tenant, as if it did not exist. */
export function requireModule(key: ModuleKey) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = requireAuth(c);
    const flags = await c.get('deps').flags.resolve(auth.membership.tenantPath);
    if (!flags[key]?.enabled) throw new Problem(404, 'module-disabled', 'module.disabled');
    await next();
  });
}
