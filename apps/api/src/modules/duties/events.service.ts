import type { EventCreate, EventInvite, EventRespond, EventUpdate } from '@renda/contracts';
import type { Tx } from '@renda/db';
import { readsAll, subjectOf } from '@renda/policy';
import type { ActiveMembership, Auth } from '../../platform/env-types.ts';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { Problem, conflict, forbidden, notFound } from '../../platform/problem.ts';
import type { MessageKey } from '../../platform/i18n.ts';
import { deputiesByIds, servingDeputiesOfGroups } from '../deputies/deputies.lookup.ts';
import * as q from './events.queries.ts';
import { dutiesConfig } from './activities.view.ts';
import { isAllowedKind } from './kinds.ts';

type Caller = Auth & { membership: ActiveMembership };
type LoadedEvent = NonNullable<Awaited<ReturnType<typeof q.findEvent>>>;

// An event longer than a month is a typing error, and would keep its check-in open for as long.
const MAX_DURATION_MS = 31 * 24 * 3600 * 1000;

function fieldError(path: string, key: MessageKey, params: Record<string, unknown> = {}): Problem {
  return new Problem(422, 'validation', key, params, { errors: [{ path, message: '' }] });
}

function checkTimes(startsAt: string, endsAt: string): void {
  const start = Date.parse(startsAt);
  const end = Date.parse(endsAt);
  if (end < start) throw fieldError('endsAt', 'event.endsBeforeStart');
  if (end - start > MAX_DURATION_MS) throw fieldError('endsAt', 'event.tooLong');
}

/** Seats to invite: serving seats of the congress named directly, plus those of its groups. */
async function resolveInvitees(tx: Tx, tenantId: string, body: EventInvite): Promise<string[]> {
  const seats = await deputiesByIds(tx, body.deputyIds);
  const serving = new Set(seats.filter((d) => d.tenantId === tenantId && d.status === 'serving').map((d) => d.id));
  const unknown = body.deputyIds.filter((id) => !serving.has(id));
  if (unknown.length) throw fieldError('deputyIds', 'event.unknownDeputies', { ids: unknown.join(', ') });
  const groups = await q.groupsOfTenant(tx, tenantId, body.groupIds);
  const unknownGroups = body.groupIds.filter((id) => !groups.has(id));
  if (unknownGroups.length) throw fieldError('groupIds', 'event.unknownGroups', { ids: unknownGroups.join(', ') });
  const members = await servingDeputiesOfGroups(tx, tenantId, body.groupIds);
  return [...new Set([...body.deputyIds, ...members.map((d) => d.id)])];
}

/**
 * A visible event the caller may read. A deputy reads only events of the active congress that
 * invite one of their seats; anything else answers 404, so existence does not leak.
 */
export async function readableEvent(tx: Tx, auth: Caller, id: string): Promise<{ event: LoadedEvent; staffView: boolean }> {
  const event = await q.findEvent(tx, id, auth.userId);
  if (!event) throw notFound('event.notFound');
  const staffView = readsAll(auth.ability, 'Event');
  if (!staffView && event.tenantId !== auth.membership.tenantId) throw notFound('event.notFound');
  const subject = subjectOf('Event', { tenantId: event.tenantId, invitedUserIds: event.invitedUserIds, state: event.state });
  if (!auth.ability.can('read', subject)) throw notFound('event.notFound');
  return { event, staffView };
}

/** An event the caller organises: visible (else 404), and of their own congress (else 403). */
async function ownEvent(tx: Tx, auth: Caller, id: string): Promise<LoadedEvent> {
  const { event } = await readableEvent(tx, auth, id);
  if (!auth.ability.can('update', subjectOf('Event', { tenantId: event.tenantId }))) throw forbidden();
  return event;
}

/** The API shape of one event: staff see every invitation, a deputy only their own. */
export async function detailOf(tx: Tx, auth: Caller, event: LoadedEvent, staffView: boolean) {
  const { invitedUserIds: _, mine, ...rest } = event;
  const invitations = await q.invitationsOf(tx, event, staffView ? null : auth.userId);
  return { ...rest, ...(staffView ? {} : { mine }), invitations };
}

/** Create an event of the active congress and invite seats and groups. */
export async function createEvent(c: Ctx, body: EventCreate) {
  const auth = requireAuth(c);
  authorize(c, 'create', subjectOf('Event', { tenantId: auth.membership.tenantId }));
  checkTimes(body.startsAt, body.endsAt);
  if (!isAllowedKind(body.activityKind, await dutiesConfig(c))) throw fieldError('activityKind', 'event.unknownActivityKind', { kind: body.activityKind });
  return tenantTx(c, async (tx, a) => {
    const tenantId = a.membership.tenantId;
    const invitees = await resolveInvitees(tx, tenantId, body);
    const { deputyIds: _d, groupIds: _g, ...fields } = body;
    const id = await q.insertEvent(tx, tenantId, a.userId, fields);
    await q.insertInvitations(tx, tenantId, id, invitees);
    await audit(tx, c, { action: 'event.create', subjectType: 'Event', subjectId: id, detail: { title: body.title, startsAt: body.startsAt, invited: invitees.length } });
    const { event } = await readableEvent(tx, a, id);
    return detailOf(tx, a, event, true);
  });
}

/** Change a scheduled event of the own congress. */
export async function updateEvent(c: Ctx, id: string, patch: EventUpdate) {
  authorize(c, 'update', 'Event');
  const config = patch.activityKind !== undefined ? await dutiesConfig(c) : {};
  return tenantTx(c, async (tx, auth) => {
    const event = await ownEvent(tx, auth, id);
    if (event.state !== 'scheduled') throw conflict('event.notScheduled');
    checkTimes(patch.startsAt ?? event.startsAt, patch.endsAt ?? event.endsAt);
    if (patch.activityKind !== undefined && !isAllowedKind(patch.activityKind, config)) {
      throw fieldError('activityKind', 'event.unknownActivityKind', { kind: patch.activityKind });
    }
    await q.updateEventRow(tx, id, patch);
    await audit(tx, c, { action: 'event.update', subjectType: 'Event', subjectId: id, detail: patch });
    const { event: changed } = await readableEvent(tx, auth, id);
    return detailOf(tx, auth, changed, true);
  });
}

/** Cancel a scheduled event; its check-in codes stop working at once. */
export async function cancelEvent(c: Ctx, id: string) {
  authorize(c, 'update', 'Event');
  return tenantTx(c, async (tx, auth) => {
    const event = await ownEvent(tx, auth, id);
    if (event.state !== 'scheduled') throw conflict('event.notScheduled');
    await q.updateEventState(tx, id, 'cancelled');
    await audit(tx, c, { action: 'event.cancel', subjectType: 'Event', subjectId: id, detail: { title: event.title } });
    const { event: changed } = await readableEvent(tx, auth, id);
    return detailOf(tx, auth, changed, true);
  });
}

/** Invite more seats or groups to a scheduled event. */
export async function inviteToEvent(c: Ctx, id: string, body: EventInvite) {
  authorize(c, 'update', 'Event');
  return tenantTx(c, async (tx, auth) => {
    const event = await ownEvent(tx, auth, id);
    if (event.state !== 'scheduled') throw conflict('event.notScheduled');
    const added = await q.insertInvitations(tx, event.tenantId, id, await resolveInvitees(tx, event.tenantId, body));
    await audit(tx, c, { action: 'event.invite', subjectType: 'Event', subjectId: id, detail: { ...body, added } });
    const { event: changed } = await readableEvent(tx, auth, id);
    return detailOf(tx, auth, changed, true);
  });
}

/** An invited deputy accepts or declines; allowed (and changeable) until the event ends. */
export async function respondToEvent(c: Ctx, id: string, body: EventRespond, now: Date) {
  authorize(c, 'respond', 'Event');
  return tenantTx(c, async (tx, auth) => {
    const { event, staffView } = await readableEvent(tx, auth, id);
    const subject = { tenantId: event.tenantId, invitedUserIds: event.invitedUserIds };
    if (!auth.ability.can('respond', subjectOf('Event', { ...subject, state: event.state }))) {
      // Invited, but the event was cancelled or closed: say so rather than "not allowed".
      if (auth.ability.can('respond', subjectOf('Event', { ...subject, state: 'scheduled' }))) throw conflict('event.rsvpClosed');
      throw forbidden();
    }
    if (now.getTime() > Date.parse(event.endsAt)) throw conflict('event.rsvpClosed');
    const deputyId = await q.setResponse(tx, event, auth.userId, body, now);
    if (!deputyId) throw notFound('event.notFound');
    await audit(tx, c, { action: 'event.respond', subjectType: 'Event', subjectId: id, detail: { deputyId, response: body.response, note: body.note } });
    const { event: changed } = await readableEvent(tx, auth, id);
    return detailOf(tx, auth, changed, staffView);
  });
}

/** Load an event the caller organises, with its secret, for drawing a check-in code. */
export async function eventForCode(c: Ctx, id: string) {
  authorize(c, 'update', 'Event');
  return tenantTx(c, async (tx, auth) => {
    const event = await ownEvent(tx, auth, id);
    return { ...event, secret: await q.secretOf(tx, id) };
  });
}
