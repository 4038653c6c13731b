import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { withContext } from '@renda/db';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';
import { ownerRows, searchable, seedCorpus, truthRows, within, type SeededCorpus, type TruthRow } from './support/suggestion-corpus.ts';
import { queryTokens } from '../src/modules/suggestions/text.ts';
import { searchSuggestions, type SearchArgs } from '../src/modules/suggestions/search.queries.ts';

let tp: TestPlatform;
let corpus: SeededCorpus;
let truth: TruthRow[];
const as: Record<string, Client> = {};
const timings: number[] = [];
vi.setConfig({ testTimeout: 120_000 });

beforeAll(async () => {
  tp = await startTestPlatform();
  corpus = await seedCorpus(tp, 10_000, 42);
  truth = await truthRows(tp);
  for (const login of ['funing.staff', 'sheyang.staff', 'yancheng.staff', 'province.admin', 'deputy.li', 'deputy.zhao', 'unit.water']) as[login] = await tp.as(login);
}, 180_000);
afterAll(async () => {
  if (timings.length) {
    const sorted = [...timings].sort((a, b) => a - b);
    console.log(`search requests: ${sorted.length}, median ${sorted[sorted.length >> 1]!.toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(1)} ms, insert ${corpus.insertMs.toFixed(0)} ms`);
  }
  await tp?.close();
});

const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(Object.entries(params).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)])).toString();

async function search(c: Client, params: Record<string, string | number | undefined>) {
  const started = performance.now();
  const res = await c.get(`/api/v1/suggestions/search?${qs(params)}`);
  timings.push(performance.now() - started);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Every hit of a search, page by page; checks that no hit comes twice and that `total` counts them. */
async function allHits(c: Client, params: Record<string, string | number | undefined>, limit = 100) {
  const hits: any[] = [];
  let cursor: string | undefined;
  let total: number | null = null;
  do {
    const body = await search(c, { ...params, limit, cursor });
    if (!cursor) total = body.total;
    else expect(body.total).toBeNull();
    hits.push(...body.items);
    cursor = body.nextCursor ?? undefined;
  } while (cursor);
  expect(new Set(hits.map((h) => h.id)).size).toBe(hits.length);
  expect(total).toBe(hits.length);
  return hits;
}

const ids = (list: { id: string }[]) => list.map((x) => x.id).sort();
const matches = (r: TruthRow, q: string) => queryTokens(q).split(' ').filter(Boolean).every((t) => r.tokens.has(t));

function expected(login: string, scope: string, q: string, extra: (r: TruthRow) => boolean = () => true, filedOrMine = false) {
  const userId = corpus.users[login]!;
  return truth.filter((r) => searchable(r, scope, userId, filedOrMine) && matches(r, q) && extra(r));
}

describe('GET /api/v1/suggestions/search', () => {
  it('finds exactly the documents whose words contain every query word (precision and recall)', async () => {
    const scope = corpus.tenants.funing.path;
    for (const q of ['老旧小区', '停车难', '饮用水 安全', '黑臭水体 河长制']) {
      const want = expected('funing.staff', scope, q);
      expect(want.length, q).toBeGreaterThan(20);
      const hits = await allHits(as['funing.staff']!, { q });
      expect(ids(hits), q).toEqual(ids(want));
      const byId = new Map(truth.map((r) => [r.id, r]));
      const tokens = queryTokens(q).split(' ');
      for (const h of hits) for (const t of tokens) expect(byId.get(h.id)!.tokens.has(t), `${h.title} lacks ${t}`).toBe(true);
    }
  });

  it('returns the tokens, a rank and a marked, escaped headline', async () => {
    const body = await search(as['funing.staff']!, { q: '饮用水安全', limit: 5 });
    expect(body.tokens).toEqual(queryTokens('饮用水安全').split(' '));
    for (const item of body.items) {
      expect(item.rank).toBeGreaterThan(0);
      expect(item.headline).toMatch(/<mark>(饮用水|安全)<\/mark>/);
      expect(item.headline.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
      expect([...item.headline.replace(/<\/?mark>/g, '').replace(/…/g, '')].length).toBeLessThanOrEqual(120);
    }
  });

  it('ranks title matches above matches in the body only', async () => {
    const hits = await allHits(as['yancheng.staff']!, { q: '加装电梯', order: 'rank' });
    const inTitle = hits.map((h) => h.title.includes('加装电梯'));
    expect(inTitle.some(Boolean) && inTitle.some((x) => !x)).toBe(true);
    const firstBodyOnly = inTitle.indexOf(false);
    expect(inTitle.slice(firstBodyOnly).some(Boolean)).toBe(false);
    for (let i = 1; i < hits.length; i++) expect(hits[i].rank).toBeLessThanOrEqual(hits[i - 1].rank);
  });

  it('orders by date when asked, newest first', async () => {
    const hits = await allHits(as['funing.staff']!, { q: '垃圾分类', order: 'recent' });
    const at = hits.map((h) => h.submittedAt ?? '');
    expect(at).toEqual([...at].sort().reverse());
  });

  it('walks every hit exactly once with small pages, by rank and by date', async () => {
    const want = ids(expected('sheyang.staff', corpus.tenants.sheyang.path, '养老服务'));
    expect(want.length).toBeGreaterThan(30);
    for (const order of ['rank', 'recent']) expect(ids(await allHits(as['sheyang.staff']!, { q: '养老服务', order }, 7))).toEqual(want);
  });

  it('narrows by each filter exactly as the brute force does', async () => {
    const { funing, goudun, yancheng } = corpus.tenants;
    const session = truth.find((r) => r.sessionId && within(r.path, funing.path) && r.number != null)!.sessionId!;
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 1;
    const chinaYear = (d: Date | null) => (d ? new Date(new Date(d).getTime() + 8 * 3600_000).getUTCFullYear() : null);
    const building = new Set(['城乡建设', '老旧小区改造', '交通出行', '住房保障'].map((n) => corpus.categories[n]));
    const water = corpus.units['320923:water']!;
    const cases: [Record<string, string | number>, (r: TruthRow) => boolean][] = [
      [{ tier: 'township' }, (r) => r.path.split('.').length === 4],
      [{ tier: 'county' }, (r) => r.path.split('.').length === 3],
      [{ tenantId: goudun.id }, (r) => within(r.path, goudun.path)],
      [{ sessionId: session }, (r) => r.sessionId === session],
      [{ categoryId: corpus.categories['城乡建设']! }, (r) => building.has(r.categoryId ?? '')],
      [{ state: 'closed,replied' }, (r) => ['closed', 'replied'].includes(r.state)],
      [{ rating: 3 }, (r) => r.rating === 3],
      [{ year }, (r) => chinaYear(r.submittedAt) === year],
      [{ unitId: water }, (r) => r.units.includes(water)],
      [{ kind: 'motion' }, (r) => r.kind === 'motion'],
    ];
    const q = '改造';
    const unfiltered = expected('yancheng.staff', yancheng.path, q).length;
    for (const [params, predicate] of cases) {
      const want = expected('yancheng.staff', yancheng.path, q, predicate);
      expect(want.length, JSON.stringify(params)).toBeGreaterThan(0);
      expect(want.length, JSON.stringify(params)).toBeLessThan(unfiltered);
      expect(ids(await allHits(as['yancheng.staff']!, { q, ...params })), JSON.stringify(params)).toEqual(ids(want));
    }
  });

  it('shows 阜宁县 staff only the 阜宁 subtree and 射阳县 staff never a 阜宁 row', async () => {
    const { funing, sheyang } = corpus.tenants;
    const funingHits = await allHits(as['funing.staff']!, { q: '农村' });
    expect(funingHits.length).toBeGreaterThan(0);
    expect(funingHits.every((h) => [funing.id, corpus.tenants.goudun.id].includes(h.tenantId))).toBe(true);
    const sheyangHits = await allHits(as['sheyang.staff']!, { q: '农村' });
    expect(ids(sheyangHits)).toEqual(ids(expected('sheyang.staff', sheyang.path, '农村')));
    expect(sheyangHits.every((h) => h.tenantId === sheyang.id)).toBe(true);
    expect((await as['sheyang.staff']!.get(`/api/v1/suggestions/search?tenantId=${funing.id}`)).status).toBe(404);
  });

  it('shows 盐城市 staff both counties and the township', async () => {
    const hits = await allHits(as['yancheng.staff']!, { q: '学前教育' });
    expect(ids(hits)).toEqual(ids(expected('yancheng.staff', corpus.tenants.yancheng.path, '学前教育')));
    expect(new Set(hits.map((h) => h.tenantId))).toEqual(new Set([corpus.tenants.funing.id, corpus.tenants.sheyang.id, corpus.tenants.goudun.id]));
  });

  it('shows deputies filed ones and their own, never drafts of others', async () => {
    for (const [login, tenant] of [['deputy.li', corpus.tenants.funing], ['deputy.zhao', corpus.tenants.sheyang]] as const) {
      const me = corpus.users[login]!;
      const hits = await allHits(as[login]!, { q: '垃圾分类' });
      expect(ids(hits), login).toEqual(ids(expected(login, tenant.path, '垃圾分类', () => true, true)));
      const byId = new Map(truth.map((r) => [r.id, r]));
      for (const h of hits) {
        const r = byId.get(h.id)!;
        expect(r.number != null || r.signers.includes(me)).toBe(true);
        if (r.state === 'draft') expect(r.signers).toContain(me);
      }
      // Their own unfiled ones are there too, or the test proves nothing.
      expect(hits.some((h) => byId.get(h.id)!.number == null), login).toBe(true);
    }
    // Drafts of others match the query too, and none of them shows.
    const li = corpus.users['deputy.li']!;
    const othersDrafts = truth.filter((r) => r.state === 'draft' && !r.signers.includes(li) && within(r.path, corpus.tenants.funing.path) && matches(r, '垃圾分类'));
    expect(othersDrafts.length).toBeGreaterThan(0);
    const seen = new Set(ids(await allHits(as['deputy.li']!, { q: '垃圾分类' })));
    expect(othersDrafts.some((r) => seen.has(r.id))).toBe(false);
  });

  it('refuses unit officers (403) and answers 404 for a congress outside the scope', async () => {
    expect((await as['unit.water']!.get('/api/v1/suggestions/search?q=老旧小区')).status).toBe(403);
    expect((await as['funing.staff']!.get(`/api/v1/suggestions/search?tenantId=${corpus.tenants.yancheng.id}`)).status).toBe(404);
  });

  it('rejects a forged cursor', async () => {
    const bad = Buffer.from(JSON.stringify([1, "x'; drop table suggestions; --", 'nope'])).toString('base64url');
    expect((await as['funing.staff']!.get(`/api/v1/suggestions/search?q=老旧小区&cursor=${bad}`)).status).toBe(400);
  });
});

describe('suggestion_search as the app role', () => {
  const args = (path: string | null): SearchArgs => ({
    query: '', path, level: null, sessionId: null, kind: null, categoryIds: null, unitIds: null, states: null, rating: null, year: null,
    filedOrMine: false, order: 'recent', after: null, limit: 1,
  });

  it('returns nothing without a context', async () => {
    const hits = await withContext(tp.platform.deps.handle, {}, (tx) => searchSuggestions(tx, args(null)));
    expect(hits).toEqual([]);
  });

  it('keeps to the context scope even when asked for the province', async () => {
    const { funing, province } = corpus.tenants;
    const ctx = { tenantId: funing.id, scopePath: funing.path, userId: corpus.users['funing.staff']! };
    const [first] = await withContext(tp.platform.deps.handle, ctx, (tx) => searchSuggestions(tx, args(province.path)));
    const inCounty = truth.filter((r) => within(r.path, funing.path) && r.state !== 'draft').length;
    expect(first?.total).toBe(inCounty);
    const page = await withContext(tp.platform.deps.handle, ctx, (tx) => searchSuggestions(tx, { ...args(province.path), limit: 200 }));
    const paths = await ownerRows<{ path: string }>(tp, sql`select tenant_path::text as path from suggestions where id = any(${`{${page.map((h) => h.id).join(',')}}`}::uuid[])`);
    expect(paths.length).toBe(200);
    expect(paths.every((r) => within(r.path, funing.path))).toBe(true);
  });
});

describe('search isolation', () => {
  routeIsolation(() => tp, {
    method: 'GET', path: '/api/v1/suggestions/search?q=老旧小区', forbiddenFor: 'unit.water',
    foreign: { login: 'funing.staff', path: () => `/api/v1/suggestions/search?tenantId=${corpus.tenants.sheyang.id}` },
  });
});
