import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '@renda/db';
import { extractKeywords, searchTokens } from '../../apps/api/src/modules/suggestions/text.ts';
import { pick, sample } from './suggestion-corpus.random.ts';
import { corpusReplies, corpusTopics } from './suggestion-corpus.topics.ts';
import type { CorpusDoc, InsertCorpusOptions, InsertedAssignment, InsertedDoc, Prepared } from './suggestion-corpus.ts';

/**
 * What became of each generated document (state, number, units, ratings) and the rows that say
 * so, for insertCorpus in suggestion-corpus.ts.
 */

const DAY = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3600_000;
const chinaYear = (at: Date) => new Date(at.getTime() + CHINA_OFFSET_MS).getUTCFullYear();
const topicsByKey = new Map(corpusTopics.map((t) => [t.key, t]));
const after = (at: Date, days: number) => new Date(at.getTime() + days * DAY);
const ratingOf = (rand: () => number): 1 | 2 | 3 => { const r = rand(); return r < 0.6 ? 1 : r < 0.9 ? 2 : 3; };
const categoryOf = (rand: () => number): 'A' | 'B' | 'C' => { const r = rand(); return r < 0.45 ? 'A' : r < 0.85 ? 'B' : 'C'; };

/** The nearest session to the document's year (the one of that year when there is one). */
function sessionFor(p: Prepared, at: Date): string {
  const year = chinaYear(at);
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
export function planDoc(rand: () => number, doc: CorpusDoc, p: Prepared, opts: InsertCorpusOptions, now: Date): InsertedDoc {
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

export interface BatchRows {
  suggestions: Record<string, unknown>[];
  signers: Record<string, unknown>[];
  assignments: Record<string, unknown>[];
}

/** The rows of one batch (jieba runs here, synchronously: the caller overlaps it with the previous batch's writes). */
export function batchRows(rand: () => number, docs: InsertedDoc[], prepared: Prepared[]): BatchRows {
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
  const signers = docs.flatMap((d) => {
    const p = byTenant.get(d.tenantId)!;
    const at = d.submittedAt ?? d.month;
    return d.signerUserIds.map((userId, i) => ({
      tenant_id: d.tenantId, suggestion_id: d.id, user_id: userId, deputy_id: p.deputies.get(userId) ?? null,
      role: i === 0 ? 'author' : 'cosigner', state: 'signed', position: i, responded_at: at,
    }));
  });
  const assignments = docs.flatMap((d) => d.assignments.map((a) => ({
    tenant_id: d.tenantId, suggestion_id: d.id, unit_id: a.unitId, role: a.role, state: a.state, assigned_at: a.assignedAt,
    sign_due_at: a.signDueAt, signed_at: a.signedAt, reply_due_at: a.replyDueAt, replied_at: a.repliedAt,
    reply: a.repliedAt ? replyText(rand, d) : null, reply_category: a.replyCategory, public_agreed: a.role === 'lead' && Boolean(d.publishedAt),
    rating: a.rating, rated_at: a.ratedAt,
  })));
  return { suggestions: rows, signers, assignments };
}

export async function writeBatch(tx: Tx, { suggestions: rows, signers, assignments }: BatchRows): Promise<void> {
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
  await tx.execute(sql`
    insert into suggestion_signers (tenant_id, tenant_path, suggestion_id, user_id, deputy_id, role, state, position, responded_at, created_at)
    select r.tenant_id, t.path, r.suggestion_id, r.user_id, r.deputy_id, r.role, r.state, r.position, r.responded_at, r.responded_at
    from json_to_recordset(${JSON.stringify(signers)}::json) as r(tenant_id uuid, suggestion_id uuid, user_id uuid, deputy_id uuid, role text,
      state text, position int, responded_at timestamptz)
    join tenants t on t.id = r.tenant_id`);
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
