import { eq, sql } from 'drizzle-orm';
import { users, withContext } from '@renda/db';
import { modules } from '@renda/features';
import { packedRulesFor } from '@renda/policy';
import type { Ctx } from '../../platform/context.ts';
import { abilityFor } from '../../platform/context.ts';
import { membershipsOf } from '../auth/sessions.ts';

const STAFF_ROLES = ['platform_admin', 'tenant_admin', 'staff'];

/**
 * Who the person is, where they sit, which tier is active and what they may see there. Read
 * fresh from the database (not the session cache) because it follows a login or a switch.
 */
export async function buildMe(c: Ctx, who: { userId: string; sessionId: string; activeMembershipId: string | null }) {
  const deps = c.get('deps');
  const { user, all, active } = await withContext(deps.handle, { userId: who.userId, sessionId: who.sessionId }, async (tx) => {
    const [user] = await tx
      .select({ id: users.id, username: users.username, displayName: users.displayName, totpEnabledAt: users.totpEnabledAt, phoneMasked: sql<string | null>`masked_phone(${users.id})` })
      .from(users).where(eq(users.id, who.userId));
    const all = await membershipsOf(tx, who.userId);
    const active = all.find((m) => m.id === who.activeMembershipId) ?? all[0] ?? null;
    return { user, all, active };
  });
  // Resolved after the transaction: the flag service may read the database itself.
  const flags = active ? await deps.flags.resolve(active.tenantPath) : null;
  const ability = abilityFor(who.userId, active);
  return {
    user: { id: user.id, username: user.username, displayName: user.displayName, phoneMasked: user.phoneMasked, totpEnabled: user.totpEnabledAt !== null },
    memberships: all.map((m) => ({
      id: m.id, tenantId: m.tenantId, roles: m.roles,
      tenant: { id: m.tenantId, code: m.tenantCode, name: m.tenantName, level: m.tenantLevel, path: m.tenantPath },
    })),
    activeMembershipId: active?.id ?? null,
    tenant: active ? { id: active.tenantId, code: active.tenantCode, name: active.tenantName, level: active.tenantLevel, path: active.tenantPath, requireTotp: active.requireTotp } : null,
    roles: active?.roles ?? [],
    modules: modules.map((m) => ({ key: m.key, name: m.name, enabled: flags?.[m.key]?.enabled ?? false, route: m.route })),
    rules: packedRulesFor(ability),
    totpSetupRequired: !!active && active.requireTotp && active.roles.some((r) => STAFF_ROLES.includes(r)) && user.totpEnabledAt === null,
  };
}
