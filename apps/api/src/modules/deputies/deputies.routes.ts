import { Hono } from 'hono';
import type { AppEnv } from '../../platform/env-types.ts';

export const deputyRoutes = new Hono<AppEnv>();
export const deputyImportRoutes = new Hono<AppEnv>();
