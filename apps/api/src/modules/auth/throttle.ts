import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Shared } from '../../platform/shared.ts';
import { Problem } from '../../platform/problem.ts';

/**
 * Failed-login throttling, kept in Redis so every API instance counts together: an account is
 * locked for 15 minutes after 5 failures, and one address after 30 failures across accounts
 * (a guessing script), so one attacker can neither brute-force nor lock out a whole county.
 */
export interface LoginThrottle {
  check(account: string, ip: string): Promise<void>;
  fail(account: string, ip: string): Promise<void>;
  succeed(account: string): Promise<void>;
}

export function createLoginThrottle(shared: Shared): LoginThrottle {
  const perAccount = shared.limiter({ keyPrefix: 'login:acct', points: 5, duration: 15 * 60, blockDuration: 15 * 60 });
  const perIp = shared.limiter({ keyPrefix: 'login:ip', points: 30, duration: 15 * 60, blockDuration: 15 * 60 });
  const blocked = async (limiter: RateLimiterAbstract, key: string, points: number) => {
    const res = await limiter.get(key);
    return res && res.consumedPoints >= points ? Math.ceil(res.msBeforeNext / 1000) : 0;
  };
  return {
    async check(account, ip) {
      const wait = Math.max(await blocked(perAccount, account.toLowerCase(), 5), await blocked(perIp, ip, 30));
      if (wait > 0) throw new Problem(429, 'too-many-attempts', 'auth.tooManyAttempts', { minutes: Math.ceil(wait / 60) }, { headers: { 'Retry-After': String(wait) } });
    },
    async fail(account, ip) {
      await Promise.all([perAccount.penalty(account.toLowerCase(), 1), perIp.penalty(ip, 1)]);
      const wait = await blocked(perAccount, account.toLowerCase(), 5);
      if (wait > 0) await perAccount.block(account.toLowerCase(), 15 * 60);
      const ipWait = await blocked(perIp, ip, 30);
      if (ipWait > 0) await perIp.block(ip, 15 * 60);
    },
    async succeed(account) {
      await perAccount.delete(account.toLowerCase());
    },
  };
}
