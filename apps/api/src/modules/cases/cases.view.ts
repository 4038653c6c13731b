import { subjectOf } from '@renda/policy';
import type { Tx } from '@renda/db';
import { requireAuth, type Ctx } from '../../platform/context.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { decodeCursor } from '../../platform/pagination.ts';
import { handledByDeputy } from './cases.notices.ts';
import { findCase, type CaseRow } from './cases.queries.ts';
import { assignmentsOf, contactOf, eventsOf, filesOfCase, unitsOfOfficer } from './parts.queries.ts';

// Both drivers hand raw timestamps over as Postgres text; the API speaks ISO 8601.
const iso = (value: Date | string | null) => (value == null ? null : new Date(value).toISOString());
const openStates = new Set(['submitted', 'accepted', 'transferred', 'signed', 'replied']);

/**
 * The CASL subject of a case: its congress, the handling deputy's person (only when the scenario
 * lets the deputy take it), who raised it, and the officers of the units assigned this round.
 */
export function caseSubject(row: CaseRow, tenantId = row.tenantId) {
  return subjectOf('Case', {
    tenantId, deputyUserId: handledByDeputy(row) ? row.seatUserId : null, submittedBy: row.submittedBy, officerUserIds: row.officerUserIds,
  });
}

/**
 * A visible case the caller may read; 404 otherwise, so that a deputy or a unit cannot learn
 * which cases of their congress exist.
 */
export async function readableCase(c: Ctx, tx: Tx, id: string): Promise<CaseRow> {
  const row = await findCase(tx, id);
  if (!row || !requireAuth(c).ability.can('read', caseSubject(row))) throw notFound('case.notFound');
  return row;
}

/**
 * What the caller may do with a case. Urging is for staff of the case's congress or of an
 * ancestor, so it is checked as if the case were in the caller's own congress (it is in the
 * caller's subtree, or the caller could not see it). Contacts only inside the owning congress.
 */
export function canOf(c: Ctx, row: CaseRow) {
  const { ability, membership } = requireAuth(c);
  const subject = caseSubject(row);
  return {
    handle: ability.can('handle', subject), process: ability.can('process', subject),
    urge: ability.can('urge', caseSubject(row, membership.tenantId)), rate: ability.can('rate', subject),
    readContact: ability.can('readContact', subject) && row.tenantId === membership.tenantId,
  };
}

/** A case as lists show it: no timeline, files, assignments or contact. */
export function caseItem(c: Ctx, row: CaseRow, now = new Date()) {
  const category = row.snapshot.categories.find((x) => x.key === row.category);
  return {
    id: row.id, tenantId: row.tenantId, tenantName: row.tenantName, ticket: row.ticket,
    scenario: { id: row.scenarioId, key: row.snapshot.key, name: row.snapshot.name }, source: row.source,
    deputy: row.deputyId ? { id: row.deputyId, displayName: row.deputyName ?? '' } : null,
    station: row.stationId ? { id: row.stationId, name: row.stationName ?? '' } : null,
    category: row.category, categoryName: category?.name ?? '', title: row.title, body: row.body, fields: row.fields,
    location: row.location, lat: row.lat, lng: row.lng, state: row.state, round: row.round, answer: row.answer, resolution: row.resolution,
    dueStep: row.dueStep, dueAt: iso(row.dueAt),
    overdue: openStates.has(row.state) && row.dueAt != null && new Date(row.dueAt).getTime() < now.getTime(),
    rating: row.rating, ratingComment: row.ratingComment, ratedAt: iso(row.ratedAt),
    mergedInto: row.mergedInto ? { id: row.mergedInto, ticket: row.mergedTicket ?? '' } : null,
    createdAt: iso(row.createdAt)!, acceptedAt: iso(row.acceptedAt), closedAt: iso(row.closedAt), phoneMasked: row.phoneMasked,
    can: canOf(c, row),
  };
}

/** A case with its timeline, assignments, files, suggestion draft and (for its handlers at home) contact. */
export async function caseJson(c: Ctx, tx: Tx, row: CaseRow) {
  const item = caseItem(c, row);
  const [events, assignments, files, contact] = await Promise.all([
    eventsOf(tx, row.tenantId, row.id), assignmentsOf(tx, row.tenantId, row.id), filesOfCase(tx, row.tenantId, row.id),
    item.can.readContact ? contactOf(tx, row.tenantId, row.id) : Promise.resolve(null),
  ]);
  // The units of the current round the caller serves, so a page offers only their own steps.
  const mine = new Set(row.officerUserIds.includes(requireAuth(c).userId) ? await unitsOfOfficer(tx, row.tenantId, requireAuth(c).userId) : []);
  const myUnitIds = assignments.filter((a) => a.round === row.round && mine.has(a.unitId)).map((a) => a.unitId);
  return {
    ...item, contact, suggestionDraft: row.suggestionDraft, myUnitIds: [...new Set(myUnitIds)],
    // The form's own fields as the case was opened with them, for their labels.
    scenario: { ...item.scenario, fields: row.snapshot.fields },
    assignments: assignments.map((a) => ({
      ...a, assignedAt: iso(a.assignedAt)!, signDueAt: iso(a.signDueAt), signedAt: iso(a.signedAt), replyDueAt: iso(a.replyDueAt), repliedAt: iso(a.repliedAt),
    })),
    files: files.map(({ hasThumb, ...f }) => ({ ...f, url: `/api/v1/files/${f.id}`, thumbUrl: hasThumb ? `/api/v1/files/${f.id}/thumb` : null })),
    events: events.map((e) => ({ ...e, createdAt: iso(e.createdAt)! })),
  };
}

/** Load one case as `caseJson`, inside the caller's transaction. */
export async function loadCaseJson(c: Ctx, tx: Tx, id: string) {
  return caseJson(c, tx, await readableCase(c, tx, id));
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A `[timestamp, id]` cursor, checked before it reaches SQL (a tampered one answers 400). */
export function caseCursor(cursor: string | undefined): [string, string] | null {
  const key = decodeCursor(cursor, 2);
  if (!key) return null;
  const [at, id] = key.map(String);
  if (timestampPattern.test(at) && uuidPattern.test(id)) return [at, id];
  throw new Problem(400, 'validation', 'problem.badCursor', {}, { errors: [{ path: 'cursor', message: 'invalid cursor' }] });
}
