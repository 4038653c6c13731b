import { sha256 } from '@oslojs/crypto/sha2';
import { constantTimeEqual } from '@oslojs/crypto/subtle';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';

/**
 * Session tokens after the Lucia guide: `<id>.<secret>`, both 120 bits of randomness in base32.
 * The id is the primary key (safe to log); only SHA-256 of the secret is stored, so a leaked
 * sessions table cannot be replayed, and the secret is compared in constant time.
 */
export interface SessionToken {
  id: string;
  secret: string;
  token: string;
  secretHash: Uint8Array;
}

function randomPart(): string {
  const bytes = new Uint8Array(15);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashSecret(secret: string): Uint8Array {
  return sha256(new TextEncoder().encode(secret));
}

/** @example const { token, id, secretHash } = generateSessionToken(); */
export function generateSessionToken(): SessionToken {
  const id = randomPart();
  const secret = randomPart();
  return { id, secret, token: `${id}.${secret}`, secretHash: hashSecret(secret) };
}

/** Split a cookie value; null when it is not of the token's shape. */
export function parseSessionToken(token: string | undefined | null): { id: string; secret: string } | null {
  if (!token) return null;
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[a-z2-7]{24}$/.test(parts[0]) || !/^[a-z2-7]{24}$/.test(parts[1])) return null;
  return { id: parts[0], secret: parts[1] };
}

export function verifySecret(secret: string, storedHash: Uint8Array): boolean {
  const candidate = hashSecret(secret);
  return candidate.length === storedHash.length && constantTimeEqual(candidate, storedHash);
}

/** Hex digest of a string, for idempotency request hashes and similar fingerprints. */
export function sha256Hex(text: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(text)));
}
