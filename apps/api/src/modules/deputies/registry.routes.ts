import { Hono } from 'hono';
import type { AppEnv } from '../../platform/env-types.ts';

export const termRoutes = new Hono<AppEnv>();
export const groupRoutes = new Hono<AppEnv>();
export const stationRoutes = new Hono<AppEnv>();
