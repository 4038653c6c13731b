import { Hono } from 'hono';
import type { AppEnv } from '../../platform/env-types.ts';
import { requireModule } from '../flags/gate.ts';

/** Motions and suggestions: lists, detail, drafting and every step of the lifecycle (part A). */
export const suggestionRoutes = new Hono<AppEnv>();
suggestionRoutes.use('*', requireModule('suggestions'));
