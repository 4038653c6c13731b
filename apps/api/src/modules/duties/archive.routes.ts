import { Hono } from 'hono';
import type { AppEnv } from '../../platform/env-types.ts';

export const archiveRoutes = new Hono<AppEnv>();
export const evaluationRoutes = new Hono<AppEnv>();
