import { sql } from 'drizzle-orm';
import { rowsOf, withContext, type Tx } from '@renda/db';
import type { Deps } from '../../platform/env-types.ts';
import { t } from '../../platform/i18n.ts';
import { addWorkingDays } from './calendar.service.ts';
import { announce, holderUserIds } from './cases.notices.ts';
import { lockCase } from './cases.queries.ts';
import { commitStep, type Actor } from './cases.writes.ts';
import { staffOf } from './routing.queries.ts';

const BATCH = 500;

/**
 * Find steps past their deadline and act once on each: the first pass reminds the holder
 * (`overdue` entry, notice, `reminded_at`); once the case is `escalateAfterWorkingDays` working
 * days past due (the congress's `cases` module setting) it alerts the owning congress's staff
 * (`escalated` entry, notice, `escalated_at`). A closed case's expired rating window is simply
 * closed. Each case is handled in its own congress's context under its row lock, and every
 * decision is re-read under that lock, so two scans at once (or one run twice) act once.
 * @example await scanDeadlines(deps) // { reminded: 3, escalated: 1 }
 */
export async function scanDeadlines(deps: Deps, now: Date = new Date()): Promise<{ reminded: number; escalated: number }> {
  const due = await withContext(deps.handle, {}, async (tx) =>
    rowsOf<{ case_id: string; tenant_id: string; tenant_path: string }>(await tx.execute(sql`select * from cases_due(${now.toISOString()}::timestamptz, ${BATCH})`)));
  const escalateAfter = new Map<string, number>();
  let reminded = 0;
  let escalated = 0;
  for (const d of due) {
    // Resolve the module setting before the transaction: on a cache miss the flag service opens one of its own.
    if (!escalateAfter.has(d.tenant_path)) {
      const config = (await deps.flags.resolve(d.tenant_path)).cases.config;
      escalateAfter.set(d.tenant_path, Number(config.escalateAfterWorkingDays ?? 1));
    }
    const result = await withContext(deps.handle, { tenantId: d.tenant_id, scopePath: d.tenant_path, principal: 'system:deadlines' }, (tx) =>
      settle(tx, deps, d.case_id, now, escalateAfter.get(d.tenant_path)!));
    if (result === 'reminded') reminded++;
    if (result === 'escalated') escalated++;
  }
  return { reminded, escalated };
}

async function settle(tx: Tx, deps: Deps, caseId: string, now: Date, escalateAfterDays: number): Promise<'reminded' | 'escalated' | null> {
  const row = await lockCase(tx, caseId);
  if (!row?.dueAt || !row.dueStep || new Date(row.dueAt).getTime() >= now.getTime()) return null;
  const target = { id: row.id, tenantId: row.tenantId };
  if (row.dueStep === 'rate') {
    // The submitter's window to rate has passed: nobody owes anything any more.
    await commitWithoutEntry(tx, row.id);
    return null;
  }
  const system: Actor = { kind: 'system', id: null, name: t('zh-CN', 'case.actorSystem') };
  const data = { dueStep: row.dueStep, dueAt: new Date(row.dueAt).toISOString() };
  if (!row.remindedAt) {
    // The escalation time is fixed with the reminder, so the scan does not revisit this case before it.
    const escalateAt = await addWorkingDays(tx, row.tenantId, new Date(row.dueAt), escalateAfterDays);
    const seq = await commitStep(tx, target, { remindedAt: now, escalateAt }, { kind: 'overdue', actor: system, data, public: false });
    await announce(tx, deps, row.id, { kind: 'overdue', seq, actor: system, data, userIds: await holderUserIds(tx, row) });
    return 'reminded';
  }
  if (row.escalatedAt) return null;
  const threshold = await addWorkingDays(tx, row.tenantId, new Date(row.dueAt), escalateAfterDays);
  if (now.getTime() <= threshold.getTime()) return null;
  const seq = await commitStep(tx, target, { escalatedAt: now }, { kind: 'escalated', actor: system, data, public: false });
  await announce(tx, deps, row.id, { kind: 'escalated', seq, actor: system, data, userIds: await staffOf(tx, row.tenantId) });
  return 'escalated';
}

async function commitWithoutEntry(tx: Tx, caseId: string): Promise<void> {
  await tx.execute(sql`update cases set due_step = null, due_at = null, updated_at = now() where id = ${caseId}`);
}
