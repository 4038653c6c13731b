import { Hono } from 'hono';
import type { AppEnv } from '../../platform/env-types.ts';

export const publicDeputyRoutes = new Hono<AppEnv>();
