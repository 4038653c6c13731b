import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, type DatabaseHandle } from '@renda/db';

/**
 * Spread `perTenant` memberships (with their people) and audit rows over every tenant of the
 * demo province, in SQL, as the owner. Returns the totals.
 */
export async function generateMemberships(owner: DatabaseHandle, perTenant: number) {
  return asOwner(owner, async (tx) => {
    await tx.execute(sql`
      insert into users (id, username, display_name, password_hash)
      select gen_random_uuid(), 'bench.' || t.code || '.' || g, '代表' || g, 'x'
      from tenants t, generate_series(1, ${perTenant}) g`);
    await tx.execute(sql`
      insert into memberships (tenant_id, tenant_path, user_id, roles, activated_at, last_active_at)
      select t.id, t.path, u.id, array['deputy'],
        case when random() < 0.8 then now() end, case when random() < 0.5 then now() - random() * interval '60 days' end
      from users u join tenants t on u.username like 'bench.' || t.code || '.%' and split_part(u.username, '.', 2) = t.code`);
    await tx.execute(sql`
      insert into audit_log (tenant_id, tenant_path, action, subject_type, detail)
      select m.tenant_id, m.tenant_path, 'membership.create', 'Membership', '{}'::jsonb from memberships m`);
    await tx.execute(sql`analyze`);
    const [{ n }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from memberships`));
    return n;
  });
}
