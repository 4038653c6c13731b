import QRCode from 'qrcode';
import type { Tx } from '@renda/db';
import type { DeputyCreate, DeputyQuery, DeputyUpdate } from '@renda/contracts';
import { readsAll, subjectOf } from '@renda/policy';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { t, type MessageKey } from '../../platform/i18n.ts';
import { conflict, invalid, notFound, type FieldError } from '../../platform/problem.ts';
import { decodeCursor, page } from '../../platform/pagination.ts';
import { matchAccount } from '../accounts/accounts.queries.ts';
import { seatPublicCode } from './codes.ts';
import { unknownPasswordHash } from './passwords.ts';
import { fieldError, pgCode } from './errors.ts';
import { findDeputyOfUser } from './deputies.lookup.ts';
import * as q from './deputies.queries.ts';
import { findTerm } from './registry.queries.ts';

/** The API shape of a seat in lists (`DeputySummary`). */
export function presentSummary(r: q.SummaryRow) {
  return {
    id: r.id, tenantId: r.tenantId, tenantName: r.tenantName, userId: r.userId, displayName: r.displayName, publicCode: r.publicCode,
    level: r.level, termId: r.termId, termNumber: r.termNumber, groupId: r.groupId, groupName: r.groupName, stationId: r.stationId,
    stationName: r.stationName, sector: r.sector, status: r.status, constituency: r.constituency,
    photoUrl: r.photoFileId ? `/api/v1/files/${r.photoFileId}/thumb` : null,
  };
}

/** The API shape of one seat (`Deputy`). */
export function presentDetail(r: q.DetailRow) {
  return {
    ...presentSummary(r), username: r.username, phone: r.phone, gender: r.gender, party: r.party, workplace: r.workplace, bio: r.bio,
    electedOn: r.electedOn, leftOn: r.leftOn, statusNote: r.statusNote, photoFileId: r.photoFileId, publicUrl: `/d/${r.publicCode}`,
  };
}

/** Seats in the active subtree; a role that reads only its own (a deputy) gets only their seats. */
export function listDeputies(c: Ctx, f: DeputyQuery) {
  const auth = requireAuth(c);
  authorize(c, 'read', 'Deputy');
  const ownerUserId = readsAll(auth.ability, 'Deputy') ? null : auth.userId;
  const after = decodeCursor(f.cursor, 3);
  return tenantTx(c, async (tx) => {
    const p = page(await q.listDeputies(tx, { ...f, after, ownerUserId }), f.limit, (r) => [r.tenantPath, r.displayName, r.id]);
    return { items: p.items.map(presentSummary), nextCursor: p.nextCursor };
  });
}

/**
 * A visible seat the caller may read; 404 outside the roll-up, and also for another person's
 * seat when the role reads only its own (as for activities: a deputy learns nothing of others).
 */
async function readableDetail(c: Ctx, tx: Tx, id: string) {
  const row = await q.findDetail(tx, id);
  if (!row || !requireAuth(c).ability.can('read', subjectOf('Deputy', { tenantId: row.tenantId, userId: row.userId }))) throw notFound();
  return row;
}

export function getDeputy(c: Ctx, id: string) {
  authorize(c, 'read', 'Deputy');
  return tenantTx(c, async (tx) => presentDetail(await readableDetail(c, tx, id)));
}

/** The caller's own seat in the active congress, newest term. */
export function mine(c: Ctx) {
  authorize(c, 'read', 'Deputy');
  return tenantTx(c, async (tx, auth) => {
    const ref = await findDeputyOfUser(tx, auth.membership.tenantId, auth.userId);
    if (!ref) throw notFound('deputy.noSeat');
    return presentDetail(await readableDetail(c, tx, ref.id));
  });
}

/**
 * The QR code (SVG) of a seat's public profile. The URL is absolute, built from the host the
 * request came in on, so a poster printed from any deployment points back at that deployment.
 */
export async function qrSvg(c: Ctx, id: string): Promise<string> {
  authorize(c, 'read', 'Deputy');
  const row = await tenantTx(c, (tx) => readableDetail(c, tx, id));
  const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() || new URL(c.req.url).protocol.replace(':', '');
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host') ?? new URL(c.req.url).host;
  return QRCode.toString(`${proto}://${host}/d/${row.publicCode}`, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
}

/** Group, station and photo must exist where the seat's congress may use them. */
async function checkLinks(c: Ctx, tx: Tx, tenantId: string, body: Pick<DeputyUpdate, 'groupId' | 'stationId' | 'photoFileId'>) {
  const errors: FieldError[] = [];
  const fail = (path: string, key: MessageKey) => errors.push({ path, message: t(c.get('locale'), key) });
  if (body.groupId && (await q.findGroupTenant(tx, body.groupId)) !== tenantId) fail('groupId', 'deputy.groupNotFound');
  if (body.stationId && !(await q.findStationPath(tx, body.stationId))) fail('stationId', 'deputy.stationNotFound');
  if (body.photoFileId && (await q.findFileTenant(tx, body.photoFileId)) !== tenantId) fail('photoFileId', 'deputy.photoNotFound');
  if (errors.length) throw invalid(errors);
}

/** The person behind a new seat: an existing one in the subtree, or a new account. */
async function personOf(c: Ctx, tx: Tx, body: DeputyCreate, passwordHash: string | null): Promise<string> {
  if (body.userId) {
    const user = await q.findVisibleUser(tx, body.userId);
    if (!user) throw fieldError(c, 'userId', 'deputy.userNotFound');
    return user.id;
  }
  const account = body.account!;
  const match = await matchAccount(tx, account.username, account.phone);
  if (match.username_taken) throw fieldError(c, 'account.username', 'deputy.usernameTaken', { username: account.username });
  if (match.phone_taken) throw fieldError(c, 'account.phone', 'deputy.phoneTaken');
  return q.insertUser(tx, { ...account, passwordHash: passwordHash! });
}

/** Seat a person in a term of the active congress, giving them the `deputy` role there. */
export async function createDeputy(c: Ctx, body: DeputyCreate) {
  const auth = requireAuth(c);
  const tenantId = auth.membership.tenantId;
  authorize(c, 'create', subjectOf('Deputy', { tenantId }));
  if (Boolean(body.userId) === Boolean(body.account)) throw fieldError(c, 'userId', 'deputy.personRequired');
  // argon2 is slow on purpose; hash before the transaction so it holds no connection meanwhile.
  const passwordHash = body.account ? await unknownPasswordHash() : null;
  const id = crypto.randomUUID();
  await tenantTx(c, async (tx) => {
    const term = await findTerm(tx, body.termId);
    if (!term) throw fieldError(c, 'termId', 'deputy.termNotFound');
    // A term of a congress below: the seat would belong there, which only that congress writes.
    authorize(c, 'create', subjectOf('Deputy', { tenantId: term.tenantId }));
    await checkLinks(c, tx, tenantId, body);
    const userId = await personOf(c, tx, body, passwordHash);
    if (await q.findSeat(tx, tenantId, term.id, userId)) throw conflict('deputy.seatTaken');
    const membership = await q.ensureDeputyMembership(tx, tenantId, userId);
    if (membership.change) {
      await audit(tx, c, { action: `membership.${membership.change}`, subjectType: 'Membership', subjectId: membership.id, detail: { userId, roles: membership.roles } });
    }
    const publicCode = await seatPublicCode(tx, tenantId, userId);
    const { userId: _u, account: _a, termId: _t, ...fields } = body;
    try {
      await q.insertSeat(tx, {
        ...fields, id, tenantId, tenantPath: '', userId, termId: term.id, publicCode, level: auth.membership.tenantLevel,
        electedOn: fields.electedOn === undefined ? term.startsOn : fields.electedOn,
      });
    } catch (error) {
      if (pgCode(error) === '23505') throw conflict('deputy.seatTaken');
      throw error;
    }
    await audit(tx, c, { action: 'deputy.create', subjectType: 'Deputy', subjectId: id, detail: { userId, termId: term.id, publicCode, ...fields } });
  });
  return getDeputy(c, id);
}

/** Change a seat of the active congress; leaving (resigned, removed) needs the day of leaving. */
export async function updateDeputy(c: Ctx, id: string, body: DeputyUpdate) {
  authorize(c, 'update', 'Deputy');
  await tenantTx(c, async (tx) => {
    const row = await q.findDetail(tx, id);
    if (!row) throw notFound();
    authorize(c, 'update', subjectOf('Deputy', { tenantId: row.tenantId, userId: row.userId }));
    await checkLinks(c, tx, row.tenantId, body);
    const set: q.SeatSet = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
    // Back to serving clears the day of leaving unless one is given.
    if (body.status === 'serving' && body.leftOn === undefined) set.leftOn = null;
    const status = body.status ?? row.status;
    const leftOn = set.leftOn !== undefined ? set.leftOn : row.leftOn;
    if (status !== 'serving' && !leftOn) throw fieldError(c, 'leftOn', 'deputy.leftOnRequired');
    await q.updateSeat(tx, id, row.tenantId, set);
    await audit(tx, c, { action: 'deputy.update', subjectType: 'Deputy', subjectId: id, detail: set as Record<string, unknown> });
  });
  return getDeputy(c, id);
}
