import { createHash, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Ctx } from '../../platform/context.ts';
import type { Deps } from '../../platform/env-types.ts';
import { t } from '../../platform/i18n.ts';
import { Problem } from '../../platform/problem.ts';
import { clientIp } from '../auth/sessions.ts';
import { limiterFor, publicLimits, spend } from './public.limit.ts';

/** How long a one-time code lives, in seconds. */
export const OTP_TTL_S = 300;

const codeKey = (phone: string) => `public:cases:otp:${phone}`;
const digest = (code: string) => createHash('sha256').update(code).digest();

/**
 * Send a 6-digit code to `phone` by SMS. Only its SHA-256 is kept (in Redis, 5 minutes), so a
 * leaked cache holds nothing to type in. One code per phone a minute and a per-address budget
 * stop the endpoint from being an SMS cannon. In a demo start without an SMS gateway the code
 * comes back as `devCode` so the form can be tried; anywhere else it only leaves by SMS.
 */
export async function requestOtp(c: Ctx, phone: string): Promise<{ sent: true; expiresIn: number; devCode?: string }> {
  const deps = c.get('deps');
  await spend(deps.shared, publicLimits.otpPerIp, clientIp(c));
  await spend(deps.shared, publicLimits.otpPerPhone, phone, 'publicCase.otpTooSoon');
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await deps.shared.set(codeKey(phone), digest(code).toString('hex'), OTP_TTL_S);
  // A new code starts with a full budget of guesses.
  await limiterFor(deps.shared, publicLimits.otpTries).delete(phone);
  if (deps.demo && !deps.channels.configured('sms')) return { sent: true, expiresIn: OTP_TTL_S, devCode: code };
  try {
    await deps.channels.send({ id: randomUUID(), channel: 'sms', recipient: phone, subject: '', body: t(c.get('locale'), 'publicCase.otpSms', { code, minutes: OTP_TTL_S / 60 }) });
  } catch (error) {
    // Nothing reached the phone: forget the code and give the minute back, so a retry works.
    await deps.shared.del(codeKey(phone));
    await limiterFor(deps.shared, publicLimits.otpPerPhone).delete(phone);
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), id: c.get('requestId'), level: 'error', msg: 'otp sms failed', error: String(error) })}\n`);
    throw new Problem(503, 'sms-unavailable', 'publicCase.smsUnavailable');
  }
  return { sent: true, expiresIn: OTP_TTL_S };
}

/**
 * Whether `code` is the live code of `phone`. A wrong code spends one of five tries; the fifth
 * wrong one deletes the code, so guessing a million codes needs a million SMS. A right code is
 * not consumed here (the submission's transaction might still fail); `consumeOtp` does it once
 * the case is committed.
 */
export async function checkOtp(deps: Deps, phone: string, code: string): Promise<boolean> {
  const stored = await deps.shared.get(codeKey(phone));
  if (!stored) return false;
  const expected = Buffer.from(stored, 'hex');
  const given = digest(code);
  if (expected.length === given.length && timingSafeEqual(expected, given)) return true;
  const tries = limiterFor(deps.shared, publicLimits.otpTries);
  try {
    const spent = await tries.consume(phone);
    if (spent.remainingPoints > 0) return false;
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
  }
  await deps.shared.del(codeKey(phone));
  return false;
}

/** Use up the code of `phone` (after the submission that used it committed). */
export async function consumeOtp(deps: Deps, phone: string): Promise<void> {
  await deps.shared.del(codeKey(phone));
  await limiterFor(deps.shared, publicLimits.otpTries).delete(phone);
}
