import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import type { Deps } from '../../platform/env-types.ts';
import { t, type MessageKey } from '../../platform/i18n.ts';
import { notifyUsers } from '../notify/notify.ts';
import { staffOf } from '../cases/routing.queries.ts';
import { findSuggestion, type SuggestionRow } from './suggestions.queries.ts';
import { numberLabel } from './suggestions.view.ts';

/**
 * Who hears of a step: the authors and co-signers who signed, the officers of the units that
 * owe a step, and staff when a submission or a reply awaits them. Notices go in-app and by SMS,
 * written in the step's transaction (outbox rows and jobs), so a rollback sends nothing.
 */

const uuids = (ids: readonly string[]) => `{${ids.join(',')}}`;

/** The authors and co-signers who signed. */
export async function signedUserIds(tx: Tx, row: Pick<SuggestionRow, 'id' | 'tenantId'>): Promise<string[]> {
  return rowsOf<{ userId: string }>(await tx.execute(sql`select user_id::text as "userId" from suggestion_signers
    where tenant_id = ${row.tenantId} and suggestion_id = ${row.id} and state = 'signed'`)).map((r) => r.userId);
}

/** People who act for any of the units. */
export async function officersOf(tx: Tx, tenantId: string, unitIds: readonly string[]): Promise<string[]> {
  if (unitIds.length === 0) return [];
  return rowsOf<{ userId: string }>(await tx.execute(sql`select distinct user_id::text as "userId" from unit_officers
    where tenant_id = ${tenantId} and unit_id = any(${uuids(unitIds)}::uuid[])`)).map((r) => r.userId);
}

/** Staff of the congress, who review, assign and supervise. */
export function staffUserIds(tx: Tx, tenantId: string): Promise<string[]> {
  return staffOf(tx, tenantId);
}

/**
 * The people who owe the current step: staff for a submission awaiting review or an accepted one
 * awaiting assignment; the units that have not signed; the lead unit that must reply; the
 * authors who must rate; the authors of a draft or of a returned one.
 */
export async function holderUserIds(tx: Tx, row: SuggestionRow): Promise<string[]> {
  if (row.state === 'assigned' || row.state === 'signed') {
    const owing = rowsOf<{ unitId: string }>(await tx.execute(sql`select unit_id::text as "unitId" from suggestion_assignments
      where tenant_id = ${row.tenantId} and suggestion_id = ${row.id} and round = ${row.round}
        and ${row.state === 'assigned' ? sql`state = 'assigned'` : sql`role = 'lead' and state = 'signed'`}`)).map((r) => r.unitId);
    const officers = await officersOf(tx, row.tenantId, owing);
    return officers.length ? officers : staffOf(tx, row.tenantId);
  }
  if (row.state === 'submitted' || row.state === 'accepted') return staffOf(tx, row.tenantId);
  if (row.state === 'replied' || row.state === 'draft' || row.state === 'returned') return row.authorUserIds;
  return [];
}

export interface Announcement {
  kind: string;
  /** The person who acted is not told of their own step. */
  actorId: string | null;
  userIds: string[];
  /** The unit whose step it was, named in the title (each unit's signature is its own message). */
  unit?: string;
}

/**
 * Tell people about a step just committed on `suggestionId` (re-read, so the message carries the
 * number it may just have been given).
 */
export async function announce(tx: Tx, deps: Deps, suggestionId: string, a: Announcement): Promise<void> {
  const userIds = [...new Set(a.userIds)].filter((id) => id && id !== a.actorId);
  if (!userIds.length) return;
  const row = (await findSuggestion(tx, suggestionId))!;
  const number = row.number == null ? '' : numberLabel(row.kind, row.number, 'zh-CN');
  await notifyUsers(tx, deps, {
    tenantId: row.tenantId, userIds, kind: `suggestion.${a.kind}`,
    title: `${t('zh-CN', `suggestion.notice.${a.kind}` as MessageKey)}${a.unit ? `（${a.unit}）` : ''}`,
    body: t('zh-CN', 'suggestion.notice.body', { kind: t('zh-CN', `suggestion.kind.${row.kind}`), title: row.title, number }).trim(),
    link: `/suggestions/${row.id}`,
    data: { suggestionId: row.id, title: row.title, state: row.state }, channels: ['inapp', 'sms'],
  });
}
