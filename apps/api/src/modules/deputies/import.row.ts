import type { Tx } from '@renda/db';
import type { DeputyRow } from '@renda/contracts';
import { audit, type Ctx } from '../../platform/context.ts';
import type { MessageKey } from '../../platform/i18n.ts';
import { matchAccount } from '../accounts/accounts.queries.ts';
import { seatPublicCode } from './codes.ts';
import { unknownPasswordHash } from './passwords.ts';
import * as q from './deputies.queries.ts';
import { groupIdsByName, insertGroup } from './registry.queries.ts';

export type RowStatus = 'create' | 'update' | 'unchanged' | 'rejected';

/** One row after its congress, term and station were resolved. */
export interface PlannedRow {
  line: number;
  row: DeputyRow;
  tenantId: string;
  level: string;
  termId: string;
  stationId: string | null;
}

/** A row refused for a reason the person can fix, thrown inside the row's savepoint. */
export class RowReject extends Error {
  readonly key: MessageKey;
  readonly params: Record<string, unknown>;
  constructor(key: MessageKey, params: Record<string, unknown> = {}) {
    super(key);
    this.key = key;
    this.params = params;
  }
}

/** What applying rows shares: password hashes of new people and the groups known per congress. */
export interface ImportState {
  dryRun: boolean;
  hashes: Map<string, string>;
  groups: Map<string, Map<string, string>>;
}

/**
 * Write one row: the account (created when new), the `deputy` membership, the group (created
 * when unknown) and the seat. Empty optional cells keep what an existing seat has, so a file
 * that only lists names never wipes details entered since. Returns the row's status and the
 * group it created, which the caller remembers only once the row's savepoint is released.
 */
export async function applyRow(tx: Tx, c: Ctx, p: PlannedRow, state: ImportState): Promise<{ status: RowStatus; newGroup?: { tenantId: string; name: string; id: string } }> {
  const person = await personOfRow(tx, c, p, state);
  const group = p.row.group ? await groupId(tx, c, p.tenantId, p.row.group, state) : null;
  const seat = await writeSeat(tx, c, p, person.userId, seatFields(p, group?.id ?? null));
  const status: RowStatus = seat === 'create' ? 'create' : seat || person.changed || group?.created ? 'update' : 'unchanged';
  return { status, newGroup: group?.created ? { tenantId: p.tenantId, name: p.row.group, id: group.id } : undefined };
}

/**
 * The row's person: matched (username with phone, or someone in the subtree) or created. The
 * name of an existing person is theirs and stays; reading it back per row would also cost a scan
 * of the subtree's memberships (the users policy), which grows with the import itself.
 */
async function personOfRow(tx: Tx, c: Ctx, p: PlannedRow, state: ImportState) {
  const { row } = p;
  let changed = false;
  const match = await matchAccount(tx, row.username, row.phone);
  let userId = match.user_id;
  if (!userId) {
    if (match.username_taken) throw new RowReject('import.usernameTaken', { username: row.username });
    if (match.phone_taken) throw new RowReject('import.phoneTaken');
    // The dry run skips argon2 (its rows are rolled back); a real run hashed new people up front.
    const passwordHash = state.hashes.get(row.username.toLowerCase()) ?? (state.dryRun ? 'dry-run' : await unknownPasswordHash());
    userId = await q.insertUser(tx, { username: row.username, displayName: row.display_name, phone: row.phone, passwordHash });
  }
  const membership = await q.ensureDeputyMembership(tx, p.tenantId, userId);
  if (membership.change) {
    changed = true;
    await audit(tx, c, { action: `membership.${membership.change}`, subjectType: 'Membership', subjectId: membership.id, tenantId: p.tenantId, detail: { username: row.username, roles: membership.roles } });
  }
  return { userId, changed };
}

/** The seat fields a row sets; empty cells are left out so they keep the stored value. */
function seatFields(p: PlannedRow, groupId: string | null): q.SeatSet {
  const { row } = p;
  return {
    ...(row.constituency ? { constituency: row.constituency } : {}),
    ...(groupId ? { groupId } : {}),
    ...(row.sector ? { sector: row.sector } : {}),
    ...(p.stationId ? { stationId: p.stationId } : {}),
    ...(row.elected_on ? { electedOn: row.elected_on } : {}),
    ...(row.gender ? { gender: row.gender } : {}),
    ...(row.party ? { party: row.party } : {}),
    ...(row.workplace ? { workplace: row.workplace } : {}),
  };
}

/** Create the seat, or update what differs; null when nothing changed. */
async function writeSeat(tx: Tx, c: Ctx, p: PlannedRow, userId: string, fields: q.SeatSet): Promise<'create' | 'update' | null> {
  const seat = await q.findSeat(tx, p.tenantId, p.termId, userId);
  if (!seat) {
    const id = crypto.randomUUID();
    const publicCode = await seatPublicCode(tx, p.tenantId, userId);
    await q.insertSeat(tx, { ...fields, id, tenantId: p.tenantId, tenantPath: '', userId, termId: p.termId, publicCode, level: p.level });
    await audit(tx, c, { action: 'deputy.create', subjectType: 'Deputy', subjectId: id, tenantId: p.tenantId, detail: { username: p.row.username, termId: p.termId, publicCode, ...fields } });
    return 'create';
  }
  const diff = Object.fromEntries(Object.entries(fields).filter(([k, v]) => (seat as Record<string, unknown>)[k] !== v));
  if (!Object.keys(diff).length) return null;
  await q.updateSeat(tx, seat.id, p.tenantId, diff);
  await audit(tx, c, { action: 'deputy.update', subjectType: 'Deputy', subjectId: seat.id, tenantId: p.tenantId, detail: diff });
  return 'update';
}

/** The id of a congress's group by name, creating the group when the congress has none yet. */
async function groupId(tx: Tx, c: Ctx, tenantId: string, name: string, state: ImportState) {
  const known = state.groups.get(tenantId)?.get(name);
  if (known) return { id: known, created: false };
  const id = crypto.randomUUID();
  if (!(await insertGroup(tx, { id, tenantId, name, description: '' }))) {
    // Created meanwhile by someone else: use theirs.
    return { id: (await groupIdsByName(tx, tenantId)).get(name)!, created: false };
  }
  await audit(tx, c, { action: 'group.create', subjectType: 'DelegationGroup', subjectId: id, tenantId, detail: { name, source: 'import' } });
  return { id, created: true };
}
