import { Hono } from 'hono';
import type { AppEnv } from '../../platform/env-types.ts';

export const eventRoutes = new Hono<AppEnv>();
export const checkinRoutes = new Hono<AppEnv>();
