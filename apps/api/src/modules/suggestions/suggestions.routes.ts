import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { SuggestionCreate, SuggestionQuery, SuggestionUpdate } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import { registerContribution } from '../duties/archive.contributions.ts';
import { suggestionsContribution } from './suggestions.contribution.ts';
import { machine, type SuggestionAction } from './suggestions.flow.ts';
import { CosignerQuery, listCosigners } from './cosigners.ts';
import { actOnSuggestion, createSuggestion, getSuggestion, listSuggestionsFor } from './suggestions.service.ts';

// A deputy's archive counts the motions and suggestions they authored that were filed.
registerContribution(suggestionsContribution);

const tags = ['suggestions'];
const uuid = v.pipe(v.string(), v.uuid());
const IdParam = v.object({ id: uuid });
const SignerParam = v.object({ id: uuid, userId: uuid });

/** Motions and suggestions: lists, detail, drafting and every step of the lifecycle (part A). */
export const suggestionRoutes = new Hono<AppEnv>();
suggestionRoutes.use('*', requireModule('suggestions'));

// GET /api/v1/suggestions — one of the views (mine, invited, review, unit, supervised, overdue, all), newest first
suggestionRoutes.get('/', describeRoute({ tags, summary: 'List motions and suggestions' }), input('query', SuggestionQuery), async (c) =>
  c.json(await listSuggestionsFor(c, c.req.valid('query'))));

// GET /api/v1/suggestions/cosigners — serving deputies of the congress to invite (names and groups only)
suggestionRoutes.get('/cosigners', describeRoute({ tags, summary: 'Deputies to invite as co-authors or co-signers' }), input('query', CosignerQuery), async (c) =>
  c.json(await listCosigners(c, c.req.valid('query'))));

// GET /api/v1/suggestions/:id — one with its signers, assignments, files, timeline and what the caller may do
suggestionRoutes.get('/:id', describeRoute({ tags, summary: 'Get a motion or suggestion' }), input('param', IdParam), async (c) =>
  c.json(await getSuggestion(c, c.req.valid('param').id)));

// POST /api/v1/suggestions — a draft by a serving deputy of the active congress (from scratch, a case or a group)
suggestionRoutes.post('/', describeRoute({ tags, summary: 'Draft a motion or suggestion' }), input('json', SuggestionCreate), async (c) =>
  c.json(await createSuggestion(c, c.req.valid('json')), 201));

// PATCH /api/v1/suggestions/:id — the authors edit a draft or a returned one
suggestionRoutes.patch('/:id', describeRoute({ tags, summary: 'Edit a draft' }), input('param', IdParam), input('json', SuggestionUpdate), async (c) =>
  c.json(await actOnSuggestion(c, c.req.valid('param').id, 'update', c.req.valid('json') as Record<string, unknown>)));

// DELETE /api/v1/suggestions/:id/signers/:userId — drop an invitation not yet answered
suggestionRoutes.delete('/:id/signers/:userId', describeRoute({ tags, summary: 'Drop an invitation to sign' }), input('param', SignerParam), async (c) => {
  const { id, userId } = c.req.valid('param');
  return c.json(await actOnSuggestion(c, id, 'uninvite', { userId }));
});

/** What each action route does, for the OpenAPI summary. */
const summaries: Record<Exclude<SuggestionAction, 'update' | 'uninvite'>, string> = {
  invite: 'Invite deputies to sign', cosign: 'Sign or decline an invitation', submit: 'Submit', withdraw: 'Withdraw',
  accept: 'Accept and number', return: 'Return for revision', merge: 'Merge a duplicate', convert: 'Convert a motion into a suggestion',
  assign: 'Assign to units', reassign: 'Replace a handling unit', sign: 'Sign for an assignment', 'request-reassign': 'Ask for reassignment',
  opinion: 'Give a co-handling opinion', reply: 'Reply (lead unit)', rate: 'Rate the units\' answers', supervise: 'Supervise a key suggestion',
  publish: 'Publish the reply', urge: 'Urge the holder of the step', note: 'Add an internal note',
};

// POST /api/v1/suggestions/:id/<action> — one step of the lifecycle; each answers the detail, 409 from a wrong state
for (const action of Object.keys(summaries) as (keyof typeof summaries)[]) {
  suggestionRoutes.post(`/:id/${action}`, describeRoute({ tags, summary: summaries[action] }), input('param', IdParam), input('json', machine[action].input), async (c) =>
    c.json(await actOnSuggestion(c, c.req.valid('param').id, action, c.req.valid('json') as Record<string, unknown>)));
}
