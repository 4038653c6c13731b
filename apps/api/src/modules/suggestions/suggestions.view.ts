import { subjectOf, type Action } from '@renda/policy';
import type { SuggestionKind, SuggestionState } from '@renda/db';
import { requireAuth, type Ctx } from '../../platform/context.ts';
import { t, type Locale } from '../../platform/i18n.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { decodeCursor } from '../../platform/pagination.ts';
import type { SuggestionRow } from './suggestions.queries.ts';

/**
 * The number of an accepted motion or suggestion as people write it. Numbers run per session
 * and kind, so the kind is shown beside it by the caller (议案第3号, 建议第12号).
 * @example numberLabel('suggestion', 12, 'zh-CN') // '第12号'; numberLabel('suggestion', 12, 'en') // 'No. 12'
 */
export function numberLabel(kind: SuggestionKind, number: number, locale: Locale): string {
  return t(locale, kind === 'motion' ? 'suggestion.numberLabel.motion' : 'suggestion.numberLabel.suggestion', { number });
}

/**
 * The CASL subject of a motion or suggestion: its congress and state, its signed authors, every
 * signer, those still invited, the officers of the current round's units, the supervisor, and
 * whether it is filed (numbered).
 */
export function suggestionSubject(row: SuggestionRow, overrides: { tenantId?: string; state?: SuggestionState } = {}) {
  return subjectOf('Suggestion', {
    tenantId: overrides.tenantId ?? row.tenantId, state: overrides.state ?? row.state, authorUserIds: row.authorUserIds,
    signerUserIds: row.signerUserIds, invitedUserIds: row.invitedUserIds, officerUserIds: row.officerUserIds,
    supervisorUserId: row.supervisorUserId, filed: row.number != null,
  });
}

/** A visible row the caller may read; 404 otherwise, so nobody learns which others exist. */
export function assertReadable(c: Ctx, row: SuggestionRow | null): SuggestionRow {
  if (!row || !requireAuth(c).ability.can('read', suggestionSubject(row))) throw notFound('suggestion.notFound');
  return row;
}

/**
 * Whether the caller takes part (for internal notes): staff of its congress, a signer, an
 * officer of a unit of the current round, or its supervisor.
 */
export function takesPart(c: Ctx, row: SuggestionRow): boolean {
  const { ability, userId } = requireAuth(c);
  return ability.can('review', suggestionSubject(row)) || row.signerUserIds.includes(userId) || row.officerUserIds.includes(userId)
    || row.supervisorUserId === userId;
}

/** Whether the ability allows `action` on the row in one of `states` (the state is the flow's to check). */
export function allowedIn(c: Ctx, row: SuggestionRow, action: Action, states: readonly SuggestionState[], tenantId?: string): boolean {
  const { ability } = requireAuth(c);
  return states.some((state) => ability.can(action, suggestionSubject(row, { state, tenantId })));
}

/**
 * What the caller may do now. `unitIds` are the caller's units of the current round whose part
 * is still open (sign, opinion, reply, request reassignment). Urging is for staff of the row's
 * congress or an ancestor, so it is checked as if the row were in the caller's own congress (it
 * is in the caller's subtree, or they could not see it), or for the supervisor.
 */
export function canOf(c: Ctx, row: SuggestionRow, unitIds: string[]) {
  const { ability, membership } = requireAuth(c);
  const s = suggestionSubject(row);
  const is = (...states: SuggestionState[]) => states.includes(row.state);
  const filed = is('accepted', 'assigned', 'signed', 'replied', 'closed');
  return {
    update: ability.can('update', s), submit: ability.can('submit', s), withdraw: ability.can('delete', s), invite: ability.can('update', s),
    cosign: ability.can('cosign', s), review: ability.can('review', s) && is('submitted', 'accepted'),
    assign: ability.can('assign', s) && is('accepted'), reassign: ability.can('assign', s) && is('assigned', 'signed'),
    process: ability.can('process', s) && unitIds.length > 0 && is('assigned', 'signed'), unitIds,
    rate: ability.can('rate', s), supervise: ability.can('supervise', s) && filed, publish: ability.can('publish', s) && is('closed'),
    urge: is('submitted', 'accepted', 'assigned', 'signed', 'replied')
      && (ability.can('urge', suggestionSubject(row, { tenantId: membership.tenantId })) || ability.can('urge', s)),
    note: row.state !== 'draft' && takesPart(c, row) && row.tenantId === membership.tenantId,
  };
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const timestampPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** A `[timestamp, id]` cursor, checked before it reaches SQL (a tampered one answers 400). */
export function suggestionCursor(cursor: string | undefined): [string, string] | null {
  const key = decodeCursor(cursor, 2);
  if (!key) return null;
  const [at, id] = key.map(String);
  if (timestampPattern.test(at) && uuidPattern.test(id)) return [at, id];
  throw new Problem(400, 'validation', 'problem.badCursor', {}, { errors: [{ path: 'cursor', message: 'invalid cursor' }] });
}

