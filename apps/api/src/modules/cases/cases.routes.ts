import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { CaseCreate, CaseQuery } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import { machine, type CaseAction } from './cases.flow.ts';
import { actOnCase, createCase, getCase, listCasesFor, statsFor } from './cases.service.ts';
import { registerContribution } from '../duties/archive.contributions.ts';
import { casesContribution } from './cases.contribution.ts';

// A deputy's archive counts the cases they brought to an end.
registerContribution(casesContribution);

const tags = ['cases'];
const IdParam = v.object({ id: v.pipe(v.string(), v.uuid()) });

export const caseRoutes = new Hono<AppEnv>();
caseRoutes.use('*', requireModule('cases'));

// GET /api/v1/cases — inbox, unit queue, roll-up, overdue board or own reports, newest (or most overdue) first
caseRoutes.get('/', describeRoute({ tags, summary: 'List cases' }), input('query', CaseQuery), async (c) =>
  c.json(await listCasesFor(c, c.req.valid('query'))));

// GET /api/v1/cases/stats — totals, on-time and satisfaction rates of the congress and each child's subtree
caseRoutes.get('/stats', describeRoute({ tags, summary: 'Case statistics' }), async (c) => c.json(await statsFor(c)));

// GET /api/v1/cases/:id — one case with its timeline, assignments and files
caseRoutes.get('/:id', describeRoute({ tags, summary: 'Get a case' }), input('param', IdParam), async (c) =>
  c.json(await getCase(c, c.req.valid('param').id)));

// POST /api/v1/cases — a deputy's own report (随手拍, 代表督事) in the active congress
caseRoutes.post('/', describeRoute({ tags, summary: 'Report a case' }), input('json', CaseCreate), async (c) =>
  c.json(await createCase(c, c.req.valid('json')), 201));

/** What each action route does, for the OpenAPI summary. */
const summaries: Record<CaseAction, string> = {
  accept: 'Accept a case', answer: 'Answer a case directly', transfer: 'Transfer a case to units', sign: 'Sign for an assigned case',
  reply: 'Reply to an assigned case', opinion: 'Give a co-handling opinion', return: 'Return a case for reassignment',
  close: 'Close a replied case', merge: 'Merge a duplicate case', convert: 'Convert a case into a suggestion draft',
  urge: 'Urge the holder of a case', note: 'Add an internal note', rate: 'Rate the outcome of a case',
};

// POST /api/v1/cases/:id/<action> — one step of the state machine (accept, answer, transfer, sign, reply,
// opinion, return, close, merge, convert, urge, note, rate); each answers the case, 409 from a wrong state
for (const action of Object.keys(machine) as CaseAction[]) {
  caseRoutes.post(`/:id/${action}`, describeRoute({ tags, summary: summaries[action] }), input('param', IdParam), input('json', machine[action].input), async (c) =>
    c.json(await actOnCase(c, c.req.valid('param').id, action, c.req.valid('json') as Record<string, unknown>)));
}
