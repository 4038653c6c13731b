import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import type { DeputyRef } from '../deputies/deputies.lookup.ts';

/** A seat as the archive shows it: the deputy summary, its congress's path and its term. */
export interface ArchiveSeat extends DeputyRef {
  tenantPath: string;
  stationId: string | null;
  stationName: string | null;
  sector: string;
  constituency: string;
  photoFileId: string | null;
  termStartsOn: string;
  termEndsOn: string | null;
}

/** A visible seat with what its archive shows, or null. */
export async function findArchiveSeat(tx: Tx, id: string): Promise<ArchiveSeat | null> {
  return rowsOf<ArchiveSeat>(await tx.execute(sql`
    select d.id, d.tenant_id as "tenantId", t.name as "tenantName", t.path::text as "tenantPath", d.level,
      d.user_id as "userId", u.display_name as "displayName", d.public_code as "publicCode",
      d.term_id as "termId", tm.number as "termNumber", tm.starts_on::text as "termStartsOn", tm.ends_on::text as "termEndsOn",
      d.group_id as "groupId", g.name as "groupName", d.station_id as "stationId", s.name as "stationName",
      d.sector, d.status, d.constituency, d.photo_file_id as "photoFileId"
    from deputies d
    join tenants t on t.id = d.tenant_id
    join terms tm on tm.tenant_id = d.tenant_id and tm.id = d.term_id
    left join users u on u.id = d.user_id
    left join delegation_groups g on g.tenant_id = d.tenant_id and g.id = d.group_id
    left join stations s on s.id = d.station_id
    where d.id = ${id}`))[0] ?? null;
}

/** The `DeputySummary` of an archive seat (same shape as the deputies module's lists). */
export function seatSummary(s: ArchiveSeat) {
  return {
    id: s.id, tenantId: s.tenantId, tenantName: s.tenantName, userId: s.userId, displayName: s.displayName, publicCode: s.publicCode,
    level: s.level, termId: s.termId, termNumber: s.termNumber, groupId: s.groupId, groupName: s.groupName, stationId: s.stationId,
    stationName: s.stationName, sector: s.sector, status: s.status, constituency: s.constituency,
    photoUrl: s.photoFileId ? `/api/v1/files/${s.photoFileId}/thumb` : null,
  };
}

/**
 * Counted (verified and published) activities of one seat per year and kind, from the counters
 * the `activities_count` trigger keeps, so an archive reads a few rows instead of every record.
 */
export async function seatYearCounts(tx: Tx, tenantId: string, deputyId: string): Promise<{ year: number; kind: string; counted: number }[]> {
  return rowsOf<{ year: number; kind: string; counted: number }>(await tx.execute(sql`
    select year, kind, counted from deputy_year_stats
    where tenant_id = ${tenantId} and deputy_id = ${deputyId} and counted > 0
    order by year, kind`));
}
