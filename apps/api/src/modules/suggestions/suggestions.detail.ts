import type { Tx } from '@renda/db';
import { requireAuth, type Ctx } from '../../platform/context.ts';
import { assignmentsOf, eventsOf, filesOf, signersOf, unitsOfOfficer } from './suggestions.parts.ts';
import { findSuggestion, itemOf, type SuggestionRow } from './suggestions.queries.ts';
import { assertReadable, canOf } from './suggestions.view.ts';

// Both drivers hand raw timestamps over as Postgres text; the API speaks ISO 8601.
const iso = (value: Date | string | null) => (value == null ? null : new Date(value).toISOString());

/** A readable row with its signers, assignments, files, timeline and what the caller may do. */
export async function detailJson(c: Ctx, tx: Tx, row: SuggestionRow) {
  const { userId } = requireAuth(c);
  const [signers, assignments, files, events] = await Promise.all([
    signersOf(tx, row.tenantId, row.id), assignmentsOf(tx, row.tenantId, row.id), filesOf(tx, row.tenantId, row.id), eventsOf(tx, row.tenantId, row.id),
  ]);
  const mine = row.officerUserIds.includes(userId) ? await unitsOfOfficer(tx, row.tenantId, userId) : new Set<string>();
  const unitIds = assignments.filter((a) => a.round === row.round && mine.has(a.unitId) && (a.state === 'assigned' || a.state === 'signed')).map((a) => a.unitId);
  return {
    ...itemOf(row, c.get('locale')),
    body: row.body, source: row.source, sourceCaseId: row.sourceCaseId, sourceTicket: row.sourceTicket, groupId: row.groupId, groupName: row.groupName,
    publicAgreed: row.publicAgreed, publishedAt: iso(row.publishedAt), mergedInto: row.mergedInto, keywords: row.keywords,
    supervisor: row.key && row.supervisorKind ? { kind: row.supervisorKind, userId: row.supervisorUserId, name: row.supervisorName } : null,
    signers: signers.map((s) => ({ ...s, respondedAt: iso(s.respondedAt) })),
    assignments: assignments.map((a) => ({
      ...a, assignedAt: iso(a.assignedAt)!, signDueAt: iso(a.signDueAt), signedAt: iso(a.signedAt), replyDueAt: iso(a.replyDueAt),
      repliedAt: iso(a.repliedAt), ratedAt: iso(a.ratedAt),
    })),
    files: files.map(({ hasThumb, ...f }) => ({ ...f, url: `/api/v1/files/${f.id}`, thumbUrl: hasThumb ? `/api/v1/files/${f.id}/thumb` : null })),
    events: events.map((e) => ({ ...e, createdAt: iso(e.createdAt)! })),
    can: canOf(c, row, [...new Set(unitIds)]),
  };
}

/** Load a row the caller may read (404 otherwise) as `detailJson`, inside the caller's transaction. */
export async function loadDetail(c: Ctx, tx: Tx, id: string) {
  return detailJson(c, tx, assertReadable(c, await findSuggestion(tx, id)));
}
