import { createMiddleware } from 'hono/factory';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { AppEnv } from '../../platform/env-types.ts';
import type { MessageKey } from '../../platform/i18n.ts';
import { Problem } from '../../platform/problem.ts';
import type { LimiterOptions, Shared } from '../../platform/shared.ts';
import { clientIp } from '../auth/sessions.ts';

/**
 * The public case routes' limits. Counts live in Redis, so every API instance counts together;
 * each limit is a named budget of points per window.
 */
export const publicLimits = {
  /** Any request to the public case routes, per address and minute (reads included). */
  requests: { keyPrefix: 'public:cases:req', points: 120, duration: 60 },
  /** One-time codes asked for by one address per hour. */
  otpPerIp: { keyPrefix: 'public:cases:otp-ip', points: 20, duration: 3600 },
  /** One code per phone per minute. */
  otpPerPhone: { keyPrefix: 'public:cases:otp-phone', points: 1, duration: 60 },
  /** Wrong guesses at one code: the fifth kills it. */
  otpTries: { keyPrefix: 'public:cases:otp-tries', points: 5, duration: 300 },
  /** Photos uploaded by one address per hour. */
  uploadsPerIp: { keyPrefix: 'public:cases:upload-ip', points: 60, duration: 3600 },
  /** Submissions from one address per hour (a village office behind one address submits for many). */
  submitPerIp: { keyPrefix: 'public:cases:submit-ip', points: 30, duration: 3600 },
  /** Integration calls per key and minute. */
  integration: { keyPrefix: 'integration:cases', points: 120, duration: 60 },
} satisfies Record<string, LimiterOptions>;

// One limiter per Redis connection and budget, made on first use. The per-phone submission
// budget comes from each congress's module configuration, so its points are part of the name.
const limiters = new WeakMap<Shared, Map<string, RateLimiterAbstract>>();

export function limiterFor(shared: Shared, options: LimiterOptions): RateLimiterAbstract {
  let own = limiters.get(shared);
  if (!own) limiters.set(shared, (own = new Map()));
  const name = `${options.keyPrefix}:${options.points}:${options.duration}`;
  let limiter = own.get(name);
  if (!limiter) own.set(name, (limiter = shared.limiter(options)));
  return limiter;
}

/** 429 `too-many-attempts` with Retry-After, from a rejection of rate-limiter-flexible. */
export function tooMany(rejection: unknown, fallbackSeconds: number, key: MessageKey = 'publicCase.tooMany'): Problem {
  const wait = Math.max(1, Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? fallbackSeconds * 1000) / 1000));
  return new Problem(429, 'too-many-attempts', key, { seconds: wait }, { headers: { 'Retry-After': String(wait) } });
}

/**
 * Spend one point of `options` for `key`, or throw 429. A rejection that is an Error is Redis
 * failing, which must surface as such rather than pass as a limit.
 * @example await spend(deps.shared, publicLimits.otpPerPhone, phone);
 */
export async function spend(shared: Shared, options: LimiterOptions, key: string, message?: MessageKey): Promise<void> {
  try {
    await limiterFor(shared, options).consume(key);
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    throw tooMany(rejection, options.duration, message);
  }
}

/** Per-address budget of every public case route. */
export const publicCaseRateLimit = createMiddleware<AppEnv>(async (c, next) => {
  await spend(c.get('deps').shared, publicLimits.requests, clientIp(c));
  await next();
});
