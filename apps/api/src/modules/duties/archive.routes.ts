import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { ArchiveDeputyParam, ArchiveQuery, ArchiveTimelineQuery, EvaluationQuery, EvaluationRollupQuery } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import { archiveOf, archiveTimeline } from './archive.service.ts';
import { currentYear } from './archive.summary.ts';
import { ranking, rollup } from './evaluation.service.ts';

const tags = ['duties'];

export const archiveRoutes = new Hono<AppEnv>();
archiveRoutes.use('*', requireModule('duties'));

// GET /api/v1/archives/mine — the caller's own archive in the active congress
archiveRoutes.get('/mine', describeRoute({ tags, summary: 'My archive' }), input('query', ArchiveQuery), async (c) =>
  c.json(await archiveOf(c, null, c.req.valid('query').year ?? currentYear())));

// GET /api/v1/archives/:deputyId — a deputy's archive for their term (一人一档、一任一册)
archiveRoutes.get('/:deputyId', describeRoute({ tags, summary: 'A deputy\'s archive' }), input('param', ArchiveDeputyParam), input('query', ArchiveQuery), async (c) =>
  c.json(await archiveOf(c, c.req.valid('param').deputyId, c.req.valid('query').year ?? currentYear())));

// GET /api/v1/archives/:deputyId/activities — the counted activities of a seat, newest first
archiveRoutes.get('/:deputyId/activities', describeRoute({ tags, summary: 'Archive timeline' }), input('param', ArchiveDeputyParam), input('query', ArchiveTimelineQuery), async (c) => {
  const { cursor, limit } = c.req.valid('query');
  return c.json(await archiveTimeline(c, c.req.valid('param').deputyId, cursor, limit));
});

export const evaluationRoutes = new Hono<AppEnv>();
evaluationRoutes.use('*', requireModule('duties'));

// GET /api/v1/evaluation — the active congress's deputies ranked by their score for a year
evaluationRoutes.get('/', describeRoute({ tags, summary: 'Evaluation ranking' }), input('query', EvaluationQuery), async (c) => {
  const q = c.req.valid('query');
  return c.json(await ranking(c, { ...q, year: q.year ?? currentYear() }));
});

// GET /api/v1/evaluation/rollup — score aggregates of the own congress and of each child's subtree
evaluationRoutes.get('/rollup', describeRoute({ tags, summary: 'Evaluation roll-up' }), input('query', EvaluationRollupQuery), async (c) =>
  c.json(await rollup(c, c.req.valid('query').year ?? currentYear())));
