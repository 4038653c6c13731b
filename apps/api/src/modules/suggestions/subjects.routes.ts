import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { SupervisionSubjectCreate, SupervisionSubjectUpdate } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import { createSubject, listSubjectsFor, patchSubject } from './subjects.service.ts';

const tags = ['suggestions'];
const IdParam = v.object({ id: v.pipe(v.string(), v.uuid()) });
const YearQuery = v.object({ year: v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/), v.transform(Number), v.minValue(2000), v.maxValue(2100))) });

/** Supervision subjects (监督议题), e.g. from a topic (part B). */
export const supervisionSubjectRoutes = new Hono<AppEnv>();
supervisionSubjectRoutes.use('*', requireModule('suggestions'));

// GET /api/v1/supervision-subjects — the subjects of the visible subtree, with their matches
supervisionSubjectRoutes.get('/', describeRoute({ tags, summary: 'List supervision subjects' }), input('query', YearQuery),
  async (c) => c.json(await listSubjectsFor(c, c.req.valid('query').year ?? null)));

// POST /api/v1/supervision-subjects — a subject of the caller's congress (staff)
supervisionSubjectRoutes.post('/', describeRoute({ tags, summary: 'Create a supervision subject' }), input('json', SupervisionSubjectCreate),
  async (c) => c.json(await createSubject(c, c.req.valid('json')), 201));

// PATCH /api/v1/supervision-subjects/:id — edit or close a subject of the caller's congress (staff)
supervisionSubjectRoutes.patch('/:id', describeRoute({ tags, summary: 'Update a supervision subject' }), input('param', IdParam), input('json', SupervisionSubjectUpdate),
  async (c) => c.json(await patchSubject(c, c.req.valid('param').id, c.req.valid('json'))));
