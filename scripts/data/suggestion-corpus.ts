import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import { pick, sample, seededRandom, weighted } from './suggestion-corpus.random.ts';
import { batchRows, planDoc, writeBatch } from './suggestion-corpus.rows.ts';
import { corpusClosings, corpusGenericMeasures, corpusOpenings, corpusPlaces, corpusTopics, type CorpusTopic } from './suggestion-corpus.topics.ts';

/**
 * A deterministic corpus of Chinese motions and suggestions for tests and the bench:
 * `generateCorpus(n, seed)` composes texts from the topic banks with a seeded generator, and
 * `insertCorpus(tx, docs, opts)` writes them as the owner (row-level security bypassed) into
 * congresses of the caller's choosing, with a lifecycle state, numbers per session, the search
 * vector and keywords the API would write, signers and unit assignments.
 * The API of this module is shared with the bench: keep it stable.
 */

export { corpusTopics, type CorpusTopic } from './suggestion-corpus.topics.ts';
export { seededRandom } from './suggestion-corpus.random.ts';

export interface CorpusDoc {
  title: string;
  body: string;
  kind: 'motion' | 'suggestion';
  topicKey: string;
  /** When it was raised: a moment inside one of the window's months (China time), never after `now`. */
  month: Date;
  categoryKey: string;
}

export interface CorpusOptions {
  /** Months in the window, ending with the month of `now` (24). */
  months?: number;
  /** The end of the window (now); pass it for a corpus that does not move with the clock. */
  now?: Date;
  /** Share of motions among the documents (0.08). */
  motionShare?: number;
}

const CHINA_OFFSET_MS = 8 * 3600_000;

/** The start of the China-time month `offset` months after the one containing `at`. */
export function chinaMonthStart(at: Date, offset = 0): Date {
  const local = new Date(at.getTime() + CHINA_OFFSET_MS);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + offset, 1) - CHINA_OFFSET_MS);
}

/** The China-time month of a moment as `YYYY-MM`. */
export function chinaMonthKey(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 7);
}

/** A topic's volume in month `i` of `months` (the last is `months - 1`). */
function trendFactor(topic: CorpusTopic, i: number, months: number): number {
  if (topic.trend === 'recent') return i >= months - 3 ? 25 : 1;
  if (topic.trend === 'yearly') return 0.6 + (0.8 * i) / Math.max(1, months - 1);
  return 1;
}

const ORDINALS = ['一', '二', '三', '四', '五'];

function composeBody(rand: () => number, topic: CorpusTopic, place: string): string {
  const opening = pick(rand, corpusOpenings).replaceAll('{p}', place).replaceAll('{f}', topic.field);
  const problems = sample(rand, topic.problems, 2 + Math.floor(rand() * 2));
  const own = sample(rand, topic.measures, 2 + Math.floor(rand() * 2));
  const measures = rand() < 0.6 ? [...own, pick(rand, corpusGenericMeasures)] : own;
  const listed = measures.map((m, i) => `${ORDINALS[i]}是${m}`).join('；');
  return `${opening}${problems.join('；')}。为此，建议：${listed}。${pick(rand, corpusClosings)}`;
}

/**
 * `n` documents from `seed`: the same arguments give the same texts, kinds, topics and months.
 * A (month, topic) pair is drawn by the topic's weight times its trend in that month, with a
 * mild spike in January and February (the plenary season): a rising topic adds documents, the
 * others keep their volume.
 * @example const docs = generateCorpus(10_000, 42, { now: new Date('2026-11-22T00:00:00Z') });
 */
export function generateCorpus(n: number, seed: number, options: CorpusOptions = {}): CorpusDoc[] {
  const rand = seededRandom(seed);
  const months = options.months ?? 24;
  const now = options.now ?? new Date();
  const motionShare = options.motionShare ?? 0.08;
  const starts = Array.from({ length: months + 1 }, (_, i) => chinaMonthStart(now, i - months + 1));
  const cells: { i: number; topic: CorpusTopic }[] = [];
  const weights: number[] = [];
  for (let i = 0; i < months; i++) {
    const spike = [0, 1].includes(new Date(starts[i]!.getTime() + CHINA_OFFSET_MS).getUTCMonth()) ? 1.5 : 1;
    for (const topic of corpusTopics) {
      cells.push({ i, topic });
      weights.push(spike * topic.weight * trendFactor(topic, i, months));
    }
  }
  const cumulative = weights.map(((sum) => (w: number) => (sum += w))(0));
  const docs: CorpusDoc[] = [];
  for (let k = 0; k < n; k++) {
    const { i, topic } = cells[bisect(cumulative, rand() * cumulative.at(-1)!)]!;
    const place = pick(rand, corpusPlaces);
    const kind = rand() < motionShare ? 'motion' : 'suggestion';
    const title = (kind === 'motion' ? pick(rand, topic.motions) : pick(rand, topic.titles)).replaceAll('{p}', place);
    const body = composeBody(rand, topic, place);
    const start = starts[i]!.getTime();
    const end = Math.min(starts[i + 1]!.getTime(), now.getTime());
    docs.push({ title, body, kind, topicKey: topic.key, month: new Date(start + Math.floor(rand() * Math.max(1, end - start))), categoryKey: topic.categoryKey });
  }
  return docs;
}

/** The first index whose cumulative weight exceeds `x`. */
function bisect(cumulative: readonly number[], x: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Insertion

export interface CorpusTarget {
  tenantId: string;
  /** Users who draft the documents (deputies of the congress); each document's lead author is one of them. */
  creatorUserIds: string[];
  /** Sessions to file under (of this congress); by default one closed session per year is created or reused. */
  sessionIds?: string[];
  /** Units that handle the filed ones; without units nothing goes past `accepted`. */
  unitIds?: string[];
  /** Relative share of the documents this congress gets (1). */
  share?: number;
}

export interface InsertCorpusOptions {
  targets: CorpusTarget[];
  /** Seed of the states, targets and times (1). */
  seed?: number;
  /** Rows per statement (1,000). */
  batchSize?: number;
  /** The clock: nothing happens after it (now). */
  now?: Date;
  /** Share of drafts (0.04) and of withdrawn ones (0.03); the rest are submitted and, after a week, filed. */
  draftShare?: number;
  withdrawnShare?: number;
  /** Share of closed ones the authors and the lead unit agreed to publish, and staff did (0.1). */
  publishedShare?: number;
  /** Category ids by category key; by default the categories the congress sees, by name. */
  categoryIds?: Record<string, string>;
}

export interface InsertedAssignment {
  unitId: string;
  role: 'lead' | 'co';
  state: 'assigned' | 'signed' | 'replied';
  assignedAt: Date;
  signDueAt: Date;
  signedAt: Date | null;
  replyDueAt: Date;
  repliedAt: Date | null;
  replyCategory: 'A' | 'B' | 'C' | null;
  rating: 1 | 2 | 3 | null;
  ratedAt: Date | null;
}

export interface InsertedDoc extends CorpusDoc {
  id: string;
  tenantId: string;
  state: 'draft' | 'submitted' | 'withdrawn' | 'accepted' | 'assigned' | 'signed' | 'replied' | 'closed';
  sessionId: string | null;
  number: number | null;
  createdBy: string;
  /** The lead author first, then co-signers of the same congress; all signed. */
  signerUserIds: string[];
  categoryId: string | null;
  submittedAt: Date | null;
  replyCategory: 'A' | 'B' | 'C' | null;
  rating: 1 | 2 | 3 | null;
  publishedAt: Date | null;
  dueStep: 'review' | 'sign' | 'reply' | 'rate' | null;
  dueAt: Date | null;
  closedAt: Date | null;
  assignments: InsertedAssignment[];
}

/** A target with what its documents need: creators' seats, sessions and their numbers so far, units, categories. */
export interface Prepared {
  tenantId: string;
  creators: string[];
  deputies: Map<string, string>;
  sessions: { id: string; year: number }[];
  seq: Map<string, number>;
  units: string[];
  categories: Map<string, string>;
}

/**
 * Write `docs` as the owner (`tx` must bypass row-level security) into `opts.targets`, in batches
 * of multi-row inserts; the keyword-count trigger fires per row as it would in production.
 * Returns every document with the id, state, number and assignments it was given.
 * @example await asOwner(owner, (tx) => insertCorpus(tx, docs, { targets: [{ tenantId, creatorUserIds: [u] }] }));
 */
export async function insertCorpus(tx: Tx, docs: readonly CorpusDoc[], opts: InsertCorpusOptions): Promise<InsertedDoc[]> {
  if (opts.targets.length === 0) throw new Error('insertCorpus: no targets');
  const rand = seededRandom(opts.seed ?? 1);
  const now = opts.now ?? new Date();
  const years = [...new Set(docs.map((d) => Number(chinaMonthKey(d.month).slice(0, 4))))];
  const prepared: Prepared[] = [];
  for (const t of opts.targets) prepared.push(await prepareTarget(tx, t, years, opts.categoryIds));
  const shares = opts.targets.map((t) => t.share ?? 1);
  const out: InsertedDoc[] = docs.map((doc) => planDoc(rand, doc, prepared[weighted(rand, shares)]!, opts, now));
  const batch = opts.batchSize ?? 1000;
  // Segmenting the next batch overlaps with the database writing the previous one.
  let writing: Promise<void> = Promise.resolve();
  for (let i = 0; i < out.length; i += batch) {
    const rows = batchRows(rand, out.slice(i, i + batch), prepared);
    await writing;
    writing = writeBatch(tx, rows);
  }
  await writing;
  for (const p of prepared) {
    for (const s of p.sessions) {
      await tx.execute(sql`update suggestion_sessions set motion_seq = greatest(motion_seq, ${p.seq.get(`${s.id}:motion`) ?? 0}),
        suggestion_seq = greatest(suggestion_seq, ${p.seq.get(`${s.id}:suggestion`) ?? 0}) where id = ${s.id}`);
    }
  }
  // Fresh statistics, as autovacuum would gather later: with the empty tables' estimates the
  // planner walks the path indexes of thousands of rows for each one (1 s instead of 20 ms).
  await tx.execute(sql`analyze suggestions, suggestion_signers, suggestion_assignments, suggestion_keyword_months, suggestion_sessions`);
  return out;
}

async function prepareTarget(tx: Tx, t: CorpusTarget, years: number[], categoryIds?: Record<string, string>): Promise<Prepared> {
  if (t.creatorUserIds.length === 0) throw new Error(`insertCorpus: no creators for ${t.tenantId}`);
  const [tenant] = rowsOf<{ path: string; name: string }>(await tx.execute(sql`select path::text, name from tenants where id = ${t.tenantId}`));
  if (!tenant) throw new Error(`insertCorpus: no tenant ${t.tenantId}`);
  let sessionIds = t.sessionIds ?? [];
  if (sessionIds.length === 0) {
    for (const year of years) {
      const name = `${year}年人民代表大会会议`;
      await tx.execute(sql`insert into suggestion_sessions (tenant_id, tenant_path, name, year, kind, starts_on, ends_on, state)
        values (${t.tenantId}, ${tenant.path}::ltree, ${name}, ${year}, 'congress', ${`${year}-01-10`}, ${`${year}-01-13`}, 'closed')
        on conflict (tenant_id, name) do nothing`);
      const [row] = rowsOf<{ id: string }>(await tx.execute(sql`select id from suggestion_sessions where tenant_id = ${t.tenantId} and name = ${name}`));
      sessionIds.push(row!.id);
    }
  }
  sessionIds = [...new Set(sessionIds)];
  const sessionRows = rowsOf<{ id: string; year: number; motion_seq: number; suggestion_seq: number }>(await tx.execute(sql`
    select id, year, motion_seq, suggestion_seq from suggestion_sessions where tenant_id = ${t.tenantId} and id = any(${`{${sessionIds.join(',')}}`}::uuid[]) for update`));
  if (sessionRows.length !== sessionIds.length) throw new Error(`insertCorpus: a session is not of ${t.tenantId}`);
  const seq = new Map<string, number>();
  for (const s of sessionRows) {
    seq.set(`${s.id}:motion`, s.motion_seq);
    seq.set(`${s.id}:suggestion`, s.suggestion_seq);
  }
  const deputies = new Map(rowsOf<{ id: string; user_id: string }>(await tx.execute(sql`
    select distinct on (user_id) id, user_id from deputies where tenant_id = ${t.tenantId} and user_id = any(${`{${t.creatorUserIds.join(',')}}`}::uuid[])
    order by user_id, created_at desc`)).map((r) => [r.user_id, r.id]));
  const categories = new Map<string, string>(Object.entries(categoryIds ?? {}));
  if (!categoryIds) {
    // The nearest congress's category of that name wins (a county's own 老旧小区改造 over the province's).
    const rows = rowsOf<{ id: string; name: string }>(await tx.execute(sql`select id, name from suggestion_categories
      where tenant_path @> ${tenant.path}::ltree order by nlevel(tenant_path), position, name`));
    for (const r of rows) categories.set(r.name, r.id);
  }
  return { tenantId: t.tenantId, creators: t.creatorUserIds, deputies, sessions: sessionRows.map((s) => ({ id: s.id, year: s.year })), seq, units: t.unitIds ?? [], categories };
}

