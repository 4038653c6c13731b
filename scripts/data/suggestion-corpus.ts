import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import { extractKeywords, searchTokens } from '../../apps/api/src/modules/suggestions/text.ts';
import {
  corpusClosings, corpusGenericMeasures, corpusOpenings, corpusPlaces, corpusReplies, corpusTopics, type CorpusTopic,
} from './suggestion-corpus.topics.ts';

/**
 * A deterministic corpus of Chinese motions and suggestions for tests and the bench:
 * `generateCorpus(n, seed)` composes texts from the topic banks with a seeded generator, and
 * `insertCorpus(tx, docs, opts)` writes them as the owner (row-level security bypassed) into
 * congresses of the caller's choosing, with a lifecycle state, numbers per session, the search
 * vector and keywords the API would write, signers and unit assignments.
 * The API of this module is shared with the bench: keep it stable.
 */

export { corpusTopics, type CorpusTopic } from './suggestion-corpus.topics.ts';

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

/** mulberry32: a small seeded generator, enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

/** `count` distinct entries of `list` in random order. */
function sample<T>(rand: () => number, list: readonly T[], count: number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy.slice(0, Math.min(count, copy.length));
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

function weighted(rand: () => number, weights: readonly number[]): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rand() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
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

const DAY = 86_400_000;

interface Prepared {
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
  for (let i = 0; i < out.length; i += batch) await insertBatch(tx, rand, out.slice(i, i + batch), prepared);
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

const topicsByKey = new Map(corpusTopics.map((t) => [t.key, t]));
const after = (at: Date, days: number) => new Date(at.getTime() + days * DAY);
const ratingOf = (rand: () => number): 1 | 2 | 3 => { const r = rand(); return r < 0.6 ? 1 : r < 0.9 ? 2 : 3; };
const categoryOf = (rand: () => number): 'A' | 'B' | 'C' => { const r = rand(); return r < 0.45 ? 'A' : r < 0.85 ? 'B' : 'C'; };

/** The nearest session to the document's year (the one of that year when there is one). */
function sessionFor(p: Prepared, at: Date): string {
  const year = Number(chinaMonthKey(at).slice(0, 4));
  let best = p.sessions[0]!;
  for (const s of p.sessions) if (Math.abs(s.year - year) < Math.abs(best.year - year)) best = s;
  return best.id;
}

/**
 * A unit's share: signing within 0–9 days of a 7-day limit (some late), replying 10–105 days
 * after signing against a 90-day limit (some late), a few that never sign or never reply.
 */
function planAssignment(rand: () => number, unitId: string, role: 'lead' | 'co', assignedAt: Date, now: Date): InsertedAssignment {
  const signDueAt = after(assignedAt, 7);
  const replyDueAt = after(assignedAt, 90);
  const signAt = rand() < 0.04 ? null : after(assignedAt, 0.2 + rand() * 9);
  const replyAt = signAt && rand() >= 0.05 ? after(signAt, 10 + rand() * 95) : null;
  const signedAt = signAt && signAt <= now ? signAt : null;
  const repliedAt = signedAt && replyAt && replyAt <= now ? replyAt : null;
  const state = repliedAt ? 'replied' : signedAt ? 'signed' : 'assigned';
  return { unitId, role, state, assignedAt, signDueAt, signedAt, replyDueAt, repliedAt, replyCategory: role === 'lead' && repliedAt ? categoryOf(rand) : null, rating: null, ratedAt: null };
}

/** Decide what became of a document by `now`: its state, number, units and ratings. */
function planDoc(rand: () => number, doc: CorpusDoc, p: Prepared, opts: InsertCorpusOptions, now: Date): InsertedDoc {
  const createdBy = pick(rand, p.creators);
  // A draft has only its lead author; a submission often a co-signer or two of the same congress.
  const cosigners = sample(rand, p.creators.filter((u) => u !== createdBy), Math.floor(rand() * 3));
  const base: InsertedDoc = {
    ...doc, id: randomUUID(), tenantId: p.tenantId, state: 'draft', sessionId: null, number: null, createdBy, signerUserIds: [createdBy],
    categoryId: p.categories.get(doc.categoryKey) ?? null, submittedAt: null, replyCategory: null, rating: null, publishedAt: null,
    dueStep: null, dueAt: null, closedAt: null, assignments: [],
  };
  const r = rand();
  const draftShare = opts.draftShare ?? 0.04;
  if (r < draftShare) return base;
  base.signerUserIds.push(...cosigners);
  if (r < draftShare + (opts.withdrawnShare ?? 0.03)) return { ...base, state: 'withdrawn', submittedAt: doc.month };
  const submittedAt = doc.month;
  const acceptedAt = after(submittedAt, 1 + rand() * 6);
  if (acceptedAt > now) return { ...base, state: 'submitted', submittedAt, dueStep: 'review', dueAt: after(submittedAt, 7) };
  const sessionId = sessionFor(p, submittedAt);
  const key = `${sessionId}:${doc.kind}`;
  const number = (p.seq.get(key) ?? 0) + 1;
  p.seq.set(key, number);
  const filed: InsertedDoc = { ...base, state: 'accepted', submittedAt, sessionId, number };
  const assignedAt = after(acceptedAt, 1 + rand() * 7);
  if (p.units.length === 0 || assignedAt > now) return filed;
  const units = sample(rand, p.units, rand() < 0.25 && p.units.length > 1 ? 2 : 1);
  const assignments = units.map((u, i) => planAssignment(rand, u, i === 0 ? 'lead' : 'co', assignedAt, now));
  const lead = assignments[0]!;
  if (!lead.signedAt) return { ...filed, state: 'assigned', assignments, dueStep: 'sign', dueAt: lead.signDueAt };
  if (!lead.repliedAt) return { ...filed, state: 'signed', assignments, dueStep: 'reply', dueAt: lead.replyDueAt };
  const rateDueAt = after(lead.repliedAt, 30);
  const ratedAt = rand() < 0.9 ? after(lead.repliedAt, 1 + rand() * 25) : null;
  const replied = { ...filed, replyCategory: lead.replyCategory, assignments };
  if (ratedAt && ratedAt <= now) {
    for (const a of assignments) {
      if (!a.repliedAt) continue;
      a.rating = ratingOf(rand);
      a.ratedAt = ratedAt;
    }
    const published = rand() < (opts.publishedShare ?? 0.1) ? new Date(Math.min(after(ratedAt, 2).getTime(), now.getTime())) : null;
    return { ...replied, state: 'closed', rating: lead.rating, publishedAt: published, closedAt: ratedAt };
  }
  if (rateDueAt <= now) return { ...replied, state: 'closed', closedAt: rateDueAt };
  return { ...replied, state: 'replied', dueStep: 'rate', dueAt: rateDueAt };
}

function replyText(rand: () => number, d: InsertedDoc): string {
  const topic = topicsByKey.get(d.topicKey)!;
  const subject = d.title.replace(/^关于/, '').replace(/的(建议|议案)$/, '');
  return pick(rand, corpusReplies).replaceAll('{t}', subject).replaceAll('{m}', pick(rand, topic.measures)).replaceAll('{f}', topic.field);
}

async function insertBatch(tx: Tx, rand: () => number, docs: InsertedDoc[], prepared: Prepared[]): Promise<void> {
  const byTenant = new Map(prepared.map((p) => [p.tenantId, p]));
  const rows = docs.map((d) => {
    const lead = d.assignments[0];
    const created = d.submittedAt ? after(d.submittedAt, -rand() * 3) : d.month;
    const closed = d.closedAt;
    return {
      id: d.id, tenant_id: d.tenantId, session_id: d.sessionId, kind: d.kind, number: d.number, title: d.title, body: d.body,
      category_id: d.categoryId, state: d.state, created_by: d.createdBy, lead_deputy_id: byTenant.get(d.tenantId)!.deputies.get(d.createdBy) ?? null,
      due_step: d.dueStep, due_at: d.dueAt, reply_category: d.replyCategory, rating: d.rating, public_agreed: Boolean(d.publishedAt),
      published_at: d.publishedAt, keywords: extractKeywords(d.title, d.body), title_tokens: searchTokens(d.title), body_tokens: searchTokens(d.body),
      created_at: created, updated_at: d.publishedAt ?? closed ?? lead?.repliedAt ?? lead?.signedAt ?? lead?.assignedAt ?? d.submittedAt ?? created,
      submitted_at: d.submittedAt, accepted_at: d.number ? after(d.submittedAt!, 1) : null, assigned_at: lead?.assignedAt ?? null,
      replied_at: lead?.repliedAt ?? null, closed_at: closed,
    };
  });
  await tx.execute(sql`
    insert into suggestions (id, tenant_id, tenant_path, session_id, kind, number, title, body, category_id, state, created_by, lead_deputy_id,
      due_step, due_at, reply_category, rating, public_agreed, published_at, keywords, search, created_at, updated_at,
      submitted_at, accepted_at, assigned_at, replied_at, closed_at)
    select r.id, r.tenant_id, t.path, r.session_id, r.kind, r.number, r.title, r.body, r.category_id, r.state, r.created_by, r.lead_deputy_id,
      r.due_step, r.due_at, r.reply_category, r.rating, r.public_agreed, r.published_at, r.keywords,
      setweight(to_tsvector('simple', r.title_tokens), 'A') || setweight(to_tsvector('simple', r.body_tokens), 'B'),
      r.created_at, r.updated_at, r.submitted_at, r.accepted_at, r.assigned_at, r.replied_at, r.closed_at
    from json_to_recordset(${JSON.stringify(rows)}::json) as r(id uuid, tenant_id uuid, session_id uuid, kind text, number int, title text, body text,
      category_id uuid, state text, created_by uuid, lead_deputy_id uuid, due_step text, due_at timestamptz, reply_category text, rating smallint,
      public_agreed boolean, published_at timestamptz, keywords text[], title_tokens text, body_tokens text, created_at timestamptz,
      updated_at timestamptz, submitted_at timestamptz, accepted_at timestamptz, assigned_at timestamptz, replied_at timestamptz, closed_at timestamptz)
    join tenants t on t.id = r.tenant_id`);
  const signers = docs.flatMap((d) => {
    const p = byTenant.get(d.tenantId)!;
    const at = d.submittedAt ?? d.month;
    return d.signerUserIds.map((userId, i) => ({
      tenant_id: d.tenantId, suggestion_id: d.id, user_id: userId, deputy_id: p.deputies.get(userId) ?? null,
      role: i === 0 ? 'author' : 'cosigner', state: 'signed', position: i, responded_at: at,
    }));
  });
  await tx.execute(sql`
    insert into suggestion_signers (tenant_id, tenant_path, suggestion_id, user_id, deputy_id, role, state, position, responded_at, created_at)
    select r.tenant_id, t.path, r.suggestion_id, r.user_id, r.deputy_id, r.role, r.state, r.position, r.responded_at, r.responded_at
    from json_to_recordset(${JSON.stringify(signers)}::json) as r(tenant_id uuid, suggestion_id uuid, user_id uuid, deputy_id uuid, role text,
      state text, position int, responded_at timestamptz)
    join tenants t on t.id = r.tenant_id`);
  const assignments = docs.flatMap((d) => d.assignments.map((a) => ({
    tenant_id: d.tenantId, suggestion_id: d.id, unit_id: a.unitId, role: a.role, state: a.state, assigned_at: a.assignedAt,
    sign_due_at: a.signDueAt, signed_at: a.signedAt, reply_due_at: a.replyDueAt, replied_at: a.repliedAt,
    reply: a.repliedAt ? replyText(rand, d) : null, reply_category: a.replyCategory, public_agreed: a.role === 'lead' && Boolean(d.publishedAt),
    rating: a.rating, rated_at: a.ratedAt,
  })));
  if (assignments.length === 0) return;
  await tx.execute(sql`
    insert into suggestion_assignments (tenant_id, tenant_path, suggestion_id, unit_id, round, role, state, assigned_at, sign_due_at, signed_at,
      reply_due_at, replied_at, reply, reply_category, public_agreed, rating, rated_at)
    select r.tenant_id, t.path, r.suggestion_id, r.unit_id, 1, r.role, r.state, r.assigned_at, r.sign_due_at, r.signed_at,
      r.reply_due_at, r.replied_at, r.reply, r.reply_category, r.public_agreed, r.rating, r.rated_at
    from json_to_recordset(${JSON.stringify(assignments)}::json) as r(tenant_id uuid, suggestion_id uuid, unit_id uuid, role text, state text,
      assigned_at timestamptz, sign_due_at timestamptz, signed_at timestamptz, reply_due_at timestamptz, replied_at timestamptz, reply text,
      reply_category text, public_agreed boolean, rating smallint, rated_at timestamptz)
    join tenants t on t.id = r.tenant_id`);
}
