import { Hono } from 'hono';
import type { AppEnv } from '../../platform/env-types.ts';

/** Replies a congress published on its public portal, without a session (part B). */
export const publicSuggestionRoutes = new Hono<AppEnv>();
