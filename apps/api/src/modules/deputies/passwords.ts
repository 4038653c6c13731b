import { randomBytes } from 'node:crypto';
import { hashPassword } from '@renda/auth';

/**
 * The argon2 hash of a random password nobody is told: a deputy whose account the registry
 * created signs in after an administrator resets the password for them.
 */
export function unknownPasswordHash(): Promise<string> {
  return hashPassword(randomBytes(24).toString('base64url'));
}
