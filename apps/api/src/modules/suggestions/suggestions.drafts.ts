import { sql, type SQL } from 'drizzle-orm';
import type { SuggestionCreate, SuggestionUpdate } from '@renda/contracts';
import { rowsOf, type Tx } from '@renda/db';
import type { Deps } from '../../platform/env-types.ts';
import { t, type Locale } from '../../platform/i18n.ts';
import { conflict, invalid, type FieldError } from '../../platform/problem.ts';
import { suggestionDraftOf } from '../cases/cases.flow.ts';
import { announce } from './suggestions.notices.ts';
import { attachFiles, categoryUsable, groupSeats, replaceDraftFiles, servingSeats, sessionOf, usableFiles, type SeatRef } from './suggestions.parts.ts';
import { step, type StepContext } from './suggestions.steps.ts';
import { commitStep, insertSigners, type Actor, type SuggestionChanges } from './suggestions.writes.ts';
import { extractKeywords, searchVector } from './text.ts';

/** Drafting: a new draft by a serving deputy, and the authors' edits while it is a draft or returned. */

const textArray = (list: string[]): SQL => (list.length ? sql`array[${sql.join(list.map((k) => sql`${k}`), sql`, `)}]::text[]` : sql`'{}'::text[]`);

/** 422 entries for a session, a category and files that the congress cannot use. */
async function checkRefs(tx: Tx, tenantId: string, locale: Locale, refs: { sessionId?: string | null; categoryId?: string | null; fileIds?: string[] }): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  if (refs.sessionId && !(await sessionOf(tx, tenantId, refs.sessionId))) errors.push({ path: 'sessionId', message: t(locale, 'suggestion.sessionNotFound') });
  if (refs.categoryId && !(await categoryUsable(tx, tenantId, refs.categoryId))) errors.push({ path: 'categoryId', message: t(locale, 'suggestion.categoryNotFound') });
  if (refs.fileIds?.length) {
    const usable = await usableFiles(tx, tenantId, refs.fileIds);
    refs.fileIds.forEach((id, i) => { if (!usable.has(id)) errors.push({ path: `fileIds.${i}`, message: t(locale, 'suggestion.fileNotUsable') }); });
  }
  return errors;
}

/** Invited deputies by person; 422 for each one who is not a serving deputy of the congress. */
async function seatsOf(tx: Tx, tenantId: string, locale: Locale, userIds: string[], path: string, errors: FieldError[]): Promise<SeatRef[]> {
  const seats = new Map((await servingSeats(tx, tenantId, userIds)).map((s) => [s.userId, s]));
  userIds.forEach((id, i) => { if (!seats.has(id)) errors.push({ path: `${path}.${i}`, message: t(locale, 'suggestion.notServingDeputy') }); });
  return userIds.flatMap((id) => seats.get(id) ?? []);
}

export interface NewDraft {
  tenantId: string;
  /** The lead author and their seat in the congress. */
  lead: SeatRef;
  actor: Actor;
  body: SuggestionCreate;
  locale: Locale;
}

/** The case's suggestion draft (422 when the case is not usable, 409 when it was used already). */
async function fromCase(tx: Tx, d: NewDraft): Promise<{ title: string; body: string }> {
  const draft = await suggestionDraftOf(tx, d.body.sourceCaseId!);
  const [owner] = rowsOf<{ tenantId: string }>(await tx.execute(sql`select tenant_id as "tenantId" from cases where id = ${d.body.sourceCaseId}`));
  if (!draft || owner?.tenantId !== d.tenantId) throw invalid([{ path: 'sourceCaseId', message: t(d.locale, 'suggestion.caseNotUsable') }]);
  const used = rowsOf(await tx.execute(sql`select 1 from suggestions where tenant_id = ${d.tenantId} and source_case_id = ${d.body.sourceCaseId}
    and state not in ('withdrawn', 'merged')`));
  if (used.length) throw conflict('suggestion.caseAlreadyUsed');
  return { title: d.body.title || draft.title.slice(0, 200), body: d.body.body || draft.body.slice(0, 20000) };
}

/**
 * Insert a draft: the lead author signed from the start, the invited authors (a group's serving
 * deputies when it is filed for a group) and co-signers, the files, and the first timeline
 * entry. Returns its id.
 */
export async function createDraft(tx: Tx, deps: Deps, d: NewDraft): Promise<string> {
  const { body, tenantId, locale } = d;
  const errors = await checkRefs(tx, tenantId, locale, body);
  const text = body.source === 'case' ? await fromCase(tx, d) : { title: body.title, body: body.body };
  let authors = await seatsOf(tx, tenantId, locale, body.authorUserIds, 'authorUserIds', errors);
  const cosigners = await seatsOf(tx, tenantId, locale, body.cosignerUserIds, 'cosignerUserIds', errors);
  if (body.source === 'group') {
    const members = await groupSeats(tx, tenantId, body.groupId!);
    if (!members) errors.push({ path: 'groupId', message: t(locale, 'suggestion.groupNotFound') });
    authors = [...authors, ...(members ?? []).filter((m) => !authors.some((a) => a.userId === m.userId) && !cosigners.some((c) => c.userId === m.userId))];
  }
  if (errors.length) throw invalid(errors);
  authors = authors.filter((a) => a.userId !== d.lead.userId);
  const invitedCosigners = cosigners.filter((c) => c.userId !== d.lead.userId);
  const [{ id }] = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into suggestions (tenant_id, tenant_path, session_id, kind, title, body, category_id, urgent, source, source_case_id, group_id,
      created_by, lead_deputy_id, public_agreed, keywords, search)
    values (${tenantId}, '', ${body.sessionId}, ${body.kind}, ${text.title}, ${text.body}, ${body.categoryId}, ${body.urgent}, ${body.source},
      ${body.source === 'case' ? body.sourceCaseId : null}, ${body.source === 'group' ? body.groupId : null}, ${d.lead.userId}, ${d.lead.deputyId},
      ${body.publicAgreed}, ${textArray(extractKeywords(text.title, text.body))},
      ${searchVector(text.title, text.body)})
    returning id`));
  const target = { id, tenantId };
  await insertSigners(tx, target, [d.lead], 'author', 'signed');
  await insertSigners(tx, target, authors, 'author');
  await insertSigners(tx, target, invitedCosigners, 'cosigner');
  await attachFiles(tx, tenantId, id, [...new Set(body.fileIds)], 'draft');
  await commitStep(tx, target, {}, { kind: 'created', actor: d.actor, data: { source: body.source, kind: body.kind } });
  const invited = [...authors, ...invitedCosigners].map((s) => s.userId);
  if (invited.length) await announce(tx, deps, id, { kind: 'invited', actorId: d.actor.id, userIds: invited });
  return id;
}

/** The authors edit a draft or a returned one; the search vector and keywords follow the text. */
export async function edit(ctx: StepContext, body: SuggestionUpdate) {
  const { row, tx } = ctx;
  const errors = await checkRefs(tx, row.tenantId, ctx.locale, body);
  if (errors.length) throw invalid(errors);
  const title = body.title ?? row.title;
  const text = body.body ?? row.body;
  const changes: SuggestionChanges = {
    ...(body.kind !== undefined ? { kind: body.kind } : {}), ...(body.title !== undefined ? { title } : {}), ...(body.body !== undefined ? { body: text } : {}),
    ...(body.categoryId !== undefined ? { categoryId: body.categoryId } : {}), ...(body.sessionId !== undefined ? { sessionId: body.sessionId } : {}),
    ...(body.urgent !== undefined ? { urgent: body.urgent } : {}), ...(body.publicAgreed !== undefined ? { publicAgreed: body.publicAgreed } : {}),
  };
  if (body.title !== undefined || body.body !== undefined) Object.assign(changes, { keywords: extractKeywords(title, text), search: searchVector(title, text) });
  if (body.fileIds) await replaceDraftFiles(tx, row.tenantId, row.id, [...new Set(body.fileIds)]);
  await step(ctx, changes, { kind: 'updated', data: { fields: Object.keys(body) } });
}
