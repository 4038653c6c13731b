import { Hono } from 'hono';
import type { AppEnv } from '../../platform/env-types.ts';

export const fileRoutes = new Hono<AppEnv>();
export const publicFileRoutes = new Hono<AppEnv>();
