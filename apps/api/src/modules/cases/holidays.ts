import { sql } from 'drizzle-orm';
import type { Tx } from '@renda/db';

/** One exception to the Monday–Friday week: a public holiday, or a make-up workday on a weekend (调休). */
export interface HolidayDay {
  day: string;
  kind: 'holiday' | 'workday';
  name: string;
}

/** A holiday run and the weekend days worked in exchange for it. */
function run(name: string, from: string, to: string, workdays: string[] = []): HolidayDay[] {
  const days: HolidayDay[] = [];
  for (let d = from; d <= to; d = nextDay(d)) days.push({ day: d, kind: 'holiday', name });
  return [...days, ...workdays.map((day) => ({ day, kind: 'workday' as const, name: `${name}调休上班` }))];
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/**
 * The national schedule of 2026, as the State Council's General Office announced it on
 * 4 November 2025 (国务院办公厅关于2026年部分节假日安排的通知): every day
 * of each holiday run (weekend days included, so the calendar page names them), and the
 * weekend days that are worked instead. The province enters it once; every congress below
 * inherits it and may add local days of its own.
 */
export const holidays2026: readonly HolidayDay[] = [
  ...run('元旦', '2026-01-01', '2026-01-03', ['2026-01-04']),
  ...run('春节', '2026-02-15', '2026-02-23', ['2026-02-14', '2026-02-28']),
  ...run('清明节', '2026-04-04', '2026-04-06'),
  ...run('劳动节', '2026-05-01', '2026-05-05', ['2026-05-09']),
  ...run('端午节', '2026-06-19', '2026-06-21'),
  ...run('中秋节', '2026-09-25', '2026-09-27'),
  ...run('国庆节', '2026-10-01', '2026-10-07', ['2026-09-20', '2026-10-10']),
];

/** Enter the national schedule for a congress (a new province); days it already has are kept. */
export async function seedHolidays(tx: Tx, tenantId: string, days: readonly HolidayDay[] = holidays2026): Promise<void> {
  await tx.execute(sql`insert into calendar_days (tenant_id, tenant_path, day, kind, name)
    select ${tenantId}::uuid, '', d.day::date, d.kind, d.name from json_to_recordset(${JSON.stringify(days)}::json) as d(day text, kind text, name text)
    on conflict do nothing`);
}
