import { createTOTPKeyURI, verifyTOTPWithGracePeriod, generateTOTP } from '@oslojs/otp';
import { decodeBase32IgnorePadding, encodeBase32UpperCaseNoPadding } from '@oslojs/encoding';

const PERIOD = 30;
const DIGITS = 6;

/** A new 160-bit TOTP secret in base32, as authenticator apps expect. */
export function generateTotpSecret(): string {
  const key = new Uint8Array(20);
  crypto.getRandomValues(key);
  return encodeBase32UpperCaseNoPadding(key);
}

/** The otpauth:// URI that authenticator apps scan. */
export function totpUri(secret: string, issuer: string, account: string): string {
  return createTOTPKeyURI(issuer, account, decodeBase32IgnorePadding(secret), PERIOD, DIGITS);
}

/** Accepts the current code and the neighbouring ones (±30 s) for clock drift. */
export function verifyTotp(secret: string, code: string): boolean {
  if (!/^\d{6}$/.test(code.trim())) return false;
  return verifyTOTPWithGracePeriod(decodeBase32IgnorePadding(secret), PERIOD, DIGITS, code.trim(), PERIOD);
}

/** The current code, for tests and for the CLI's enrolment check. */
export function currentTotp(secret: string): string {
  return generateTOTP(decodeBase32IgnorePadding(secret), PERIOD, DIGITS);
}
