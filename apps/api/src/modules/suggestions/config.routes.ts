import { Hono } from 'hono';
import type { AppEnv } from '../../platform/env-types.ts';
import { requireModule } from '../flags/gate.ts';

/** Sessions (会次) of the congress (part A). */
export const sessionRoutes = new Hono<AppEnv>();
sessionRoutes.use('*', requireModule('suggestions'));

/** Categories of motions and suggestions, a tree (part A). */
export const categoryRoutes = new Hono<AppEnv>();
categoryRoutes.use('*', requireModule('suggestions'));
