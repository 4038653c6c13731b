import type { GroupCreate, GroupUpdate, StationCreate, StationUpdate, TermCreate } from '@renda/contracts';
import { subjectOf } from '@renda/policy';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { conflict, notFound } from '../../platform/problem.ts';
import { freshPublicCode } from './codes.ts';
import { fieldError, pgCode } from './errors.ts';
import * as q from './registry.queries.ts';

/** Registry writes land in the active congress only; the check names the target tenant. */
function authorizeWrite(c: Ctx, action: 'create' | 'update', tenantId: string) {
  authorize(c, action, subjectOf('Registry', { tenantId }));
}

/** Run a write that may hit a unique name, answering 409 with `key` instead of a 500. */
async function uniquely<T>(fn: () => Promise<T>, key: 'deputy.groupTaken' | 'deputy.stationTaken', name: string | undefined): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (pgCode(error) === '23505') throw conflict(key, { name });
    throw error;
  }
}

/** Terms of the active congress, newest first. */
export function listTerms(c: Ctx) {
  authorize(c, 'read', 'Registry');
  return tenantTx(c, async (tx, auth) => ({ items: await q.listTerms(tx, auth.membership.tenantId) }));
}

/** Open a new term of the active congress. */
export function createTerm(c: Ctx, body: TermCreate) {
  const auth = requireAuth(c);
  authorizeWrite(c, 'create', auth.membership.tenantId);
  if (body.endsOn && body.endsOn <= body.startsOn) throw fieldError(c, 'endsOn', 'deputy.termDates');
  return tenantTx(c, async (tx) => {
    const id = crypto.randomUUID();
    const row = { id, tenantId: auth.membership.tenantId, number: body.number, startsOn: body.startsOn, endsOn: body.endsOn ?? null };
    if (!(await q.insertTerm(tx, row))) throw conflict('deputy.termTaken', { number: body.number });
    await audit(tx, c, { action: 'term.create', subjectType: 'Term', subjectId: id, detail: body });
    return (await q.findTerm(tx, id))!;
  });
}

/** Close (or reopen) a term by setting its last day. */
export function updateTerm(c: Ctx, id: string, endsOn: string | null) {
  authorize(c, 'update', 'Registry');
  return tenantTx(c, async (tx) => {
    const term = await q.findTerm(tx, id);
    if (!term) throw notFound();
    authorizeWrite(c, 'update', term.tenantId);
    if (endsOn && endsOn <= term.startsOn) throw fieldError(c, 'endsOn', 'deputy.termDates');
    await q.updateTermEnd(tx, id, term.tenantId, endsOn);
    await audit(tx, c, { action: 'term.update', subjectType: 'Term', subjectId: id, detail: { from: term.endsOn, to: endsOn } });
    return (await q.findTerm(tx, id))!;
  });
}

/** Delegation groups of the active congress. */
export function listGroups(c: Ctx) {
  authorize(c, 'read', 'Registry');
  return tenantTx(c, async (tx, auth) => ({ items: await q.listGroups(tx, auth.membership.tenantId) }));
}

export function createGroup(c: Ctx, body: GroupCreate) {
  const auth = requireAuth(c);
  authorizeWrite(c, 'create', auth.membership.tenantId);
  return tenantTx(c, async (tx) => {
    const id = crypto.randomUUID();
    if (!(await q.insertGroup(tx, { id, tenantId: auth.membership.tenantId, ...body }))) throw conflict('deputy.groupTaken', { name: body.name });
    await audit(tx, c, { action: 'group.create', subjectType: 'DelegationGroup', subjectId: id, detail: body });
    return (await q.findGroup(tx, id))!;
  });
}

export function updateGroup(c: Ctx, id: string, body: GroupUpdate) {
  authorize(c, 'update', 'Registry');
  return tenantTx(c, async (tx) => {
    const group = await q.findGroup(tx, id);
    if (!group) throw notFound();
    authorizeWrite(c, 'update', group.tenantId);
    await uniquely(() => q.updateGroup(tx, id, group.tenantId, body), 'deputy.groupTaken', body.name);
    await audit(tx, c, { action: 'group.update', subjectType: 'DelegationGroup', subjectId: id, detail: body });
    return (await q.findGroup(tx, id))!;
  });
}

/** Remove a group. Removing is a change to the registry, so it needs `update` on it. */
export function deleteGroup(c: Ctx, id: string) {
  authorize(c, 'update', 'Registry');
  return tenantTx(c, async (tx) => {
    const group = await q.findGroup(tx, id);
    if (!group) throw notFound();
    authorizeWrite(c, 'update', group.tenantId);
    await q.deleteGroup(tx, id, group.tenantId);
    await audit(tx, c, { action: 'group.delete', subjectType: 'DelegationGroup', subjectId: id, detail: { name: group.name, deputies: group.deputies } });
  });
}

/** Stations readable from the active congress: its subtree and its ancestors. */
export function listStations(c: Ctx) {
  authorize(c, 'read', 'Registry');
  return tenantTx(c, async (tx) => ({ items: await q.listStations(tx) }));
}

export function createStation(c: Ctx, body: StationCreate) {
  const auth = requireAuth(c);
  authorizeWrite(c, 'create', auth.membership.tenantId);
  return tenantTx(c, async (tx) => {
    const id = crypto.randomUUID();
    const publicCode = await freshPublicCode(tx);
    if (!(await q.insertStation(tx, { id, tenantId: auth.membership.tenantId, publicCode, ...body }))) throw conflict('deputy.stationTaken', { name: body.name });
    await audit(tx, c, { action: 'station.create', subjectType: 'Station', subjectId: id, detail: { ...body, publicCode } });
    return present((await q.findStation(tx, id))!);
  });
}

export function updateStation(c: Ctx, id: string, body: StationUpdate) {
  authorize(c, 'update', 'Registry');
  return tenantTx(c, async (tx) => {
    const station = await q.findStation(tx, id);
    if (!station) throw notFound();
    authorizeWrite(c, 'update', station.tenantId);
    await uniquely(() => q.updateStation(tx, id, station.tenantId, body), 'deputy.stationTaken', body.name);
    await audit(tx, c, { action: 'station.update', subjectType: 'Station', subjectId: id, detail: body });
    return present((await q.findStation(tx, id))!);
  });
}

/** Remove a station; deputies attached to it (of any tier) are detached by the foreign key. */
export function deleteStation(c: Ctx, id: string) {
  authorize(c, 'update', 'Registry');
  return tenantTx(c, async (tx) => {
    const station = await q.findStation(tx, id);
    if (!station) throw notFound();
    authorizeWrite(c, 'update', station.tenantId);
    await q.deleteStation(tx, id, station.tenantId);
    await audit(tx, c, { action: 'station.delete', subjectType: 'Station', subjectId: id, detail: { name: station.name, publicCode: station.publicCode } });
  });
}

function present(s: q.StationRow & { tenantPath?: string }): q.StationRow {
  const { tenantPath: _, ...rest } = s;
  return rest;
}
