import type { Tx } from '@renda/db';
import type { SupervisionSubjectCreate, SupervisionSubjectUpdate } from '@renda/contracts';
import { subjectOf } from '@renda/policy';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/problem.ts';
import { searchSuggestions, type SearchArgs } from './search.queries.ts';
import { findSubject, insertSubject, listSubjects, updateSubject, type SubjectRow } from './subjects.queries.ts';
import { queryTokens } from './text.ts';

const PAGE = 200;

function searchFor(path: string, query: string): Omit<SearchArgs, 'after'> {
  return {
    query, path, level: null, sessionId: null, kind: null, categoryIds: null, unitIds: null, states: null, rating: null, year: null,
    filedOrMine: false, order: 'recent', limit: PAGE,
  };
}

/**
 * How many motions and suggestions of the subject's subtree (within the caller's scope) match any
 * of its keywords. The search function ANDs the words of one query, so each keyword is a query
 * of its own and the hits are united by id: one keyword needs only the first page's total; more
 * page through their hits (a subject's keywords are few and specific).
 */
export async function countMatches(tx: Tx, path: string, keywords: readonly string[]): Promise<number> {
  const queries = [...new Set(keywords.map((k) => queryTokens(k)).filter(Boolean))];
  if (queries.length === 0) return 0;
  if (queries.length === 1) return (await searchSuggestions(tx, { ...searchFor(path, queries[0]!), limit: 1, after: null }))[0]?.total ?? 0;
  const ids = new Set<string>();
  for (const query of queries) {
    let after: SearchArgs['after'] = null;
    for (;;) {
      const hits = await searchSuggestions(tx, { ...searchFor(path, query), after });
      for (const h of hits) ids.add(h.id);
      if (hits.length < PAGE) break;
      after = { rank: null, at: hits.at(-1)!.at, id: hits.at(-1)!.id };
    }
  }
  return ids.size;
}

const subjectJson = (row: SubjectRow, matches: number) => ({
  id: row.id, tenantId: row.tenantId, title: row.title, description: row.description, keywords: row.keywords, year: row.year,
  source: row.source, state: row.state, createdAt: new Date(row.createdAt).toISOString(), matches,
});

// GET /supervision-subjects — the subjects of the visible subtree, with their matches.
export async function listSubjectsFor(c: Ctx, year: number | null) {
  authorize(c, 'read', 'SupervisionSubject');
  return tenantTx(c, async (tx) => {
    const items = [];
    for (const row of await listSubjects(tx, year)) items.push(subjectJson(row, await countMatches(tx, row.tenantPath, row.keywords)));
    return { items };
  });
}

// POST /supervision-subjects — a subject of the caller's own congress.
export async function createSubject(c: Ctx, body: SupervisionSubjectCreate) {
  const { membership, userId } = requireAuth(c);
  authorize(c, 'create', subjectOf('SupervisionSubject', { tenantId: membership.tenantId }));
  const keywords = [...new Set(body.keywords)];
  return tenantTx(c, async (tx) => {
    const row = await insertSubject(tx, membership.tenantId, userId, { ...body, keywords });
    await audit(tx, c, { action: 'supervisionSubject.create', subjectType: 'SupervisionSubject', subjectId: row.id, detail: { title: row.title, keywords } });
    return subjectJson(row, await countMatches(tx, row.tenantPath, row.keywords));
  });
}

// PATCH /supervision-subjects/:id — 404 outside the subtree, 403 for a subject of a congress below.
export async function patchSubject(c: Ctx, id: string, body: SupervisionSubjectUpdate) {
  authorize(c, 'read', 'SupervisionSubject');
  return tenantTx(c, async (tx) => {
    const found = await findSubject(tx, id);
    if (!found) throw notFound('suggestionSearch.subjectNotFound');
    authorize(c, 'update', subjectOf('SupervisionSubject', { tenantId: found.tenantId }));
    const row = await updateSubject(tx, id, { ...body, keywords: body.keywords ? [...new Set(body.keywords)] : undefined });
    await audit(tx, c, { action: 'supervisionSubject.update', subjectType: 'SupervisionSubject', subjectId: id, detail: body });
    return subjectJson(row, await countMatches(tx, row.tenantPath, row.keywords));
  });
}
