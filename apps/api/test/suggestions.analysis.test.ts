import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { strFromU8, unzipSync } from 'fflate';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';
import { ownerRows, seedCorpus, truthRows, within, type SeededCorpus, type TruthRow } from './support/suggestion-corpus.ts';
import { exportLimits } from '../src/modules/suggestions/export.service.ts';
import { queryTokens } from '../src/modules/suggestions/text.ts';

let tp: TestPlatform;
let corpus: SeededCorpus;
let truth: TruthRow[];
let shares: Share[];
const as: Record<string, Client> = {};
vi.setConfig({ testTimeout: 120_000 });

interface Share {
  suggestionId: string; unitId: string; signedAt: Date | null; signDueAt: Date | null; repliedAt: Date | null; replyDueAt: Date | null; rating: number | null;
}

beforeAll(async () => {
  tp = await startTestPlatform();
  corpus = await seedCorpus(tp, 10_000, 7);
  truth = await truthRows(tp);
  shares = await ownerRows<Share>(tp, sql`select suggestion_id as "suggestionId", unit_id as "unitId", signed_at as "signedAt", sign_due_at as "signDueAt",
    replied_at as "repliedAt", reply_due_at as "replyDueAt", rating from suggestion_assignments where state <> 'withdrawn'`);
  for (const login of ['funing.staff', 'sheyang.staff', 'yancheng.staff', 'deputy.li', 'unit.water']) as[login] = await tp.as(login);
}, 180_000);
afterAll(async () => { await tp?.close(); });

const chinaYear = (d: Date | null) => (d ? new Date(new Date(d).getTime() + 8 * 3600_000).getUTCFullYear() : null);
const chinaMonth = (d: Date) => new Date(new Date(d).getTime() + 8 * 3600_000).toISOString().slice(0, 7);
const counted = (r: TruthRow) => r.submittedAt != null && !['draft', 'withdrawn', 'merged'].includes(r.state);
const ratio = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/** The figures of docs/api.md, computed here from the owner's rows. */
function figures(rows: TruthRow[], now: Date) {
  const ids = new Set(rows.map((r) => r.id));
  const own = shares.filter((s) => ids.has(s.suggestionId));
  const due = (at: Date | null, by: Date | null) => at != null || (by != null && new Date(by) < now);
  const onTime = (at: Date | null, by: Date | null) => at != null && by != null && new Date(at) <= new Date(by);
  const rated = own.filter((s) => s.rating != null).length;
  const satisfied = own.filter((s) => s.rating === 1 || s.rating === 2).length;
  return {
    total: rows.length, motions: rows.filter((r) => r.kind === 'motion').length, suggestions: rows.filter((r) => r.kind === 'suggestion').length,
    accepted: rows.filter((r) => r.number != null).length, assigned: rows.filter((r) => r.assignedAt != null).length,
    replied: rows.filter((r) => r.repliedAt != null).length, closed: rows.filter((r) => r.state === 'closed').length,
    overdue: rows.filter((r) => ['submitted', 'accepted', 'assigned', 'signed', 'replied'].includes(r.state) && r.dueAt != null && new Date(r.dueAt) < now).length,
    rated, satisfied,
    signOnTimeRate: ratio(own.filter((s) => onTime(s.signedAt, s.signDueAt)).length, own.filter((s) => due(s.signedAt, s.signDueAt)).length),
    replyOnTimeRate: ratio(own.filter((s) => onTime(s.repliedAt, s.replyDueAt)).length, own.filter((s) => due(s.repliedAt, s.replyDueAt)).length),
    satisfactionRate: ratio(satisfied, rated),
  };
}

/** Raw bytes of a GET as the client (the test client decodes text, which would swallow the BOM). */
async function raw(c: Client, path: string) {
  const res = await tp.app.request(`http://localhost${path}`, { headers: { cookie: c.cookie, host: 'localhost' } });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('GET /api/v1/suggestions/stats', () => {
  it('equals the figures counted row by row, in all, per child subtree and per level', async () => {
    const { yancheng, funing, sheyang, goudun } = corpus.tenants;
    const started = performance.now();
    const res = await as['yancheng.staff']!.get('/api/v1/suggestions/stats');
    console.log(`stats of 盐城市: ${(performance.now() - started).toFixed(0)} ms`);
    expect(res.status).toBe(200);
    const now = new Date();
    const inScope = truth.filter((r) => counted(r) && within(r.path, yancheng.path));
    expect(inScope.length).toBeGreaterThan(9000);
    expect(res.body.totals).toEqual(figures(inScope, now));
    expect(res.body.tenants[0].tenantId).toBe(yancheng.id);
    const row = (id: string) => res.body.tenants.find((t: any) => t.tenantId === id);
    expect(row(funing.id)).toMatchObject(figures(inScope.filter((r) => within(r.path, funing.path)), now));
    expect(row(sheyang.id)).toMatchObject(figures(inScope.filter((r) => within(r.path, sheyang.path)), now));
    expect(row(yancheng.id)).toMatchObject(figures(inScope.filter((r) => r.path === yancheng.path), now));
    const depth = (r: TruthRow) => r.path.split('.').length;
    const levels = [...new Set(inScope.map(depth))].sort();
    expect(res.body.byLevel.map((l: any) => l.level)).toEqual(levels.map((d) => ['', 'province', 'city', 'county', 'township'][d]));
    const township = res.body.byLevel.find((l: any) => l.level === 'township');
    expect(township).toEqual({ level: 'township', ...figures(inScope.filter((r) => depth(r) === 4), now) });
    expect(township.total).toBe(truth.filter((r) => counted(r) && within(r.path, goudun.path)).length);
    expect(res.body.byReplyCategory).toEqual(Object.fromEntries(['A', 'B', 'C'].map((k) => [k, inScope.filter((r) => r.replyCategory === k).length])));
    const byCategory = Object.fromEntries(res.body.byCategory.map((c: any) => [c.categoryId ?? 'none', c.total]));
    const want: Record<string, number> = {};
    for (const r of inScope) want[r.categoryId ?? 'none'] = (want[r.categoryId ?? 'none'] ?? 0) + 1;
    expect(byCategory).toEqual(want);
  });

  it('counts each unit\'s shares, timeliness and satisfaction', async () => {
    const res = await as['yancheng.staff']!.get('/api/v1/suggestions/stats');
    const inScope = new Set(truth.filter((r) => counted(r) && within(r.path, corpus.tenants.yancheng.path)).map((r) => r.id));
    const water = res.body.units.find((u: any) => u.unitId === corpus.units['320923:water']);
    const mine = shares.filter((s) => s.unitId === corpus.units['320923:water'] && inScope.has(s.suggestionId));
    expect(water).toMatchObject({
      name: '阜宁县水利局', tenantName: '阜宁县', assigned: mine.length, signed: mine.filter((s) => s.signedAt).length,
      signedOnTime: mine.filter((s) => s.signedAt && new Date(s.signedAt) <= new Date(s.signDueAt!)).length,
      replied: mine.filter((s) => s.repliedAt).length, rated: mine.filter((s) => s.rating != null).length,
      satisfied: mine.filter((s) => s.rating === 1 || s.rating === 2).length,
    });
    expect(water.satisfactionRate).toBe(ratio(water.satisfied, water.rated));
    const assigned = res.body.units.map((u: any) => u.assigned);
    expect(assigned).toEqual([...assigned].sort((a, b) => b - a));
  });

  it('narrows by congress, year and session', async () => {
    const { funing, goudun } = corpus.tenants;
    const year = chinaYear(new Date())! - 1;
    const now = new Date();
    const res = await as['funing.staff']!.get(`/api/v1/suggestions/stats?year=${year}`);
    expect(res.body.tenants.map((t: any) => t.tenantId).slice(0, 1)).toEqual([funing.id]);
    const rows = truth.filter((r) => counted(r) && within(r.path, funing.path) && chinaYear(r.submittedAt) === year);
    expect(res.body.totals).toEqual(figures(rows, now));
    const sub = await as['funing.staff']!.get(`/api/v1/suggestions/stats?tenantId=${goudun.id}`);
    expect(sub.body.totals).toEqual(figures(truth.filter((r) => counted(r) && within(r.path, goudun.path)), now));
    const session = rows.find((r) => r.sessionId)!.sessionId!;
    const bySession = await as['funing.staff']!.get(`/api/v1/suggestions/stats?sessionId=${session}`);
    expect(bySession.body.totals.total).toBe(truth.filter((r) => counted(r) && within(r.path, funing.path) && r.sessionId === session).length);
  });

  it('is for staff and committee members: deputies and unit officers get 403', async () => {
    expect((await as['deputy.li']!.get('/api/v1/suggestions/stats')).status).toBe(403);
    expect((await as['unit.water']!.get('/api/v1/suggestions/stats')).status).toBe(403);
  });
});

describe('GET /api/v1/suggestions/topics', () => {
  /** Keyword counts per month of the counted rows in `scope`, summed here. */
  function expectedTopics(scope: string, months: string[], limit: number) {
    const window = new Set(months);
    const counts = new Map<string, Map<string, number>>();
    for (const r of truth) {
      if (!counted(r) || !within(r.path, scope)) continue;
      const m = chinaMonth(r.submittedAt!);
      for (const k of new Set(r.keywords)) {
        if (!counts.has(k)) counts.set(k, new Map());
        counts.get(k)!.set(m, (counts.get(k)!.get(m) ?? 0) + 1);
      }
    }
    const all = [...counts].map(([keyword, byMonth]) => {
      const series = months.map((m) => byMonth.get(m) ?? 0);
      const recent = series.slice(-3).reduce((a, b) => a + b, 0);
      const previous = series.slice(-6, -3).reduce((a, b) => a + b, 0);
      return { keyword, total: [...byMonth].filter(([m]) => window.has(m)).reduce((a, [, n]) => a + n, 0), recent, previous,
        growth: previous > 0 ? Math.round(((recent - previous) / previous) * 10_000) / 10_000 : null, series };
    }).filter((x) => x.total > 0);
    return {
      topics: [...all].sort((a, b) => b.total - a.total || a.keyword.localeCompare(b.keyword)).slice(0, limit),
      rising: all.filter((x) => x.recent >= 3).sort((a, b) => (a.growth === null ? 1 : 0) - (b.growth === null ? 1 : 0)
        || (b.growth ?? 0) - (a.growth ?? 0) || b.recent - a.recent || a.keyword.localeCompare(b.keyword)).slice(0, limit),
    };
  }

  it('puts 老旧小区改造 at the top of the rising topics and matches the counts row by row', async () => {
    const res = await as['yancheng.staff']!.get('/api/v1/suggestions/topics?months=12&limit=10');
    expect(res.status).toBe(200);
    expect(res.body.months).toHaveLength(12);
    expect(res.body.months.at(-1)).toBe(chinaMonth(new Date()));
    const want = expectedTopics(corpus.tenants.yancheng.path, res.body.months, 10);
    expect(res.body.topics).toEqual(want.topics);
    expect(res.body.rising).toEqual(want.rising);
    expect(['老旧小区改造', '老旧小区']).toContain(res.body.rising[0].keyword);
    expect(res.body.rising[0].growth).toBeGreaterThan(3);
  });

  it('narrows to a congress of the subtree, and 404 outside it', async () => {
    const { funing, sheyang } = corpus.tenants;
    const res = await as['yancheng.staff']!.get(`/api/v1/suggestions/topics?tenantId=${sheyang.id}&months=6&limit=5`);
    expect(res.body.topics).toEqual(expectedTopics(sheyang.path, res.body.months, 5).topics);
    expect((await as['sheyang.staff']!.get(`/api/v1/suggestions/topics?tenantId=${funing.id}`)).status).toBe(404);
    expect((await as['deputy.li']!.get('/api/v1/suggestions/topics')).status).toBe(403);
  });
});

describe('GET /api/v1/suggestions/export', () => {
  const columns = ['届次会次', '类型', '编号', '标题', '领衔代表', '附议人数', '类别', '所属人大', '状态', '主办单位', '会办单位', '答复类别', '满意度', '提交时间', '答复时间'];

  function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let field = '';
    let quoted = false;
    for (let i = 0; i < text.length; i++) {
      const ch = text[i]!;
      if (quoted) {
        if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
      } else if (ch === '"') quoted = true;
      else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r') continue;
      else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += ch;
    }
    return rows;
  }

  const wanted = (scope: string, q: string) =>
    truth.filter((r) => within(r.path, scope) && r.state !== 'draft' && queryTokens(q).split(' ').every((t) => r.tokens.has(t)));

  it('writes a CSV with a BOM, the columns and one row per hit, newest first', async () => {
    const res = await raw(as['funing.staff']!, `/api/v1/suggestions/export?format=csv&q=${encodeURIComponent('老旧小区')}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect([...res.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(res.headers.get('content-disposition')).toMatch(/filename\*=UTF-8''%E8%AE%AE%E6%A1%88%E5%BB%BA%E8%AE%AE-\d{4}-\d{2}-\d{2}\.csv/);
    const rows = parseCsv(new TextDecoder('utf-8', { ignoreBOM: true }).decode(res.bytes).slice(1));
    expect(rows[0]).toEqual(columns);
    const want = wanted(corpus.tenants.funing.path, '老旧小区');
    expect(rows.length - 1).toBe(want.length);
    expect(rows.slice(1).map((r) => r[3]).sort()).toEqual(want.map((r) => r.title).sort());
    const submitted = rows.slice(1).map((r) => r[13]!);
    expect(submitted).toEqual([...submitted].sort().reverse());
    expect(rows.slice(1).every((r) => ['阜宁县', '沟墩镇'].includes(r[7]!))).toBe(true);
  });

  it('writes an XLSX workbook with a bold frozen header and the rows in Chinese', async () => {
    const started = performance.now();
    const res = await raw(as['yancheng.staff']!, '/api/v1/suggestions/export?format=xlsx');
    const ms = performance.now() - started;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const files = unzipSync(res.bytes);
    expect(Object.keys(files).sort()).toEqual(['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml']);
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    const strings = [...strFromU8(files['xl/sharedStrings.xml']!).matchAll(/<si><t[^>]*>([^<]*)<\/t><\/si>/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'));
    const rows = [...sheet.matchAll(/<row r="(\d+)">(.*?)<\/row>/g)].map((m) => [...m[2]!.matchAll(/<c r="([A-Z]+)\d+"( s="\d+")?( t="s")?><v>([^<]*)<\/v><\/c>/g)]
      .map((c) => ({ col: c[1]!, bold: Boolean(c[2]), value: c[3] ? strings[Number(c[4])]! : Number(c[4]) })));
    const want = truth.filter((r) => within(r.path, corpus.tenants.yancheng.path) && r.state !== 'draft');
    console.log(`xlsx export of ${want.length} rows: ${ms.toFixed(0)} ms, ${res.bytes.length} bytes`);
    expect(rows.length).toBe(want.length + 1);
    expect(rows[0]!.map((c) => c.value)).toEqual(columns);
    expect(rows[0]!.every((c) => c.bold)).toBe(true);
    expect(sheet).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
    expect(sheet).toMatch(/<cols><col min="1" max="1" width="\d+" customWidth="1"\/>/);
    const titles = rows.slice(1).map((r) => r.find((c) => c.col === 'D')!.value as string);
    expect(titles.sort()).toEqual(want.map((r) => r.title).sort());
    const cosigners = rows.slice(1).map((r) => r.find((c) => c.col === 'F')?.value);
    expect(cosigners.every((n) => typeof n === 'number')).toBe(true);
  });

  it('answers 422 when more rows match than one export may hold', async () => {
    const before = exportLimits.rows;
    exportLimits.rows = 100;
    try {
      const res = await as['funing.staff']!.get('/api/v1/suggestions/export?format=csv');
      expect(res.status).toBe(422);
      expect(res.body.detail).toContain('100');
    } finally {
      exportLimits.rows = before;
    }
  });

  it('is for staff only', async () => {
    expect((await as['deputy.li']!.get('/api/v1/suggestions/export?format=csv&q=老旧小区')).status).toBe(403);
    expect((await as['unit.water']!.get('/api/v1/suggestions/export?format=csv')).status).toBe(403);
  });
});

describe('/api/v1/supervision-subjects', () => {
  let subjectId = '';
  const union = (scope: string, keywords: string[]) => truth.filter((r) => within(r.path, scope) && r.state !== 'draft'
    && keywords.some((k) => queryTokens(k).split(' ').every((t) => r.tokens.has(t)))).length;

  it('creates a subject of the own congress and counts the motions and suggestions matching any keyword', async () => {
    const keywords = ['老旧小区改造', '加装电梯', '物业管理'];
    const res = await as['funing.staff']!.post('/api/v1/supervision-subjects', { title: '老旧小区改造专项监督', keywords, year: 2026, source: 'topic' });
    expect(res.status).toBe(201);
    subjectId = res.body.id;
    const want = union(corpus.tenants.funing.path, keywords);
    expect(want).toBeGreaterThan(union(corpus.tenants.funing.path, ['老旧小区改造']));
    expect(res.body).toMatchObject({ tenantId: corpus.tenants.funing.id, title: '老旧小区改造专项监督', keywords, year: 2026, source: 'topic', state: 'open', matches: want });
    const [audit] = await ownerRows<{ action: string }>(tp, sql`select action from audit_log where subject_id = ${subjectId}`);
    expect(audit?.action).toBe('supervisionSubject.create');
  });

  it('lists subjects of the subtree by year, with their matches', async () => {
    const list = await as['yancheng.staff']!.get('/api/v1/supervision-subjects?year=2026');
    expect(list.status).toBe(200);
    expect(list.body.items.map((s: any) => s.id)).toContain(subjectId);
    expect((await as['yancheng.staff']!.get('/api/v1/supervision-subjects?year=2025')).body.items.map((s: any) => s.id)).not.toContain(subjectId);
    expect((await as['sheyang.staff']!.get('/api/v1/supervision-subjects')).body.items.map((s: any) => s.id)).not.toContain(subjectId);
  });

  it('lets only the own congress edit it: 403 above, 404 beside', async () => {
    expect((await as['yancheng.staff']!.patch(`/api/v1/supervision-subjects/${subjectId}`, { state: 'closed' })).status).toBe(403);
    expect((await as['sheyang.staff']!.patch(`/api/v1/supervision-subjects/${subjectId}`, { state: 'closed' })).status).toBe(404);
    const res = await as['funing.staff']!.patch(`/api/v1/supervision-subjects/${subjectId}`, { state: 'closed', keywords: ['停车难'] });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ state: 'closed', keywords: ['停车难'], matches: union(corpus.tenants.funing.path, ['停车难']) });
  });

  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/supervision-subjects', forbiddenFor: 'deputy.li' });
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/supervision-subjects', body: { title: '题', keywords: ['停车难'], year: 2026 }, forbiddenFor: 'deputy.li' });
  routeIsolation(() => tp, {
    method: 'PATCH', path: '/api/v1/supervision-subjects/00000000-0000-4000-8000-000000000000', body: { state: 'open' }, forbiddenFor: 'deputy.li',
    foreign: { login: 'sheyang.staff', path: () => `/api/v1/supervision-subjects/${subjectId}` },
  });
});

describe('GET /api/v1/public/suggestions/:tenantCode', () => {
  it('shows only the replies the congress published, without the names of people', async () => {
    const c = tp.client();
    const items: any[] = [];
    let cursor = '';
    do {
      const res = await c.get(`/api/v1/public/suggestions/320923?limit=20${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.tenant).toEqual({ code: '320923', name: '阜宁县' });
      items.push(...res.body.items);
      cursor = res.body.nextCursor ?? '';
    } while (cursor);
    const published = truth.filter((r) => r.tenantId === corpus.tenants.funing.id && r.publishedAt != null);
    expect(published.length).toBeGreaterThan(5);
    expect(items.map((i) => i.id).sort()).toEqual(published.map((r) => r.id).sort());
    const text = JSON.stringify(items);
    for (const name of ['李秀英', '张伟', '陈静', '王建国', '联络员']) expect(text).not.toContain(name);
    expect(Object.keys(items[0]).sort()).toEqual(['body', 'categoryName', 'id', 'kind', 'numberLabel', 'publishedAt', 'repliedAt', 'reply', 'replyCategory', 'sessionName', 'title', 'unitName']);
    expect(items[0].numberLabel).toMatch(/^第\d+号$/);
    const at = items.map((i) => i.publishedAt);
    expect(at).toEqual([...at].sort().reverse());
  });

  it('answers 404 for an unknown congress', async () => {
    expect((await tp.client().get('/api/v1/public/suggestions/999999')).status).toBe(404);
    expect((await tp.client().get('/api/v1/public/suggestions/%27%3B--')).status).toBe(404);
  });
});

describe('analysis isolation', () => {
  const foreign = () => `tenantId=${corpus.tenants.sheyang.id}`;
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/suggestions/export?format=csv', forbiddenFor: 'deputy.li',
    foreign: { login: 'funing.staff', path: () => `/api/v1/suggestions/export?format=csv&${foreign()}` } });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/suggestions/stats', forbiddenFor: 'unit.water',
    foreign: { login: 'funing.staff', path: () => `/api/v1/suggestions/stats?${foreign()}` } });
  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/suggestions/topics', forbiddenFor: 'deputy.li',
    foreign: { login: 'funing.staff', path: () => `/api/v1/suggestions/topics?${foreign()}` } });
});
