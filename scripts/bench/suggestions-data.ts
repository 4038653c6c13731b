import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { Worker } from 'node:worker_threads';
import { asOwner, rowsOf, type DatabaseHandle } from '@renda/db';
import { withDatabase } from '../../tests/support/databases.ts';
import { generateCorpus, insertCorpus, type CorpusDoc, type CorpusTarget } from '../data/suggestion-corpus.ts';
import { extractKeywords, searchTokens } from '../../apps/api/src/modules/suggestions/text.ts';

/**
 * Relative volume of motions and suggestions per congress, by level: the provincial congress
 * hears the most (≈800 deputies, each raising one or two a year), a township the fewest. With
 * 1 province, 13 cities, 95 counties and 699 townships this puts about 1 % at the province,
 * 6 % at the cities, 24 % at the counties and 69 % at the townships.
 */
const levelWeight: Record<string, number> = { province: 8, city: 5, county: 2.5, township: 1 };

/**
 * 阜宁县 and its 13 townships count 1.6 times their level's volume, as a large and active county
 * (about 2.5 % of the province's rows), so that its searches are not the smallest of the province.
 */
const BUSY_COUNTY = '320923';
const BUSY_FACTOR = 1.6;

export interface CorpusLoad {
  total: number;
  tenants: number;
  counties: number;
  townships: number;
  /** Composing the texts (generateCorpus). */
  generateMs: number;
  /** insertCorpus: jieba (search tokens, keywords) and the inserts, then the keyword counts. */
  insertMs: number;
  /** jieba's CPU time for all documents, estimated from the first 2,000 timed alone before the load. */
  jiebaMs: number;
  analyzeMs: number;
  /** Concurrent load transactions, each in a thread of its own on PostgreSQL. */
  parts: number;
}

/**
 * `count` motions and suggestions over every congress of the demo province, as the owner: three
 * drafting deputies (a person and a membership each) and two handling units per congress, then
 * the shared corpus (`scripts/data/suggestion-corpus.ts`) spread by `levelWeight` with ±40 %
 * per congress (by a hash of its code, so every run spreads the same way), and ANALYZE.
 * Nothing is cached between runs: every run composes, segments and inserts it all again.
 */
export async function loadCorpus(owner: DatabaseHandle, count: number): Promise<CorpusLoad> {
  const targets = await asOwner(owner, async (tx) => {
    await tx.execute(sql`
      insert into users (username, display_name, password_hash)
      select 'bs.' || t.code || '.' || g, '代表' || t.code || '-' || g, 'bench' from tenants t, generate_series(1, 3) g`);
    await tx.execute(sql`
      insert into memberships (tenant_id, tenant_path, user_id, roles, activated_at)
      select t.id, t.path, u.id, array['deputy'], now()
      from tenants t join users u on u.username like 'bs.' || t.code || '.%' and split_part(u.username, '.', 2) = t.code`);
    await tx.execute(sql`
      insert into units (tenant_id, tenant_path, code, name)
      select t.id, t.path, 'bench-' || g, t.name || (array['住房和城乡建设局', '交通运输局'])[g] from tenants t, generate_series(1, 2) g`);
    return rowsOf<{ id: string; code: string; level: string; creators: string[]; units: string[]; busy: boolean }>(await tx.execute(sql`
      select t.id, t.code, t.level,
        array(select u.id::text from users u where u.username like 'bs.' || t.code || '.%' and split_part(u.username, '.', 2) = t.code order by u.username) as creators,
        array(select n.id::text from units n where n.tenant_id = t.id and n.code like 'bench-%' order by n.code) as units,
        t.path <@ (select path from tenants where code = ${BUSY_COUNTY}) as busy
      from tenants t order by t.path`));
  });
  const spread: (CorpusTarget & { share: number })[] = targets.map((t) => ({
    tenantId: t.id, creatorUserIds: t.creators, unitIds: t.units,
    share: (levelWeight[t.level] ?? 1) * (0.6 + 0.8 * hash01(t.code)) * (t.busy ? BUSY_FACTOR : 1),
  }));
  const now = new Date();
  const t0 = performance.now();
  const docs = generateCorpus(count, 2026, { now });
  const jiebaMs = jiebaPerDoc(docs.slice(0, 2000)) * docs.length;
  const t1 = performance.now();
  await bulkLoad(owner, docs, spread, now);
  const t2 = performance.now();
  // Outside the load's transactions, so the planner sees the new sizes.
  await asOwner(owner, (tx) => tx.execute(sql`analyze`));
  const t3 = performance.now();
  const [totals] = await asOwner(owner, async (tx) => rowsOf<{ total: number; tenants: number }>(await tx.execute(sql`
    select count(*)::int as total, count(distinct tenant_id)::int as tenants from suggestions`)));
  return {
    ...totals,
    counties: targets.filter((t) => t.level === 'county').length, townships: targets.filter((t) => t.level === 'township').length,
    generateMs: t1 - t0, insertMs: t2 - t1, jiebaMs, analyzeMs: t3 - t2, parts: partsOf(owner),
  };
}

/** Parts loaded at once on PostgreSQL, each in a thread of its own (the machine has two cores). */
const partsOf = (owner: DatabaseHandle) => (owner.kind === 'postgres' ? 2 : 1);

/**
 * insertCorpus in concurrent transactions over disjoint sets of congresses (each part's
 * documents in proportion to its congresses' shares), each in a worker thread with its own
 * connection, so that jieba runs on both cores while the server inserts; no two parts touch the
 * same sessions or counts. The transactions run with `session_replication_role = replica` (the
 * owner is a superuser on the bench's server): no per-row triggers and no key checks, which took
 * half of the server's time. The corpus writes the tenant paths and valid references itself; the
 * keyword counts the trigger would keep are filled afterwards by one GROUP BY with its rules.
 * Embedded (PGlite, one connection), one part in this thread.
 */
async function bulkLoad(owner: DatabaseHandle, docs: CorpusDoc[], spread: (CorpusTarget & { share: number })[], now: Date) {
  const parts = partsOf(owner);
  const groups = Array.from({ length: parts }, (_, g) => spread.filter((_, i) => i % parts === g));
  const weight = groups.map((g) => g.reduce((a, t) => a + t.share, 0));
  const total = weight.reduce((a, b) => a + b, 0);
  const slices: CorpusDoc[][] = [];
  let from = 0;
  for (const [g, w] of weight.entries()) {
    const to = g === parts - 1 ? docs.length : from + Math.round((docs.length * w) / total);
    slices.push(docs.slice(from, to));
    from = to;
  }
  if (parts === 1) {
    await asOwner(owner, async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await insertCorpus(tx, docs, { targets: spread, seed: 2026, now });
    });
  } else {
    const url = withDatabase(process.env.MIGRATION_DATABASE_URL!, await databaseName(owner));
    await Promise.all(slices.map((slice, g) => loadPart({ url, docs: slice, targets: groups[g], seed: 2026 + g, now })));
  }
  await asOwner(owner, (tx) => tx.execute(sql`
    insert into suggestion_keyword_months (tenant_id, tenant_path, month, keyword, count)
    select s.tenant_id, s.tenant_path, suggestion_month(s.submitted_at), k.x, count(*)
    from suggestions s join users u on u.id = s.created_by and u.username like 'bs.%'
    cross join lateral (select distinct x from unnest(s.keywords) x) k
    where suggestion_counted(s.state, s.submitted_at)
    group by 1, 2, 3, 4
    on conflict (tenant_id, month, keyword) do update set count = suggestion_keyword_months.count + excluded.count`));
}

/** One part in a worker thread (suggestions-load.worker.ts); rejects when it fails. */
function loadPart(part: { url: string; docs: CorpusDoc[]; targets: CorpusTarget[]; seed: number; now: Date }): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./suggestions-load.worker.ts', import.meta.url), { workerData: part });
    let done = false;
    worker.on('message', () => { done = true; });
    worker.on('error', reject);
    worker.on('exit', (code) => (done && code === 0 ? resolve() : reject(new Error(`suggestions bench: a load part stopped (exit ${code})`))));
  });
}

async function databaseName(owner: DatabaseHandle): Promise<string> {
  return asOwner(owner, async (tx) => rowsOf<{ name: string }>(await tx.execute(sql`select current_database() as name`))[0].name);
}

/** A stable number in [0, 1) from a congress's code (FNV-1a). */
function hash01(code: string): number {
  let h = 0x811c9dc5;
  for (const c of code) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h / 4294967296;
}

/** Milliseconds of jieba per document: the calls insertCorpus makes for each (warm). */
function jiebaPerDoc(docs: { title: string; body: string }[]): number {
  const t0 = performance.now();
  for (const d of docs) {
    searchTokens(d.title);
    searchTokens(d.body);
    extractKeywords(d.title, d.body);
  }
  return (performance.now() - t0) / Math.max(1, docs.length);
}
