import { scoringRules } from '@renda/features';
import type { Tx } from '@renda/db';
import { authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { encodeCursor } from '../../platform/pagination.ts';
import { notFound } from '../../platform/problem.ts';
import { findDeputyOfUser } from '../deputies/deputies.lookup.ts';
import { listActivities } from './activities.queries.ts';
import { activitySubject, isDay, keyCursor, listItem } from './activities.view.ts';
import { contributionsOf } from './archive.contributions.ts';
import { findArchiveSeat, seatSummary, seatYearCounts, type ArchiveSeat } from './archive.queries.ts';
import { summarizeCounts } from './archive.summary.ts';

/**
 * A seat whose archive the caller may read. Staff read every visible seat; a deputy only their
 * own — another deputy's archive answers 404, as a seat outside the roll-up does.
 */
async function readableSeat(c: Ctx, tx: Tx, deputyId: string): Promise<ArchiveSeat> {
  const { ability } = requireAuth(c);
  const seat = await findArchiveSeat(tx, deputyId);
  if (!seat || !ability.can('read', activitySubject({ tenantId: seat.tenantId, deputyUserId: seat.userId, state: 'published' }))) {
    throw notFound('activity.deputyNotFound');
  }
  return seat;
}

/**
 * A deputy's archive for one term (一人一档、一任一册): totals per kind and year, what other
 * modules contribute, and the score of `year` under the rules of the congress that owns the
 * seat. `deputyId` null means the caller's own seat in the active congress (404 without one).
 */
export async function archiveOf(c: Ctx, deputyId: string | null, year: number) {
  authorize(c, 'read', 'Activity');
  const auth = requireAuth(c);
  const seat = await tenantTx(c, async (tx) => {
    if (deputyId) return readableSeat(c, tx, deputyId);
    const own = await findDeputyOfUser(tx, auth.membership.tenantId, auth.userId);
    if (!own) throw notFound('activity.noArchive');
    return readableSeat(c, tx, own.id);
  });
  // Flags of the seat's congress, resolved between the two transactions: the flag service may
  // open one of its own.
  const flags = await c.get('deps').flags.resolve(seat.tenantPath);
  const rules = scoringRules(flags.duties.config);
  return tenantTx(c, async (tx) => {
    const counts = await seatYearCounts(tx, seat.tenantId, seat.id);
    const contributions = await contributionsOf(tx, seat, (module) => flags[module]?.enabled ?? false);
    const { total, byKind, byYear, score } = summarizeCounts(counts, year, rules);
    return {
      deputy: seatSummary(seat),
      term: { number: seat.termNumber, startsOn: seat.termStartsOn, endsOn: seat.termEndsOn },
      total, byKind, byYear, contributions, score,
    };
  });
}

/** The counted activities of a seat, newest first (the archive's timeline). */
export async function archiveTimeline(c: Ctx, deputyId: string, cursor: string | undefined, limit: number) {
  authorize(c, 'read', 'Activity');
  const key = keyCursor(cursor, isDay);
  const rows = await tenantTx(c, async (tx) => {
    const seat = await readableSeat(c, tx, deputyId);
    return listActivities(tx, { deputy: seat, countedOnly: true, after: key && { occurredOn: key[0], id: key[1] }, limit });
  });
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items: items.map(listItem), nextCursor: rows.length > limit && last ? encodeCursor([last.occurredOn, last.id]) : null };
}
