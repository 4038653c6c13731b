import { Hono } from 'hono';
import type { AppEnv } from '../../platform/env-types.ts';

export const activityRoutes = new Hono<AppEnv>();
export const activityKindRoutes = new Hono<AppEnv>();
