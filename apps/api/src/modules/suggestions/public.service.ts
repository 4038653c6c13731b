import { sql } from 'drizzle-orm';
import { rowsOf, withContext } from '@renda/db';
import type { Ctx } from '../../platform/context.ts';
import { decodeCursor, page } from '../../platform/pagination.ts';
import { notFound, Problem } from '../../platform/problem.ts';
import { numberLabel } from './suggestions.view.ts';

interface PublicRow {
  id: string; kind: 'motion' | 'suggestion'; number: number; session_name: string; title: string; body: string; category_name: string;
  unit_name: string; reply: string; reply_category: string; replied_at: string; published_at: string; published_key: string;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (value: string | null) => (value == null ? null : new Date(value).toISOString());

/**
 * GET /public/suggestions/:tenantCode: replies a congress published, newest first. No session:
 * the definer function `public_suggestions` returns a fixed projection without any person's
 * name; the congress's own module setting decides (404 when off, as for an unknown code).
 */
export async function publicSuggestions(c: Ctx, tenantCode: string, cursor: string | undefined, limit: number) {
  const after = decodeCursor(cursor, 2) as [string, string] | null;
  if (after && (!ISO.test(after[0]) || !UUID.test(after[1]))) throw new Problem(400, 'validation', 'problem.badCursor');
  if (!/^[A-Za-z0-9_]{1,32}$/.test(tenantCode)) throw notFound();
  const { handle, flags } = c.get('deps');
  const [tenant] = await withContext(handle, {}, async (tx) => rowsOf<{ code: string; name: string; path: string }>(await tx.execute(sql`
    select code, name, path::text from tenants where code = ${tenantCode} and status = 'active'`)));
  if (!tenant) throw notFound();
  // Resolved outside a transaction: the flag service may open its own.
  if (!(await flags.resolve(tenant.path)).suggestions?.enabled) throw new Problem(404, 'module-disabled', 'module.disabled');
  const rows = await withContext(handle, {}, async (tx) => rowsOf<PublicRow>(await tx.execute(sql`
    select p.*, to_char(p.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as published_key
    from public_suggestions(${tenantCode}, ${after?.[0] ?? null}::timestamptz, ${after?.[1] ?? null}::uuid, ${limit + 1}) p`)));
  const p = page(rows, limit, (r) => [r.published_key, r.id]);
  const locale = c.get('locale');
  return {
    tenant: { code: tenant.code, name: tenant.name },
    items: p.items.map((r) => ({
      id: r.id, kind: r.kind, numberLabel: numberLabel(r.kind, r.number, locale), sessionName: r.session_name, title: r.title, body: r.body,
      categoryName: r.category_name || null, unitName: r.unit_name, reply: r.reply, replyCategory: r.reply_category,
      repliedAt: iso(r.replied_at), publishedAt: iso(r.published_at),
    })),
    nextCursor: p.nextCursor,
  };
}
