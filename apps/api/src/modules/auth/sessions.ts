import { and, eq, ne, sql } from 'drizzle-orm';
import { getCookie, setCookie, deleteCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { memberships, sessions, tenants, users, withContext, type Tx } from '@renda/db';
import { SESSION_LIFETIME_MS, SESSION_RENEW_MS, generateSessionToken, parseSessionToken, verifySecret } from '@renda/auth';
import type { ActiveMembership, AppEnv, Deps } from '../../platform/env-types.ts';
import { abilityFor, type Ctx } from '../../platform/context.ts';

export const SESSION_COOKIE = 'renda_session';
const CACHE_TTL_S = 60;
const TOUCH_EVERY_MS = 5 * 60 * 1000;
const STAFF_ROLES = ['platform_admin', 'tenant_admin', 'staff'];

/** What a request needs to know about its session, cached in Redis for a minute. */
interface SessionState {
  userId: string;
  username: string;
  secretHash: string;
  expiresAt: number;
  lastSeenAt: number;
  totpVerified: boolean;
  userHasTotp: boolean;
  membership: ActiveMembership | null;
}

const cacheKey = (id: string) => `sess:${id}`;

/** Memberships of a person joined with their tenants, newest tier first (province before township). */
export async function membershipsOf(tx: Tx, userId: string) {
  const rows = await tx
    .select({
      id: memberships.id, tenantId: memberships.tenantId, tenantPath: memberships.tenantPath, roles: memberships.roles,
      tenantCode: tenants.code, tenantName: tenants.name, tenantLevel: tenants.level, requireTotp: tenants.requireTotp,
    })
    .from(memberships)
    .innerJoin(tenants, eq(tenants.id, memberships.tenantId))
    .where(and(eq(memberships.userId, userId), eq(memberships.status, 'active'), eq(tenants.status, 'active')))
    .orderBy(sql`nlevel(${memberships.tenantPath})`, tenants.code);
  return rows as ActiveMembership[];
}

async function readState(deps: Deps, id: string): Promise<SessionState | null> {
  const cached = await deps.shared.get(cacheKey(id));
  if (cached) return JSON.parse(cached) as SessionState;
  // Two transactions one after the other: the session row is visible only by its id until the
  // person is known. Never nested: the embedded database has a single connection.
  const [s] = await withContext(deps.handle, { sessionId: id }, (tx) => tx.select().from(sessions).where(eq(sessions.id, id)));
  if (!s) return null;
  const state = await withContext(deps.handle, { userId: s.userId, sessionId: id }, async (tx) => {
    const [u] = await tx.select({ username: users.username, totp: users.totpEnabledAt, status: users.status }).from(users).where(eq(users.id, s.userId));
    if (!u || u.status !== 'active') return null;
    const all = await membershipsOf(tx, s.userId);
    const membership = all.find((m) => m.id === s.activeMembershipId) ?? all[0] ?? null;
    return {
      userId: s.userId, username: u.username, secretHash: Buffer.from(s.secretHash).toString('hex'),
      expiresAt: s.expiresAt.getTime(), lastSeenAt: s.lastSeenAt.getTime(), totpVerified: s.totpVerified,
      userHasTotp: u.totp !== null, membership,
    } satisfies SessionState;
  });
  if (state) await deps.shared.set(cacheKey(id), JSON.stringify(state), CACHE_TTL_S);
  return state;
}

/** Drop cached state so the next request reads the database (after a switch, revoke or change). */
export async function forgetSessions(deps: Deps, ids: string[]): Promise<void> {
  await deps.shared.del(...ids.map(cacheKey));
}

/** Forget every cached session of a person (roles or TOTP changed). */
export async function forgetSessionsOfUser(deps: Deps, tx: Tx, userId: string): Promise<void> {
  const rows = await tx.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, userId));
  await forgetSessions(deps, rows.map((r) => r.id));
}

/** Mark a membership as used now (registration and activity rates). */
export async function markActive(tx: Tx, membershipId: string) {
  await tx.execute(sql`update memberships set last_active_at = now(), activated_at = coalesce(activated_at, now()) where id = ${membershipId}`);
}

/** Create a session row for a verified person and set the cookie. */
export async function startSession(c: Ctx, tx: Tx, userId: string, membershipId: string | null, totpVerified: boolean) {
  const token = generateSessionToken();
  const expiresAt = new Date(Date.now() + SESSION_LIFETIME_MS);
  await tx.insert(sessions).values({
    id: token.id, secretHash: token.secretHash, userId, activeMembershipId: membershipId, totpVerified, expiresAt,
    ip: clientIp(c), userAgent: (c.req.header('user-agent') ?? '').slice(0, 300),
  });
  setCookie(c, SESSION_COOKIE, token.token, {
    httpOnly: true, sameSite: 'Lax', path: '/', secure: c.get('deps').secureCookies, expires: expiresAt,
  });
  return token.id;
}

export function endSessionCookie(c: Ctx) {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** Revoke every session of a person except `keep`. */
export async function revokeOtherSessions(deps: Deps, tx: Tx, userId: string, keep: string | null) {
  const where = keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId);
  const gone = await tx.delete(sessions).where(where).returning({ id: sessions.id });
  await forgetSessions(deps, gone.map((g) => g.id));
}

export function clientIp(c: Ctx): string {
  // Behind the load balancer the first X-Forwarded-For hop is the client; infra sets it.
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return forwarded || incoming || '127.0.0.1';
}

/** Slide the expiry and record activity, at most every few minutes per session. */
async function touch(deps: Deps, id: string, state: SessionState) {
  const now = Date.now();
  if (now - state.lastSeenAt < TOUCH_EVERY_MS && state.expiresAt - now > SESSION_LIFETIME_MS - SESSION_RENEW_MS) return;
  const expiresAt = state.expiresAt - now < SESSION_LIFETIME_MS - SESSION_RENEW_MS ? now + SESSION_LIFETIME_MS : state.expiresAt;
  const m = state.membership;
  await withContext(deps.handle, { sessionId: id, userId: state.userId, tenantId: m?.tenantId, scopePath: m?.tenantPath }, async (tx) => {
    await tx.update(sessions).set({ lastSeenAt: new Date(now), expiresAt: new Date(expiresAt) }).where(eq(sessions.id, id));
    if (m) await markActive(tx, m.id);
  });
  await deps.shared.set(cacheKey(id), JSON.stringify({ ...state, lastSeenAt: now, expiresAt }), CACHE_TTL_S);
}

/** Reads the session cookie; sets `auth` to the person or null. Never rejects by itself. */
export const sessionMiddleware = createMiddleware<AppEnv>(async (c, next) => {
  c.set('auth', null);
  const raw = getCookie(c, SESSION_COOKIE);
  const token = parseSessionToken(raw);
  if (token) {
    const deps = c.get('deps');
    const state = await readState(deps, token.id);
    if (state && state.expiresAt > Date.now() && verifySecret(token.secret, Buffer.from(state.secretHash, 'hex'))) {
      await touch(deps, token.id, state);
      const m = state.membership;
      const needsTotp = !!m && m.requireTotp && m.roles.some((r) => STAFF_ROLES.includes(r)) && !state.userHasTotp;
      c.set('auth', {
        sessionId: token.id, userId: state.userId, username: state.username, userHasTotp: state.userHasTotp,
        membership: m, ability: abilityFor(state.userId, m), totpSetupRequired: needsTotp,
      });
    } else {
      endSessionCookie(c);
    }
  } else if (raw) {
    endSessionCookie(c);
  }
  await next();
});

