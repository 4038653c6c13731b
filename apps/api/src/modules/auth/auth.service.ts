import { and, eq, sql } from 'drizzle-orm';
import { rowsOf, sessions, users, withContext, type Tx } from '@renda/db';
import { dummyVerify, generateTotpSecret, hashPassword, passwordProblem, totpUri, verifyPassword, verifyTotp } from '@renda/auth';
import { DEMO_PASSWORD } from '@renda/config';
import QRCode from 'qrcode';
import { demoAccounts } from '../tenants/demo.ts';
import { audit, requireAuth, type Ctx } from '../../platform/context.ts';
import { Problem, notFound } from '../../platform/problem.ts';
import type { LoginThrottle } from './throttle.ts';
import { clientIp, endSessionCookie, forgetSessions, forgetSessionsOfUser, markActive, membershipsOf, revokeOtherSessions, startSession } from './sessions.ts';

const invalidCredentials = () => new Problem(401, 'invalid-credentials', 'auth.invalidCredentials');

interface LoginRow { user_id: string; password_hash: string; status: string; totp_enabled: boolean }

/** Verify a login and open a session; returns the new session id and user id. */
export async function login(c: Ctx, throttle: LoginThrottle, input: { login: string; password: string; totpCode?: string }) {
  const deps = c.get('deps');
  const ip = clientIp(c);
  await throttle.check(input.login, ip);
  const [row] = await withContext(deps.handle, {}, async (tx) =>
    rowsOf<LoginRow>(await tx.execute(sql`select * from auth_find_login(${input.login})`)));
  if (!row) {
    await dummyVerify(input.password);
    await throttle.fail(input.login, ip);
    throw invalidCredentials();
  }
  if (!(await verifyPassword(row.password_hash, input.password)) || row.status !== 'active') {
    await throttle.fail(input.login, ip);
    throw invalidCredentials();
  }
  // In production neither the demo password nor the demo accounts open a session.
  if (!deps.demo && (input.password === DEMO_PASSWORD || demoAccounts.some((a) => a.username === input.login.toLowerCase() || a.phone === input.login))) {
    throw new Problem(401, 'invalid-credentials', 'auth.demoPasswordRefused');
  }
  return withContext(deps.handle, { userId: row.user_id }, async (tx) => {
    if (row.totp_enabled) {
      if (!input.totpCode) throw new Problem(401, 'totp-required', 'auth.totpRequired');
      const [u] = await tx.select({ secret: users.totpSecret }).from(users).where(eq(users.id, row.user_id));
      if (!u?.secret || !verifyTotp(u.secret, input.totpCode)) {
        await throttle.fail(input.login, ip);
        throw new Problem(401, 'invalid-credentials', 'auth.totpInvalid');
      }
    }
    await throttle.succeed(input.login);
    const all = await membershipsOf(tx, row.user_id);
    const sessionId = await startSession(c, tx, row.user_id, all[0]?.id ?? null, row.totp_enabled);
    return { sessionId, userId: row.user_id, membership: all[0] ?? null };
  }).then(async (result) => {
    // Recorded in the tenant of the active membership, whose policies allow the write.
    const m = result.membership;
    if (m) {
      await withContext(deps.handle, { userId: result.userId, tenantId: m.tenantId, scopePath: m.tenantPath }, async (tx) => {
        await markActive(tx, m.id);
        await audit(tx, c, { action: 'session.create', subjectType: 'Session', subjectId: result.sessionId, tenantId: m.tenantId, actor: { userId: result.userId, membershipId: m.id } });
      });
    }
    return result;
  });
}

/** End the current session. */
export async function logout(c: Ctx) {
  const auth = c.get('auth');
  endSessionCookie(c);
  if (!auth) return;
  const deps = c.get('deps');
  await withContext(deps.handle, { userId: auth.userId, sessionId: auth.sessionId }, (tx) =>
    tx.delete(sessions).where(eq(sessions.id, auth.sessionId)));
  await forgetSessions(deps, [auth.sessionId]);
}

/** Make another of the person's memberships the active one. */
export async function switchMembership(c: Ctx, membershipId: string) {
  const auth = c.get('auth');
  if (!auth) throw new Problem(401, 'unauthenticated', 'problem.unauthenticated');
  const deps = c.get('deps');
  await withContext(deps.handle, { userId: auth.userId, sessionId: auth.sessionId }, async (tx) => {
    const all = await membershipsOf(tx, auth.userId);
    const target = all.find((m) => m.id === membershipId);
    if (!target) throw notFound('auth.membershipNotFound');
    await tx.update(sessions).set({ activeMembershipId: membershipId }).where(eq(sessions.id, auth.sessionId));
    return target;
  }).then((target) => withContext(deps.handle, { userId: auth.userId, tenantId: target.tenantId, scopePath: target.tenantPath }, async (tx) => {
    await markActive(tx, target.id);
    await audit(tx, c, { action: 'session.switch', subjectType: 'Membership', subjectId: target.id, tenantId: target.tenantId, actor: { userId: auth.userId, membershipId: target.id } });
  }));
  await forgetSessions(deps, [auth.sessionId]);
}

export async function listOwnSessions(c: Ctx) {
  const auth = c.get('auth');
  if (!auth) throw new Problem(401, 'unauthenticated', 'problem.unauthenticated');
  const rows = await withContext(c.get('deps').handle, { userId: auth.userId }, (tx) =>
    tx.select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, ip: sessions.ip, userAgent: sessions.userAgent })
      .from(sessions).where(eq(sessions.userId, auth.userId)).orderBy(sql`${sessions.lastSeenAt} desc`));
  return rows.map((r) => ({ ...r, current: r.id === auth.sessionId }));
}

export async function revokeSession(c: Ctx, id: string) {
  const auth = requireAuth(c);
  const deps = c.get('deps');
  await withContext(deps.handle, { userId: auth.userId, tenantId: auth.membership.tenantId, scopePath: auth.membership.tenantPath }, async (tx) => {
    const gone = await tx.delete(sessions).where(and(eq(sessions.id, id), eq(sessions.userId, auth.userId))).returning({ id: sessions.id });
    if (!gone.length) throw notFound('auth.sessionNotFound');
    await audit(tx, c, { action: 'session.revoke', subjectType: 'Session', subjectId: id });
  });
  await forgetSessions(deps, [id]);
}

/** Change the password; every other session of the person ends. */
export async function changePassword(c: Ctx, input: { currentPassword: string; newPassword: string }) {
  const auth = requireAuth(c);
  const deps = c.get('deps');
  await withOwnTx(c, async (tx) => {
    const [u] = await tx.select({ hash: users.passwordHash, username: users.username }).from(users).where(eq(users.id, auth.userId));
    if (!u || !(await verifyPassword(u.hash, input.currentPassword))) throw new Problem(422, 'validation', 'auth.currentPasswordWrong', {}, { errors: [{ path: 'currentPassword', message: '' }] });
    const problem = passwordProblem(input.newPassword, { username: u.username, demoPassword: DEMO_PASSWORD, production: !deps.demo });
    if (problem) throw new Problem(422, 'validation', `password.${problem}` as never, {}, { errors: [{ path: 'newPassword', message: '' }] });
    await tx.update(users).set({ passwordHash: await hashPassword(input.newPassword), passwordChangedAt: new Date() }).where(eq(users.id, auth.userId));
    await revokeOtherSessions(deps, tx, auth.userId, auth.sessionId);
    await audit(tx, c, { action: 'user.password_change', subjectType: 'User', subjectId: auth.userId });
  });
}

/** Start TOTP enrolment: a new pending secret, shown once as a QR code. */
export async function setupTotp(c: Ctx) {
  const auth = requireAuth(c);
  const secret = generateTotpSecret();
  await withOwnTx(c, async (tx) => {
    const [u] = await tx.select({ enabled: users.totpEnabledAt }).from(users).where(eq(users.id, auth.userId));
    if (u?.enabled) throw new Problem(409, 'conflict', 'totp.alreadyEnabled');
    await tx.update(users).set({ totpSecret: secret }).where(eq(users.id, auth.userId));
  });
  const uri = totpUri(secret, 'Renda', auth.username);
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  return { secret, uri, qrSvg };
}

export async function confirmTotp(c: Ctx, code: string) {
  const auth = requireAuth(c);
  await withOwnTx(c, async (tx) => {
    const [u] = await tx.select({ secret: users.totpSecret, enabled: users.totpEnabledAt }).from(users).where(eq(users.id, auth.userId));
    if (!u?.secret) throw new Problem(409, 'conflict', 'totp.notStarted');
    if (u.enabled) throw new Problem(409, 'conflict', 'totp.alreadyEnabled');
    if (!verifyTotp(u.secret, code)) throw new Problem(422, 'validation', 'auth.totpInvalid', {}, { errors: [{ path: 'code', message: '' }] });
    await tx.update(users).set({ totpEnabledAt: new Date() }).where(eq(users.id, auth.userId));
    await tx.update(sessions).set({ totpVerified: true }).where(eq(sessions.id, auth.sessionId));
    await audit(tx, c, { action: 'user.totp_enable', subjectType: 'User', subjectId: auth.userId });
    await forgetSessionsOfUser(c.get('deps'), tx, auth.userId);
  });
}

export async function disableTotp(c: Ctx, code: string) {
  const auth = requireAuth(c);
  await withOwnTx(c, async (tx) => {
    const all = await membershipsOf(tx, auth.userId);
    if (all.some((m) => m.requireTotp && m.roles.some((r) => ['platform_admin', 'tenant_admin', 'staff'].includes(r)))) {
      throw new Problem(409, 'conflict', 'totp.requiredByTenant');
    }
    const [u] = await tx.select({ secret: users.totpSecret, enabled: users.totpEnabledAt }).from(users).where(eq(users.id, auth.userId));
    if (!u?.enabled || !u.secret) throw new Problem(409, 'conflict', 'totp.notEnabled');
    if (!verifyTotp(u.secret, code)) throw new Problem(422, 'validation', 'auth.totpInvalid', {}, { errors: [{ path: 'code', message: '' }] });
    await tx.update(users).set({ totpEnabledAt: null, totpSecret: null }).where(eq(users.id, auth.userId));
    await audit(tx, c, { action: 'user.totp_disable', subjectType: 'User', subjectId: auth.userId });
    await forgetSessionsOfUser(c.get('deps'), tx, auth.userId);
  });
}

/** A transaction for changes to the person's own account, audited in the active tenant. */
function withOwnTx<T>(c: Ctx, fn: (tx: Tx) => Promise<T>) {
  const auth = requireAuth(c);
  return withContext(c.get('deps').handle, {
    userId: auth.userId, sessionId: auth.sessionId, tenantId: auth.membership.tenantId, scopePath: auth.membership.tenantPath,
  }, fn);
}

