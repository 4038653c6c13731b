import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';

/** One exported motion or suggestion: the columns of docs/api.md, before labels. */
export interface ExportRow {
  id: string;
  sessionName: string | null;
  kind: 'motion' | 'suggestion';
  number: number | null;
  title: string;
  leadAuthor: string;
  cosigners: number;
  categoryName: string | null;
  tenantName: string;
  state: string;
  leadUnit: string | null;
  coUnits: string[];
  replyCategory: string | null;
  rating: number | null;
  submittedAt: string | null;
  repliedAt: string | null;
}

/**
 * Export rows of `ids` (read under row-level security), in the order of `ids`. Units are those of
 * the current round still standing; times are China time, to the minute.
 */
export async function exportRows(tx: Tx, ids: string[]): Promise<ExportRow[]> {
  if (ids.length === 0) return [];
  const china = (column: string) => sql.raw(`to_char(${column} at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI')`);
  const rows = rowsOf<ExportRow>(await tx.execute(sql`
    select s.id, se.name as "sessionName", s.kind, s.number, s.title, coalesce(u.display_name, '') as "leadAuthor",
      (select count(*)::int from suggestion_signers g where g.tenant_id = s.tenant_id and g.suggestion_id = s.id
        and g.role = 'cosigner' and g.state = 'signed') as cosigners,
      c.name as "categoryName", t.name as "tenantName", s.state,
      (select un.name from suggestion_assignments a join units un on un.tenant_id = a.tenant_id and un.id = a.unit_id
        where a.tenant_id = s.tenant_id and a.suggestion_id = s.id and a.round = s.round and a.role = 'lead' and a.state <> 'withdrawn'
        order by a.assigned_at desc limit 1) as "leadUnit",
      array(select un.name from suggestion_assignments a join units un on un.tenant_id = a.tenant_id and un.id = a.unit_id
        where a.tenant_id = s.tenant_id and a.suggestion_id = s.id and a.round = s.round and a.role = 'co' and a.state <> 'withdrawn'
        order by un.name) as "coUnits",
      s.reply_category as "replyCategory", s.rating, ${china('s.submitted_at')} as "submittedAt", ${china('s.replied_at')} as "repliedAt"
    from suggestions s
    join tenants t on t.id = s.tenant_id
    left join suggestion_sessions se on se.tenant_id = s.tenant_id and se.id = s.session_id
    left join suggestion_categories c on c.id = s.category_id
    left join users u on u.id = s.created_by
    where s.id = any(${`{${ids.join(',')}}`}::uuid[])`));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}
