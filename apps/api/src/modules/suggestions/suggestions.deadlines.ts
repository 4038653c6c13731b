import { sql } from 'drizzle-orm';
import { rowsOf, withContext, type Tx } from '@renda/db';
import type { Deps } from '../../platform/env-types.ts';
import { t } from '../../platform/i18n.ts';
import { addWorkingDays } from '../cases/calendar.service.ts';
import { announce, holderUserIds, staffUserIds } from './suggestions.notices.ts';
import { lockSuggestion } from './suggestions.queries.ts';
import { settingsOf } from './suggestions.steps.ts';
import { commitStep, type Actor } from './suggestions.writes.ts';

const BATCH = 500;

/**
 * Find motions and suggestions past their step's deadline (sign, reply, rate) and act once on
 * each: the first pass reminds the holder (`overdue` entry, notice, `reminded_at`); once it is
 * `escalateAfterWorkingDays` working days past due (the congress's `suggestions` setting) it
 * alerts the congress's staff (`escalated` entry, notice, `escalated_at`). Each row is handled
 * in its own congress's context under its row lock, and every decision is re-read under that
 * lock, so two scans at once (or one run twice) act once.
 * @example await scanSuggestionDeadlines(deps) // { reminded: 3, escalated: 1 }
 */
export async function scanSuggestionDeadlines(deps: Deps, now: Date = new Date()): Promise<{ reminded: number; escalated: number }> {
  const due = await withContext(deps.handle, {}, async (tx) =>
    rowsOf<{ suggestion_id: string; tenant_id: string; tenant_path: string }>(await tx.execute(sql`select * from suggestions_due(${now.toISOString()}::timestamptz, ${BATCH})`)));
  const escalateAfter = new Map<string, number>();
  let reminded = 0;
  let escalated = 0;
  for (const d of due) {
    // Resolve the module setting before the transaction: on a cache miss the flag service opens one of its own.
    if (!escalateAfter.has(d.tenant_path)) {
      escalateAfter.set(d.tenant_path, settingsOf((await deps.flags.resolve(d.tenant_path)).suggestions.config).escalateAfterWorkingDays);
    }
    const result = await withContext(deps.handle, { tenantId: d.tenant_id, scopePath: d.tenant_path, principal: 'system:deadlines' }, (tx) =>
      settle(tx, deps, d.suggestion_id, now, escalateAfter.get(d.tenant_path)!));
    if (result === 'reminded') reminded++;
    if (result === 'escalated') escalated++;
  }
  return { reminded, escalated };
}

async function settle(tx: Tx, deps: Deps, id: string, now: Date, escalateAfterDays: number): Promise<'reminded' | 'escalated' | null> {
  const row = await lockSuggestion(tx, id);
  if (!row?.dueAt || !row.dueStep || new Date(row.dueAt).getTime() >= now.getTime()) return null;
  const target = { id: row.id, tenantId: row.tenantId };
  const system: Actor = { kind: 'system', id: null, name: t('zh-CN', 'suggestion.actorSystem') };
  const data = { dueStep: row.dueStep, dueAt: new Date(row.dueAt).toISOString() };
  if (!row.remindedAt) {
    // The escalation time is fixed with the reminder, so the scan does not revisit this row before it.
    const escalateAt = await addWorkingDays(tx, row.tenantId, new Date(row.dueAt), escalateAfterDays);
    await commitStep(tx, target, { remindedAt: now, escalateAt }, { kind: 'overdue', actor: system, data });
    await announce(tx, deps, row.id, { kind: 'overdue', actorId: null, userIds: await holderUserIds(tx, row) });
    return 'reminded';
  }
  if (row.escalatedAt || !row.escalateAt || now.getTime() <= new Date(row.escalateAt).getTime()) return null;
  await commitStep(tx, target, { escalatedAt: now }, { kind: 'escalated', actor: system, data });
  await announce(tx, deps, row.id, { kind: 'escalated', actorId: null, userIds: await staffUserIds(tx, row.tenantId) });
  return 'escalated';
}
