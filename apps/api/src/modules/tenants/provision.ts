import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import { provinceTree } from '@renda/db/divisions';
import { seedBuiltinScenarios } from '../cases/builtin.ts';
import { seedHolidays } from '../cases/holidays.ts';
import { seedDefaultCategories } from '../suggestions/categories.seed.ts';

const levels = ['province', 'city', 'county', 'township'] as const;

/**
 * Create every congress of the official division list under `rootCode` (a province, or any
 * tenant inside one), parents before children. Existing tenants are kept, so running it again
 * only fills what is missing. Returns the number of tenants created.
 *
 * As the owner it can create a whole province; as the app role, the policies let the provincial
 * team fill only its own subtree.
 * @example await provisionTree(tx, '32') // 808 tenants for Jiangsu
 */
export async function provisionTree(tx: Tx, rootCode: string): Promise<number> {
  const all = provinceTree(rootCode.slice(0, 2));
  const root = all.find((n) => n.code === rootCode);
  if (!root) throw new Error(`division ${rootCode} has no congress in the official list`);
  const nodes = all.filter((n) => n.path === root.path || n.path.startsWith(root.path + '.'));
  let created = 0;
  // One statement per level: a child's parent must be committed to the statement's snapshot.
  for (const level of levels) {
    const batch = nodes.filter((n) => n.level === level).map((n) => ({ code: n.code, name: n.name, level: n.level, path: n.path, parent: n.parentCode }));
    if (!batch.length) continue;
    const rows = rowsOf<{ id: string }>(await tx.execute(sql`
      insert into tenants (code, name, level, path, parent_id)
      select n.code, n.name, n.level, n.path::ltree, p.id
      from json_to_recordset(${JSON.stringify(batch)}::json) as n(code text, name text, level text, path text, parent text)
        left join tenants p on p.code = n.parent
      on conflict do nothing
      returning id`));
    created += rows.length;
    // A new province starts with the built-in case scenarios (shared down), the national holidays
    // and the default category tree of motions and suggestions (read by every congress below).
    if (level === 'province') {
      for (const { id } of rows) {
        await seedBuiltinScenarios(tx, id);
        await seedHolidays(tx, id);
        await seedDefaultCategories(tx, id);
      }
    }
  }
  return created;
}
