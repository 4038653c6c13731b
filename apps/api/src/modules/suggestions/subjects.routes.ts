import { Hono } from 'hono';
import type { AppEnv } from '../../platform/env-types.ts';
import { requireModule } from '../flags/gate.ts';

/** Supervision subjects (监督议题), e.g. from a topic (part B). */
export const supervisionSubjectRoutes = new Hono<AppEnv>();
supervisionSubjectRoutes.use('*', requireModule('suggestions'));
