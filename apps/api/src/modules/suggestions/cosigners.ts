import { sql } from 'drizzle-orm';
import * as v from 'valibot';
import { rowsOf } from '@renda/db';
import { subjectOf } from '@renda/policy';
import { requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { forbidden } from '../../platform/problem.ts';

/** `?q=&limit=`: a name to look for and how many to answer (20 by default). */
export const CosignerQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(40)), ''),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(50)), '20'),
});
export type CosignerQuery = v.InferOutput<typeof CosignerQuery>;

export interface Cosigner {
  userId: string;
  deputyId: string;
  displayName: string;
  groupName: string | null;
}

/**
 * The serving deputies of the active congress a lead author may invite as co-authors or
 * co-signers: names and delegation groups only (no phones, no other fields of the registry,
 * which a deputy does not read). For whoever may draft (deputies) or review (staff).
 */
export async function listCosigners(c: Ctx, query: CosignerQuery): Promise<{ items: Cosigner[] }> {
  const auth = requireAuth(c);
  const { tenantId } = auth.membership;
  const may = auth.ability.can('create', subjectOf('Suggestion', { tenantId })) || auth.ability.can('review', subjectOf('Suggestion', { tenantId }));
  if (!may) throw forbidden();
  const like = `%${query.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const items = await tenantTx(c, async (tx) => rowsOf<Cosigner>(await tx.execute(sql`
    select distinct on (u.display_name, d.user_id) d.user_id as "userId", d.id as "deputyId", u.display_name as "displayName", g.name as "groupName"
    from deputies d
    join users u on u.id = d.user_id
    left join delegation_groups g on g.tenant_id = d.tenant_id and g.id = d.group_id
    where d.tenant_id = ${tenantId} and d.status = 'serving' and (${query.q} = '' or u.display_name like ${like})
    order by u.display_name, d.user_id, d.created_at desc
    limit ${query.limit}`)));
  return { items };
}
