import type { ConfigValues } from '@renda/features';
import { readsAll, subjectOf } from '@renda/policy';
import type { Tx } from '@renda/db';
import type { Ctx } from '../../platform/context.ts';
import { requireAuth } from '../../platform/context.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { decodeCursor } from '../../platform/pagination.ts';
import { filesOf, findActivity, type ActivityFile, type ActivityRow } from './activities.queries.ts';

/**
 * The active congress's resolved `duties` configuration. Resolve it before opening the request's
 * transaction: on a cache miss the flag service opens a transaction of its own.
 */
export async function dutiesConfig(c: Ctx): Promise<ConfigValues> {
  const auth = requireAuth(c);
  return (await c.get('deps').flags.resolve(auth.membership.tenantPath)).duties.config;
}

/** The CASL subject of an activity row. */
export function activitySubject(row: Pick<ActivityRow, 'tenantId' | 'deputyUserId' | 'state'>) {
  return subjectOf('Activity', { tenantId: row.tenantId, deputyUserId: row.deputyUserId, state: row.state });
}

/**
 * A visible activity the caller may read. Another deputy's record answers 404 like a row outside
 * the roll-up, so a deputy cannot learn which records exist.
 */
export async function readableActivity(c: Ctx, tx: Tx, id: string): Promise<ActivityRow> {
  const auth = requireAuth(c);
  const row = await findActivity(tx, id);
  if (!row || !auth.ability.can('read', activitySubject(row))) throw notFound('activity.notFound');
  return row;
}

/** Whether the caller reads only the activities of their own seats. */
export function readsOwnOnly(c: Ctx): boolean {
  return !readsAll(requireAuth(c).ability, 'Activity');
}

// Both drivers hand raw timestamps over as Postgres text ("2026-05-20 08:00:00+00"); the API speaks ISO 8601.
const iso = (value: Date | string | null) => (value == null ? null : new Date(value).toISOString());

/** An activity as a list shows it: no evidence, only how many files it has. */
export function listItem(row: ActivityRow) {
  const { deputyUserId: _owner, ...item } = row;
  return {
    ...item,
    submittedAt: iso(row.submittedAt), reviewedAt: iso(row.reviewedAt), publishedAt: iso(row.publishedAt), createdAt: iso(row.createdAt)!,
  };
}

/** An activity with its evidence, as the detail and every write answer it. */
export function activityJson(row: ActivityRow, files: ActivityFile[]) {
  const { fileCount: _count, ...item } = listItem(row);
  return { ...item, files };
}

/** Load one activity with its evidence, inside the caller's transaction. */
export async function loadActivityJson(tx: Tx, row: ActivityRow) {
  return activityJson(row, await filesOf(tx, row.tenantId, row.id));
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A `[sortValue, id]` cursor, checked before it reaches SQL: a tampered cursor answers 400
 * `problem.badCursor` instead of a database error.
 */
export function keyCursor(cursor: string | undefined, validValue: (value: string) => boolean): [string, string] | null {
  const key = decodeCursor(cursor, 2);
  if (!key) return null;
  const [value, id] = key.map(String);
  if (typeof key[0] === 'string' && validValue(value) && uuidPattern.test(id)) return [value, id];
  throw new Problem(400, 'validation', 'problem.badCursor', {}, { errors: [{ path: 'cursor', message: 'invalid cursor' }] });
}

/** Whether a cursor value is a calendar day `YYYY-MM-DD`. */
export const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));
