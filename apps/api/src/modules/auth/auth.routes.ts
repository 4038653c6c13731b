import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { LoginRequest, PasswordChange, SwitchRequest, TotpCode } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { buildMe } from '../me/me.service.ts';
import * as auth from './auth.service.ts';
import type { LoginThrottle } from './throttle.ts';

export function authRoutes(throttle: LoginThrottle) {
  const app = new Hono<AppEnv>();

  // POST /api/v1/auth/login — verify a login (username or phone) and set the session cookie
  app.post('/login', describeRoute({ tags: ['auth'], summary: 'Log in' }), input('json', LoginRequest), async (c) => {
    const result = await auth.login(c, throttle, c.req.valid('json'));
    return c.json(await buildMe(c, { userId: result.userId, sessionId: result.sessionId, activeMembershipId: result.membership?.id ?? null }));
  });

  // POST /api/v1/auth/logout — end the current session
  app.post('/logout', describeRoute({ tags: ['auth'], summary: 'Log out' }), async (c) => {
    await auth.logout(c);
    return c.body(null, 204);
  });

  // POST /api/v1/auth/switch — make another membership the active one
  app.post('/switch', describeRoute({ tags: ['auth'], summary: 'Switch the active tier' }), input('json', SwitchRequest), async (c) => {
    const { membershipId } = c.req.valid('json');
    await auth.switchMembership(c, membershipId);
    const who = c.get('auth')!;
    return c.json(await buildMe(c, { userId: who.userId, sessionId: who.sessionId, activeMembershipId: membershipId }));
  });

  // GET /api/v1/auth/sessions — the person's own sessions
  app.get('/sessions', describeRoute({ tags: ['auth'], summary: 'List own sessions' }), async (c) => c.json({ items: await auth.listOwnSessions(c) }));

  // DELETE /api/v1/auth/sessions/:id — revoke one of the person's sessions
  app.delete('/sessions/:id', describeRoute({ tags: ['auth'], summary: 'Revoke a session' }), async (c) => {
    await auth.revokeSession(c, c.req.param('id'));
    return c.body(null, 204);
  });

  // POST /api/v1/auth/password — change the password; other sessions end
  app.post('/password', describeRoute({ tags: ['auth'], summary: 'Change password' }), input('json', PasswordChange), async (c) => {
    await auth.changePassword(c, c.req.valid('json'));
    return c.body(null, 204);
  });

  // POST /api/v1/auth/totp/setup — start TOTP enrolment
  app.post('/totp/setup', describeRoute({ tags: ['auth'], summary: 'Start TOTP enrolment' }), async (c) => c.json(await auth.setupTotp(c)));

  // POST /api/v1/auth/totp/confirm — finish TOTP enrolment with a code
  app.post('/totp/confirm', describeRoute({ tags: ['auth'], summary: 'Confirm TOTP' }), input('json', TotpCode), async (c) => {
    await auth.confirmTotp(c, c.req.valid('json').code);
    return c.body(null, 204);
  });

  // POST /api/v1/auth/totp/disable — turn TOTP off with a current code
  app.post('/totp/disable', describeRoute({ tags: ['auth'], summary: 'Disable TOTP' }), input('json', TotpCode), async (c) => {
    await auth.disableTotp(c, c.req.valid('json').code);
    return c.body(null, 204);
  });

  return app;
}
