import { withContext, type Tx } from '@renda/db';
import type { ActiveMembership } from '../../platform/env-types.ts';
import { audit, type Ctx } from '../../platform/context.ts';
import { Problem, notFound, unauthenticated } from '../../platform/problem.ts';
import { membershipsOf } from '../auth/sessions.ts';
import { findDeputyOfUser } from '../deputies/deputies.lookup.ts';
import { findActivity } from './activities.queries.ts';
import { loadActivityJson } from './activities.view.ts';
import * as q from './checkin.queries.ts';
import { checkinOpen, readCheckinToken, verifyCheckinToken, type ParsedCheckinToken } from './checkin.token.ts';

const noSeat = (tenant: string) => new Problem(403, 'forbidden', 'checkin.noSeat', { tenant });
const unknownCode = () => notFound('checkin.unknownCode');

/** The congress of the scanned event and the caller's membership there (null when none). */
async function findHost(c: Ctx, userId: string, eventId: string) {
  const auth = c.get('auth')!;
  // Only the person is known here; their own memberships are readable whatever tier is active.
  return withContext(c.get('deps').handle, { userId, sessionId: auth.sessionId, principal: `user:${userId}` }, async (tx) => {
    const tenant = await q.eventTenant(tx, eventId);
    if (!tenant) return null;
    const membership = (await membershipsOf(tx, userId)).find((m) => m.tenantId === tenant.id) ?? null;
    return { tenant, membership };
  });
}

interface Attempt {
  parsed: ParsedCheckinToken;
  membership: ActiveMembership;
  userId: string;
  publish: boolean;
  now: Date;
}

/** Everything after the token was read, in one transaction in the event's congress. */
async function recordCheckin(c: Ctx, tx: Tx, a: Attempt) {
  const event = await q.eventWithSecret(tx, a.parsed.eventId);
  if (!event) throw unknownCode();
  const verdict = verifyCheckinToken(a.parsed, event.secret, a.now);
  if (verdict === 'forged') throw unknownCode();
  if (verdict === 'expired') throw new Problem(410, 'checkin-expired', 'checkin.expired');
  if (!checkinOpen(event, a.now)) throw new Problem(409, 'checkin-closed', 'checkin.closed');
  const seat = await findDeputyOfUser(tx, event.tenantId, a.userId);
  if (!seat || seat.status !== 'serving') throw noSeat(event.tenantName);
  const created = await q.insertEventActivity(tx, event, seat.id, a.userId, a.publish ? 'published' : 'verified', a.now);
  const activityId = await q.eventActivityId(tx, event, seat.id);
  const walkIn = await q.markCheckedIn(tx, event, seat.id, activityId, a.now);
  if (created) {
    await audit(tx, c, {
      action: 'event.checkin', subjectType: 'Event', subjectId: event.id, tenantId: event.tenantId,
      actor: { userId: a.userId, membershipId: a.membership.id }, detail: { deputyId: seat.id, activityId, walkIn },
    });
  }
  const activity = await loadActivityJson(tx, (await findActivity(tx, activityId))!);
  return { event: { id: event.id, title: event.title, tenantName: event.tenantName }, activity, alreadyCheckedIn: !created };
}

/**
 * Check the caller in with a scanned code. The person may be acting in another tier (a city
 * deputy scanning at a county inspection), so the event's congress is found first through a
 * definer function, then the person's membership there, and the whole check-in runs in that
 * congress's context: RLS keeps every write inside it. Answers 404 for a code we did not issue,
 * 410 for an old one, 409 outside the check-in window, 403 without a serving seat there.
 * @example const result = await checkIn(c, body.token, eventClock.now());
 */
export async function checkIn(c: Ctx, token: string, now: Date) {
  const auth = c.get('auth');
  if (!auth) throw unauthenticated();
  const parsed = readCheckinToken(token);
  if (!parsed) throw unknownCode();
  const host = await findHost(c, auth.userId, parsed.eventId);
  if (!host) throw unknownCode();
  if (!host.membership) throw noSeat(host.tenant.name);
  const membership = host.membership;
  // Resolved before the transaction: the flag service opens its own on a cache miss.
  const duties = (await c.get('deps').flags.resolve(membership.tenantPath)).duties;
  if (!duties?.enabled) throw new Problem(404, 'module-disabled', 'module.disabled');
  const publish = (duties.config as Record<string, unknown>).publishOnVerify !== false;
  const ctx = {
    tenantId: membership.tenantId, scopePath: membership.tenantPath, userId: auth.userId, platform: false,
    sessionId: auth.sessionId, principal: `user:${auth.userId}`,
  };
  return withContext(c.get('deps').handle, ctx, (tx) => recordCheckin(c, tx, { parsed, membership, userId: auth.userId, publish, now }));
}
