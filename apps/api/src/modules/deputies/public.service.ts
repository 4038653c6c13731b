import { sql } from 'drizzle-orm';
import { rowsOf, withContext } from '@renda/db';
import { activityKindSettings } from '@renda/features';
import type { Ctx } from '../../platform/context.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { decodeCursor, page } from '../../platform/pagination.ts';
import { isPublicCode } from './codes.ts';

interface PublicDeputyRow {
  deputy_id: string; tenant_id: string; tenant_code: string; tenant_name: string; tenant_path: string; level: string;
  display_name: string; term_number: number; group_name: string | null; station_name: string | null; station_address: string | null;
  station_phone: string | null; station_hours: string | null; constituency: string; sector: string; workplace: string; party: string;
  gender: string; bio: string; photo_file_id: string | null; status: string;
}

const publicFile = (id: string) => ({ url: `/api/v1/public/files/${id}`, thumbUrl: `/api/v1/public/files/${id}/thumb` });

/**
 * The seat behind a public code and its congress's module settings, or 404. The public have no
 * tenant context: the read goes through the definer function, which returns a fixed projection
 * without contacts. A malformed code is refused before any database work.
 */
async function findPublic(c: Ctx, rawCode: string) {
  const code = rawCode.toUpperCase();
  if (!isPublicCode(code)) throw notFound();
  const { handle, flags } = c.get('deps');
  const row = await withContext(handle, {}, async (tx) =>
    rowsOf<PublicDeputyRow>(await tx.execute(sql`select * from public_deputy(${code})`))[0]);
  if (!row) throw notFound();
  // Resolved outside the transaction above: the flag service may open its own.
  const resolved = await flags.resolve(row.tenant_path);
  const module = resolved.deputies;
  if (!module?.enabled || module.config.publicProfileEnabled === false) throw notFound();
  return { code, row, resolved };
}

/** The public profile of a deputy: who, where to meet them, and published totals. */
export async function publicProfile(c: Ctx, rawCode: string) {
  const { code, row, resolved } = await findPublic(c, rawCode);
  const stats = await withContext(c.get('deps').handle, {}, async (tx) =>
    rowsOf<{ year: number; kind: string; published: number }>(await tx.execute(sql`select * from public_deputy_stats(${row.deputy_id})`)));
  const contact = String(resolved.deputies.config.publicContact ?? 'station');
  const station = row.station_name && contact !== 'none'
    ? { name: row.station_name, address: row.station_address ?? '', ...(contact === 'station-phone' ? { phone: row.station_phone ?? '' } : {}), openHours: row.station_hours ?? '' }
    : null;
  const custom = (resolved.duties?.config.customActivityKinds as string[] | undefined) ?? [];
  return {
    code, displayName: row.display_name,
    tenant: { code: row.tenant_code, name: row.tenant_name, level: row.level },
    level: row.level, termNumber: row.term_number, groupName: row.group_name, station,
    constituency: row.constituency, sector: row.sector, workplace: row.workplace, party: row.party, gender: row.gender, bio: row.bio,
    photoUrl: row.photo_file_id ? publicFile(row.photo_file_id).thumbUrl : null, status: row.status,
    summary: summarize(stats),
    kinds: [
      ...activityKindSettings.map((k) => ({ key: k.kind, label: { 'zh-CN': k.zh, en: k.en } })),
      ...custom.map((label) => ({ key: `custom:${label}`, label: { 'zh-CN': label, en: label } })),
    ],
  };
}

function summarize(stats: { year: number; kind: string; published: number }[]) {
  const byKind: Record<string, number> = {};
  const byYear = new Map<number, number>();
  let total = 0;
  for (const s of stats) {
    byKind[s.kind] = (byKind[s.kind] ?? 0) + s.published;
    byYear.set(s.year, (byYear.get(s.year) ?? 0) + s.published);
    total += s.published;
  }
  return { total, byKind, byYear: [...byYear].sort((a, b) => a[0] - b[0]).map(([year, n]) => ({ year, total: n })) };
}

/** Published activities of a deputy, newest first, a page at a time (cursor: day and id). */
export async function publicActivities(c: Ctx, rawCode: string, cursor: string | undefined, limit: number) {
  const after = decodeCursor(cursor, 2) as [string, string] | null;
  if (after && (!/^\d{4}-\d{2}-\d{2}$/.test(String(after[0])) || !/^[0-9a-f-]{36}$/i.test(String(after[1])))) {
    throw new Problem(400, 'validation', 'problem.badCursor');
  }
  const { row } = await findPublic(c, rawCode);
  const rows = await withContext(c.get('deps').handle, {}, async (tx) =>
    rowsOf<{ id: string; kind: string; title: string; occurred_on: string; place: string; description: string; files: string[] }>(await tx.execute(sql`
      select id, kind, title, occurred_on::text, place, description, files
      from public_deputy_activities(${row.deputy_id}, ${after?.[0] ?? null}::date, ${after?.[1] ?? null}::uuid, ${limit + 1})`)));
  const p = page(rows, limit, (r) => [r.occurred_on, r.id]);
  return {
    items: p.items.map((r) => ({
      id: r.id, kind: r.kind, title: r.title, occurredOn: r.occurred_on, place: r.place, description: r.description,
      photos: (r.files ?? []).map(publicFile),
    })),
    nextCursor: p.nextCursor,
  };
}
