import { Hono } from 'hono';
import type { AppEnv } from '../../platform/env-types.ts';
import { requireModule } from '../flags/gate.ts';

/** The database of motions and suggestions: search, export, statistics and topics (part B). Mounted before suggestionRoutes, so /search is not taken for an id. */
export const suggestionAnalysisRoutes = new Hono<AppEnv>();
suggestionAnalysisRoutes.use('*', requireModule('suggestions'));
