import { randomUUID } from 'node:crypto';
import type { ActivityCreate, ActivityUpdate } from '@renda/contracts';
import type { ConfigValues } from '@renda/features';
import type { Tx } from '@renda/db';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { t } from '../../platform/i18n.ts';
import { conflict, forbidden, invalid, notFound } from '../../platform/problem.ts';
import { deputiesByIds, findDeputyOfUser, type DeputyRef } from '../deputies/deputies.lookup.ts';
import { activitiesByIds, setFiles, usableFileIds } from './activities.queries.ts';
import { activitySubject, dutiesConfig, loadActivityJson, readableActivity } from './activities.view.ts';
import { deleteDraft, insertActivities, moveState, updateFields } from './activities.writes.ts';
import { deletableStates, editableStates, moves } from './activities.flow.ts';
import { isAllowedKind } from './kinds.ts';

/** 422 unless the congress's configuration allows `kind`. */
export function checkKind(c: Ctx, kind: string, config: ConfigValues): void {
  if (isAllowedKind(kind, config)) return;
  throw invalid([{ path: 'kind', message: t(c.get('locale'), 'activity.kindNotAllowed', { kind }) }]);
}

/**
 * 422 unless the day has come: an activity is recorded after it took place. "Today" is taken in
 * China Standard Time (UTC+8), where every congress is.
 */
function checkDay(c: Ctx, occurredOn: string): void {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  if (occurredOn <= today) return;
  throw invalid([{ path: 'occurredOn', message: t(c.get('locale'), 'activity.futureDay') }]);
}

/** 422 unless every evidence file is a visible file of the congress that owns the record. */
async function checkFiles(c: Ctx, tx: Tx, tenantId: string, fileIds: readonly string[]): Promise<string[]> {
  const unique = [...new Set(fileIds)];
  const usable = await usableFileIds(tx, tenantId, unique);
  const errors = fileIds.flatMap((id, i) => (usable.has(id) ? [] : [{ path: `fileIds.${i}`, message: t(c.get('locale'), 'activity.fileNotUsable') }]));
  if (errors.length > 0) throw invalid(errors);
  return unique;
}

/**
 * The seats a new record is for: the caller's own seat in the active congress, or the seats staff
 * name. A seat outside the roll-up answers 404; one the caller may not record for (a deputy of
 * a lower tier, another deputy's seat) 403.
 */
async function targetSeats(c: Ctx, tx: Tx, body: ActivityCreate): Promise<{ seats: DeputyRef[]; onBehalf: boolean }> {
  const auth = requireAuth(c);
  const ids = body.deputyIds ? [...new Set(body.deputyIds)] : body.deputyId ? [body.deputyId] : [];
  if (ids.length === 0) {
    const own = await findDeputyOfUser(tx, auth.membership.tenantId, auth.userId);
    if (!own) throw forbidden('activity.noSeat');
    authorize(c, 'create', activitySubject({ tenantId: own.tenantId, deputyUserId: own.userId, state: 'draft' }));
    return { seats: [own], onBehalf: false };
  }
  const seats = await deputiesByIds(tx, ids);
  if (seats.length !== ids.length) throw notFound('activity.deputyNotFound');
  for (const seat of seats) authorize(c, 'create', activitySubject({ tenantId: seat.tenantId, deputyUserId: seat.userId, state: 'draft' }));
  return { seats, onBehalf: seats.some((s) => s.userId !== auth.userId) };
}

/**
 * Record an activity (or one per named deputy, sharing a batch id), as a draft or submitted at
 * once. Returns the new activities with their evidence.
 */
export async function createActivities(c: Ctx, body: ActivityCreate) {
  authorize(c, 'create', 'Activity');
  const auth = requireAuth(c);
  const config = await dutiesConfig(c);
  checkKind(c, body.kind, config);
  checkDay(c, body.occurredOn);
  return tenantTx(c, async (tx) => {
    const { seats, onBehalf } = await targetSeats(c, tx, body);
    const tenantId = auth.membership.tenantId;
    const fileIds = await checkFiles(c, tx, tenantId, body.fileIds);
    const batchId = body.deputyIds ? randomUUID() : null;
    const rows = seats.map((seat) => ({
      id: randomUUID(), tenantId, deputyId: seat.id, kind: body.kind, title: body.title, occurredOn: body.occurredOn,
      place: body.place, description: body.description, participants: body.participants,
      source: onBehalf ? ('staff' as const) : ('self' as const), batchId, submit: body.submit, createdBy: auth.userId,
    }));
    await insertActivities(tx, rows);
    await setFiles(tx, tenantId, rows.map((r) => r.id), fileIds);
    for (const r of rows) {
      await audit(tx, c, { action: 'activity.create', subjectType: 'Activity', subjectId: r.id, detail: { deputyId: r.deputyId, kind: r.kind, batchId, fileIds } });
      if (body.submit) await audit(tx, c, { action: 'activity.submit', subjectType: 'Activity', subjectId: r.id, detail: { from: 'draft', to: 'submitted' } });
    }
    const created = await activitiesByIds(tx, rows.map((r) => r.id));
    return Promise.all(created.map((row) => loadActivityJson(tx, row)));
  });
}

/** Change a draft or returned activity (and submit it, when asked); 409 in any other state. */
export async function updateActivity(c: Ctx, id: string, body: ActivityUpdate) {
  authorize(c, 'update', 'Activity');
  const config = await dutiesConfig(c);
  if (body.kind !== undefined) checkKind(c, body.kind, config);
  if (body.occurredOn !== undefined) checkDay(c, body.occurredOn);
  return tenantTx(c, async (tx) => {
    const row = await readableActivity(c, tx, id);
    mayChange(c, 'update', row, editableStates);
    if (!editableStates.includes(row.state)) throw conflict('activity.cannotEdit', { state: stateName(c, row.state) });
    if (body.submit) mayChange(c, 'submit', row, moves.submit.from);
    const fileIds = body.fileIds ? await checkFiles(c, tx, row.tenantId, body.fileIds) : null;
    const { fileIds: _files, submit, ...changes } = body;
    if (!(await updateFields(tx, id, row.state, changes))) throw conflict('activity.changedMeanwhile');
    if (fileIds) await setFiles(tx, row.tenantId, [id], fileIds);
    await audit(tx, c, { action: 'activity.update', subjectType: 'Activity', subjectId: id, detail: { ...changes, ...(fileIds ? { fileIds } : {}) } });
    if (submit) {
      await moveState(tx, { id, from: row.state, to: 'submitted', reviewerId: null });
      await audit(tx, c, { action: 'activity.submit', subjectType: 'Activity', subjectId: id, detail: { from: row.state, to: 'submitted' } });
    }
    return loadActivityJson(tx, (await activitiesByIds(tx, [id]))[0]);
  });
}

/** Delete a draft; 409 for anything already submitted. */
export async function deleteActivity(c: Ctx, id: string): Promise<void> {
  authorize(c, 'delete', 'Activity');
  await tenantTx(c, async (tx) => {
    const row = await readableActivity(c, tx, id);
    mayChange(c, 'delete', row, deletableStates);
    if (!deletableStates.includes(row.state)) throw conflict('activity.cannotDelete', { state: stateName(c, row.state) });
    if (!(await deleteDraft(tx, id))) throw conflict('activity.changedMeanwhile');
    await audit(tx, c, { action: 'activity.delete', subjectType: 'Activity', subjectId: id, detail: { deputyId: row.deputyId, kind: row.kind, title: row.title } });
  });
}

/**
 * 403 unless the caller could do `action` on this activity in one of the states the action starts
 * from. Checked before the state, so that someone who may never act on it (a city clerk on a
 * county record) learns "not allowed" rather than "wrong state"; a deputy's rules carry the
 * state, so it is put in from the list rather than taken from the row.
 */
export function mayChange(c: Ctx, action: 'update' | 'delete' | 'submit' | 'verify' | 'publish', row: Parameters<typeof activitySubject>[0], from: readonly string[]): void {
  const { ability } = requireAuth(c);
  const allowed = from.some((state) => ability.can(action, activitySubject({ ...row, state: state as never })));
  if (!allowed) throw forbidden();
}

/** A state's name in the caller's language, for messages. */
export function stateName(c: Ctx, state: string): string {
  return t(c.get('locale'), `activity.state.${state}` as never);
}
