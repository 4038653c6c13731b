import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { SuggestionExportQuery, SuggestionSearchQuery, SuggestionStatsQuery, SuggestionTopicsQuery } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { requireModule } from '../flags/gate.ts';
import { exportFor } from './export.service.ts';
import { searchFor } from './search.service.ts';
import { statsFor, topicsFor } from './stats.service.ts';

const tags = ['suggestions'];

/** The database of motions and suggestions: search, export, statistics and topics (part B). Mounted before suggestionRoutes, so /search is not taken for an id. */
export const suggestionAnalysisRoutes = new Hono<AppEnv>();
suggestionAnalysisRoutes.use('*', requireModule('suggestions'));

// GET /api/v1/suggestions/search — full-text search (jieba) with filters, by relevance or date
suggestionAnalysisRoutes.get('/search', describeRoute({ tags, summary: 'Search motions and suggestions' }), input('query', SuggestionSearchQuery),
  async (c) => c.json(await searchFor(c, c.req.valid('query'))));

// GET /api/v1/suggestions/export — the hits of a search as an .xlsx or .csv file (staff)
suggestionAnalysisRoutes.get('/export', describeRoute({ tags, summary: 'Export motions and suggestions (xlsx or csv)' }), input('query', SuggestionExportQuery),
  async (c) => exportFor(c, c.req.valid('query')));

// GET /api/v1/suggestions/stats — figures of the scope, per child subtree, level, unit and category
suggestionAnalysisRoutes.get('/stats', describeRoute({ tags, summary: 'Statistics of motions and suggestions' }), input('query', SuggestionStatsQuery),
  async (c) => c.json(await statsFor(c, c.req.valid('query'))));

// GET /api/v1/suggestions/topics — the keywords raised most and rising fastest, month by month
suggestionAnalysisRoutes.get('/topics', describeRoute({ tags, summary: 'Topics of motions and suggestions' }), input('query', SuggestionTopicsQuery),
  async (c) => c.json(await topicsFor(c, c.req.valid('query'))));
