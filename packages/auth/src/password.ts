import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id minimum: 19 MiB, 2 iterations, 1 lane (Algorithm 2 = argon2id).
const params = { memoryCost: 19456, timeCost: 2, parallelism: 1, algorithm: 2 } as const;

/** @example const stored = await hashPassword('correct horse'); */
export function hashPassword(password: string): Promise<string> {
  return hash(password, params);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Why a new password is refused, or null. Length over composition, per NIST SP 800-63B. */
export function passwordProblem(password: string, context: { username?: string; demoPassword?: string; production?: boolean }): 'too-short' | 'too-long' | 'same-as-username' | 'demo-password' | null {
  if (password.length < 10) return 'too-short';
  if (password.length > 128) return 'too-long';
  if (context.username && password.toLowerCase() === context.username.toLowerCase()) return 'same-as-username';
  if (context.production && context.demoPassword && password === context.demoPassword) return 'demo-password';
  return null;
}

// A fixed hash to verify against when the account does not exist, so that response time does
// not tell which logins exist.
let dummy: Promise<string> | null = null;
export function dummyVerify(password: string): Promise<boolean> {
  dummy ??= hashPassword('renda-dummy-password-for-timing');
  return dummy.then((h) => verifyPassword(h, password)).then(() => false);
}
