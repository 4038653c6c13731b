import { subjectOf } from '@renda/policy';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { conflict, forbidden } from '../../platform/problem.ts';
import { encodeCursor } from '../../platform/pagination.ts';
import { activitiesByIds, verificationQueue } from './activities.queries.ts';
import { dutiesConfig, keyCursor, listItem, loadActivityJson, readableActivity } from './activities.view.ts';
import { moveState, verifyMany } from './activities.writes.ts';
import { moves, targetState, type Transition } from './activities.flow.ts';
import { mayChange, stateName } from './activities.service.ts';

/**
 * Move one activity along its flow: submit, verify, return (with a reason) or publish. Checks
 * the ability first, then the state (409), and writes the move and its audit row in one
 * transaction; a concurrent reviewer who got there first turns this call into a 409.
 */
export async function moveActivity(c: Ctx, id: string, move: Transition, reason?: string) {
  const { action, from, review, wrongState } = moves[move];
  authorize(c, action, 'Activity');
  const auth = requireAuth(c);
  const publishOnVerify = (await dutiesConfig(c)).publishOnVerify !== false;
  return tenantTx(c, async (tx) => {
    const row = await readableActivity(c, tx, id);
    mayChange(c, action, row, from);
    // Staff who are also deputies of their own congress do not review their own records.
    if (review && row.deputyUserId === auth.userId) throw forbidden('activity.ownReview');
    if (!from.includes(row.state)) throw conflict(wrongState, { state: stateName(c, row.state) });
    const to = targetState(move, publishOnVerify);
    const moved = await moveState(tx, { id, from: row.state, to, reviewerId: review ? auth.userId : null, returnReason: reason });
    if (!moved) throw conflict('activity.changedMeanwhile');
    await audit(tx, c, { action: `activity.${move}`, subjectType: 'Activity', subjectId: id, detail: { from: row.state, to, ...(reason ? { reason } : {}) } });
    return loadActivityJson(tx, (await activitiesByIds(tx, [id]))[0]);
  });
}

/**
 * Verify the submitted activities among `ids` in the active congress (the queue's batch action).
 * Ids of other congresses, other states or the reviewer's own records are skipped, not refused:
 * the queue may have moved since the page was loaded. Returns how many were verified.
 */
export async function verifyBatch(c: Ctx, ids: readonly string[]): Promise<number> {
  const auth = requireAuth(c);
  authorize(c, 'verify', subjectOf('Activity', { tenantId: auth.membership.tenantId }));
  const to = targetState('verify', (await dutiesConfig(c)).publishOnVerify !== false);
  return tenantTx(c, async (tx) => {
    const moved = await verifyMany(tx, auth.membership.tenantId, [...new Set(ids)], to, auth.userId);
    for (const id of moved) {
      await audit(tx, c, { action: 'activity.verify', subjectType: 'Activity', subjectId: id, detail: { from: 'submitted', to, batch: true } });
    }
    return moved.length;
  });
}

/** One page of the active congress's verification queue, oldest submission first. */
export async function queuePage(c: Ctx, cursor: string | undefined, limit: number) {
  const auth = requireAuth(c);
  authorize(c, 'verify', subjectOf('Activity', { tenantId: auth.membership.tenantId }));
  const key = keyCursor(cursor, (at) => !Number.isNaN(Date.parse(at)));
  const after = key ? { submittedAt: key[0], id: key[1] } : null;
  const rows = await tenantTx(c, (tx) => verificationQueue(tx, auth.membership.tenantId, after, limit));
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map(({ submittedKey: _key, ...row }) => listItem(row)),
    nextCursor: rows.length > limit && last ? encodeCursor([last.submittedKey, last.id]) : null,
  };
}
