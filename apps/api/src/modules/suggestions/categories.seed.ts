import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';

/** The default category tree every province starts with (its congresses file under it and add their own). */
export const defaultCategories: readonly (readonly [string, readonly string[]])[] = [
  ['经济发展', []],
  ['城乡建设', ['老旧小区改造', '交通出行', '住房保障']],
  ['生态环境', ['水资源保护', '大气污染治理', '垃圾分类']],
  ['教育', []],
  ['医疗卫生', []],
  ['社会保障', []],
  ['农业农村', []],
  ['民主法治', []],
  ['其他', []],
];

/**
 * Seed the default category tree of a new province (as the owner, or the provincial team in its
 * own congress). Categories already there by name are kept, so running it again adds nothing.
 * @example await seedDefaultCategories(tx, provinceId)
 */
export async function seedDefaultCategories(tx: Tx, tenantId: string): Promise<void> {
  for (const [position, [name, children]] of defaultCategories.entries()) {
    const [root] = rowsOf<{ id: string }>(await tx.execute(sql`
      with found as (select id from suggestion_categories where tenant_id = ${tenantId} and parent_id is null and name = ${name}),
      made as (insert into suggestion_categories (tenant_id, tenant_path, parent_id, name, position)
        select ${tenantId}, '', null, ${name}, ${position * 10} where not exists (select 1 from found) returning id)
      select id from found union all select id from made`));
    for (const [i, child] of children.entries()) {
      await tx.execute(sql`insert into suggestion_categories (tenant_id, tenant_path, parent_id, name, position)
        select ${tenantId}, '', ${root.id}::uuid, ${child}, ${i * 10}
        where not exists (select 1 from suggestion_categories where tenant_id = ${tenantId} and parent_id = ${root.id} and name = ${child})`);
    }
  }
}
