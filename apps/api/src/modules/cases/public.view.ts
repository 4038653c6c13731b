import { sql } from 'drizzle-orm';
import { rowsOf, withContext, type Tx } from '@renda/db';
import type { CaseRate, TimeLimit } from '@renda/contracts';
import type { ConfigValues } from '@renda/features';
import type { Ctx } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/problem.ts';
import { sendFile } from '../files/files.service.ts';
import { dueAfter } from './calendar.service.ts';
import { applyCaseAction } from './cases.flow.ts';
import { checkCaseLinkToken, ratingOffered, targetContext } from './public.service.ts';
import { PUBLIC_ACTOR_NAME } from './public.submit.ts';

const TICKET = /^[A-Za-z0-9-]{4,40}$/;
const TOKEN = /^[A-Za-z0-9_-]{22}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Located {
  caseId: string;
  tenantId: string;
  tenantPath: string;
  config: ConfigValues;
}

/**
 * The case behind a ticket and its follow link, or 404 — the same 404 for an unknown ticket, a
 * wrong link and a congress whose module is off, so a ticket number alone tells nothing. The
 * lookup goes through the definer function `case_locate`; everything after it runs in the
 * case's congress's context.
 */
async function locate(c: Ctx, ticket: string, token: string | undefined): Promise<Located> {
  const deps = c.get('deps');
  if (!TICKET.test(ticket) || !token || !TOKEN.test(token)) throw notFound('publicCase.ticketNotFound');
  const found = await withContext(deps.handle, {}, async (tx) => {
    const [row] = rowsOf<{ case_id: string; tenant_id: string; tenant_path: string }>(await tx.execute(sql`select case_id, tenant_id, tenant_path from case_locate(${ticket})`));
    return row && (await checkCaseLinkToken(tx, row.case_id, token)) ? row : null;
  });
  if (!found) throw notFound('publicCase.ticketNotFound');
  const module = (await deps.flags.resolve(found.tenant_path)).cases;
  if (!module?.enabled) throw notFound('publicCase.ticketNotFound');
  return { caseId: found.case_id, tenantId: found.tenant_id, tenantPath: found.tenant_path, config: module.config };
}

interface CaseRow {
  id: string; tenant_id: string; ticket: string; title: string; body: string; state: string; source: string;
  created_at: Date | string; closed_at: Date | string | null; answer: string | null; due_at: Date | string | null;
  rating: number | null; rating_comment: string | null; scenario_snapshot: { name?: string; ratingEnabled?: boolean; deadlines?: { rate?: TimeLimit } };
  tenant_name: string; deputy_name: string | null; station_name: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Whether the submitter may rate now: a closed public case, rating on, inside the snapshot's rate window. */
async function canRate(tx: Tx, row: CaseRow, config: ConfigValues, now = new Date()): Promise<boolean> {
  if (row.source !== 'public' || row.state !== 'closed' || !row.closed_at) return false;
  if (!ratingOffered({ ratingEnabled: row.scenario_snapshot.ratingEnabled !== false }, config)) return false;
  const window = row.scenario_snapshot.deadlines?.rate;
  if (!window) return true;
  return now <= (await dueAfter(tx, row.tenant_id, new Date(row.closed_at), window));
}

async function caseRow(tx: Tx, at: Located): Promise<CaseRow> {
  const [row] = rowsOf<CaseRow>(await tx.execute(sql`
    select c.id, c.tenant_id, c.ticket, c.title, c.body, c.state, c.source, c.created_at, c.closed_at, c.answer, c.due_at,
           c.rating, c.rating_comment, c.scenario_snapshot, t.name as tenant_name, u.display_name as deputy_name, s.name as station_name
    from cases c
    join tenants t on t.id = c.tenant_id
    left join deputies d on d.tenant_id = c.tenant_id and d.id = c.deputy_id
    left join users u on u.id = d.user_id
    left join stations s on s.id = c.station_id
    where c.tenant_id = ${at.tenantId} and c.id = ${at.caseId}`));
  if (!row) throw notFound('publicCase.ticketNotFound');
  return row;
}

/**
 * What the submitter sees on the ticket page: their request, where it stands, the answer, and
 * the public steps of the timeline. Never the contact, internal notes or who in a unit acted
 * beyond the name the timeline already shows.
 */
async function viewOf(tx: Tx, at: Located) {
  const row = await caseRow(tx, at);
  const events = rowsOf<{ kind: string; actor_name: string; note: string; created_at: Date | string }>(await tx.execute(sql`
    select kind, actor_name, note, created_at from case_events
    where tenant_id = ${at.tenantId} and case_id = ${at.caseId} and public and kind <> 'note'
    order by seq`));
  const files = rowsOf<{ file_id: string; stage: string }>(await tx.execute(sql`
    select file_id, stage from case_files where tenant_id = ${at.tenantId} and case_id = ${at.caseId}
    order by case stage when 'submission' then 0 else 1 end, position`));
  return {
    ticket: row.ticket, title: row.title, body: row.body, scenarioName: row.scenario_snapshot.name ?? '', tenantName: row.tenant_name,
    deputyName: row.deputy_name, stationName: row.station_name, state: row.state, createdAt: iso(row.created_at), closedAt: iso(row.closed_at),
    answer: row.answer, dueAt: iso(row.due_at), canRate: await canRate(tx, row, at.config), rating: row.rating, ratingComment: row.rating_comment,
    files: files.map((f) => ({ id: f.file_id, stage: f.stage })),
    events: events.map((e) => ({ kind: e.kind, actorName: e.actor_name, note: e.note, createdAt: iso(e.created_at) })),
  };
}

/** GET /public/cases/:ticket?k= */
export async function publicCaseView(c: Ctx, ticket: string, token: string | undefined) {
  const at = await locate(c, ticket, token);
  return withContext(c.get('deps').handle, targetContext(at), (tx) => viewOf(tx, at));
}

/** POST /public/cases/:ticket/rating?k= — the submitter's rating; an unsatisfied first rating reopens the case. */
export async function ratePublicCase(c: Ctx, ticket: string, token: string | undefined, input: CaseRate) {
  const deps = c.get('deps');
  const at = await locate(c, ticket, token);
  return withContext(deps.handle, targetContext(at), async (tx) => {
    if (!(await canRate(tx, await caseRow(tx, at), at.config))) throw conflict('publicCase.cannotRate');
    await applyCaseAction(tx, deps, at.caseId, 'rate', { kind: 'public', id: null, name: PUBLIC_ACTOR_NAME }, { rating: input.rating, comment: input.comment }, { locale: c.get('locale') });
    return viewOf(tx, at);
  });
}

/** GET /public/cases/:ticket/files/:fileId[/thumb]?k= — a photo of the submission or of a reply. */
export async function sendPublicCaseFile(c: Ctx, ticket: string, token: string | undefined, fileId: string, variant: 'original' | 'thumb') {
  const at = await locate(c, ticket, token);
  if (!UUID.test(fileId)) throw notFound('file.notFound');
  const [file] = await withContext(c.get('deps').handle, targetContext(at), async (tx) =>
    rowsOf<{ storageKey: string; thumbKey: string | null; contentType: string; originalName: string }>(await tx.execute(sql`
      select f.storage_key as "storageKey", f.thumb_key as "thumbKey", f.content_type as "contentType", f.original_name as "originalName"
      from case_files cf join files f on f.tenant_id = cf.tenant_id and f.id = cf.file_id
      where cf.tenant_id = ${at.tenantId} and cf.case_id = ${at.caseId} and cf.file_id = ${fileId.toLowerCase()}::uuid`)));
  if (!file) throw notFound('file.notFound');
  // The link is a secret of one person: private caching only.
  return sendFile(c, { id: fileId.toLowerCase(), ...file }, variant, 'private, max-age=3600');
}
