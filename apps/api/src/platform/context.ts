import type { Context } from 'hono';
import { auditLog, withContext, type RequestContext, type Tx } from '@renda/db';
import { defineAbilityFor, type Action, type Subject } from '@renda/policy';
import type { ActiveMembership, AppEnv, Auth } from './env-types.ts';
import { Problem, forbidden, unauthenticated } from './problem.ts';

export type Ctx = Context<AppEnv>;

/** The signed-in person with an active membership, or a 401/403 problem. */
export function requireAuth(c: Ctx): Auth & { membership: ActiveMembership } {
  const auth = c.get('auth');
  if (!auth) throw unauthenticated();
  if (!auth.membership) throw new Problem(403, 'forbidden', 'problem.noMembership');
  return auth as Auth & { membership: ActiveMembership };
}

/** The database settings of the active membership. */
export function contextOf(auth: Auth): RequestContext {
  return {
    tenantId: auth.membership?.tenantId ?? null,
    scopePath: auth.membership?.tenantPath ?? null,
    userId: auth.userId,
    platform: auth.membership?.roles.includes('platform_admin') ?? false,
    sessionId: auth.sessionId,
    principal: `user:${auth.userId}`,
  };
}

/**
 * One transaction under the caller's tenant settings; every query of a request goes through it.
 * @example const units = await tenantTx(c, (tx) => listUnits(tx));
 */
export function tenantTx<T>(c: Ctx, fn: (tx: Tx, auth: Auth & { membership: ActiveMembership }) => Promise<T>): Promise<T> {
  const auth = requireAuth(c);
  return withContext(c.get('deps').handle, contextOf(auth), (tx) => fn(tx, auth));
}

/** Throw 403 unless the active membership may do `action` on `subject`. */
export function authorize(c: Ctx, action: Action, subject: Subject | Record<string, unknown>, field?: string): void {
  const auth = requireAuth(c);
  if (!auth.ability.can(action, subject as never, field)) throw forbidden();
}

export function abilityFor(userId: string, membership: ActiveMembership | null) {
  return defineAbilityFor({ userId, tenantId: membership?.tenantId ?? '', roles: membership?.roles ?? [] });
}

export interface AuditEntry {
  action: string;
  subjectType: string;
  subjectId?: string | null;
  detail?: Record<string, unknown>;
  /** Defaults to the active tenant; the provincial team may write in its subtree. */
  tenantId?: string;
  /** For writes before a session exists (login): who acted, in which membership. */
  actor?: { userId: string; membershipId: string | null };
}

/** Append to the audit log inside the transaction of the change it records. */
export async function audit(tx: Tx, c: Ctx, entry: AuditEntry): Promise<void> {
  const auth = c.get('auth');
  const tenantId = entry.tenantId ?? auth?.membership?.tenantId;
  // Every write happens in a tenant; an entry without one is a programming error, not a no-op.
  if (!tenantId) throw new Error(`audit entry ${entry.action} has no tenant`);
  await tx.insert(auditLog).values({
    tenantId,
    tenantPath: '', // filled by the trigger from tenant_id
    userId: entry.actor?.userId ?? auth?.userId ?? null,
    membershipId: entry.actor ? entry.actor.membershipId : (auth?.membership?.id ?? null),
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    requestId: c.get('requestId') ?? null,
    detail: entry.detail ?? null,
  });
}
