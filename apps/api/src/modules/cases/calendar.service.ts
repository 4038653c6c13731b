import { sql } from 'drizzle-orm';
import type { TimeLimit } from '@renda/contracts';
import { rowsOf, type Tx } from '@renda/db';

/**
 * Working days of a congress. The week is Monday–Friday; a congress and its ancestors add
 * exceptions (public holidays, make-up workdays on weekends), and for one date the deepest
 * congress wins, so a county's own day overrides the province's national schedule. Every
 * congress is in China Standard Time (UTC+8, no daylight saving), where a day is counted.
 *
 * The pure functions below work on a loaded window of exceptions; `addWorkingDays` and
 * `dueAfter` load that window in one query and compute in JS.
 */

export type DayKind = 'holiday' | 'workday';
/** Resolved exceptions: date `YYYY-MM-DD` → its kind, after the deepest congress won. */
export type Exceptions = ReadonlyMap<string, DayKind>;

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/**
 * The calendar date in China of an instant.
 * @example chinaDay(new Date('2026-01-31T17:00:00Z')) // '2026-02-01'
 */
export function chinaDay(instant: Date): string {
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The last second of a China day: a working-day deadline ends at 23:59:59 there.
 * @example endOfChinaDay('2026-02-24').toISOString() // '2026-02-24T15:59:59.000Z'
 */
export function endOfChinaDay(day: string): Date {
  return new Date(`${day}T23:59:59+08:00`);
}

/** `day` moved by `n` calendar days. */
export function shiftDay(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Exceptions of several congresses on one path merged: for each date the deepest congress wins.
 * @example resolveExceptions([{ day: '2026-10-08', kind: 'holiday', depth: 1 }, { day: '2026-10-08', kind: 'workday', depth: 3 }]).get('2026-10-08') // 'workday'
 */
export function resolveExceptions(rows: readonly { day: string; kind: DayKind; depth: number }[]): Map<string, DayKind> {
  const best = new Map<string, { kind: DayKind; depth: number }>();
  for (const r of rows) {
    const seen = best.get(r.day);
    if (!seen || r.depth > seen.depth) best.set(r.day, { kind: r.kind, depth: r.depth });
  }
  return new Map([...best].map(([day, v]) => [day, v.kind]));
}

/**
 * Whether a date is worked: an exception decides, else Monday to Friday.
 * @example isWorkingDay(new Map([['2026-02-14', 'workday']]), '2026-02-14') // true (a make-up Saturday)
 */
export function isWorkingDay(exceptions: Exceptions, day: string): boolean {
  const kind = exceptions.get(day);
  if (kind) return kind === 'workday';
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/**
 * The N-th working day after `start` (not counting `start` itself); `start` when N is 0.
 * @example nthWorkingDayAfter(new Map(), '2026-11-20', 1) // '2026-11-23' (Friday → Monday)
 */
export function nthWorkingDayAfter(exceptions: Exceptions, start: string, n: number): string {
  let day = start;
  for (let left = n; left > 0; ) {
    day = shiftDay(day, 1);
    if (isWorkingDay(exceptions, day)) left--;
  }
  return day;
}

/**
 * A deadline: clock hours from the instant, or the end (23:59:59 China time) of the N-th working
 * day after the instant's China day.
 * @example deadlineIn(new Map(), new Date('2026-11-20T02:00:00Z'), { amount: 1, unit: 'workingDays' }) // 2026-11-23 23:59:59 +08:00
 */
export function deadlineIn(exceptions: Exceptions, from: Date, limit: TimeLimit): Date {
  if (limit.unit === 'hours') return new Date(from.getTime() + limit.amount * 3600_000);
  return endOfChinaDay(nthWorkingDayAfter(exceptions, chinaDay(from), limit.amount));
}

/**
 * The calendar days a window must cover to hold N working days: weekends add two days in seven,
 * and no year has more than about twenty weekday holidays. Counting past the window loads more.
 */
function windowDays(workingDays: number): number {
  return Math.max(120, Math.ceil(workingDays * 1.6) + 40);
}

/** Exceptions of a congress and its ancestors between two dates, the deepest winning per date. */
export async function loadExceptions(tx: Tx, tenantId: string, fromDay: string, toDay: string): Promise<Map<string, DayKind>> {
  const rows = rowsOf<{ day: string; kind: DayKind; depth: number }>(await tx.execute(sql`
    select cd.day::text as day, cd.kind, nlevel(cd.tenant_path) as depth
    from calendar_days cd
    where cd.tenant_path @> (select t.path from tenants t where t.id = ${tenantId})
      and cd.day between ${fromDay}::date and ${toDay}::date`));
  return resolveExceptions(rows);
}

/**
 * The end (23:59:59 China time) of the N-th working day after `from`'s day, by the calendar of
 * the congress `tenantId`.
 * @example await addWorkingDays(tx, funingId, new Date('2026-09-30T02:00:00Z'), 1) // 2026-10-09 23:59:59 +08:00
 */
export async function addWorkingDays(tx: Tx, tenantId: string, from: Date, days: number): Promise<Date> {
  const start = chinaDay(from);
  let span = windowDays(days);
  for (;;) {
    const end = shiftDay(start, span);
    const due = nthWorkingDayAfter(await loadExceptions(tx, tenantId, start, end), start, days);
    // A due date inside the loaded window is exact; past it, unknown exceptions could move it.
    if (due <= end) return endOfChinaDay(due);
    span *= 2;
  }
}

/**
 * A step's deadline from `from` by a scenario's time limit: clock hours, or working days of the
 * congress's calendar.
 */
export async function dueAfter(tx: Tx, tenantId: string, from: Date, limit: TimeLimit): Promise<Date> {
  if (limit.unit === 'hours') return new Date(from.getTime() + limit.amount * 3600_000);
  return addWorkingDays(tx, tenantId, from, limit.amount);
}
