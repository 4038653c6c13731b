import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import { publicCodeAlphabet, publicCodePattern } from '@renda/contracts';

const LENGTH = 8;
const ATTEMPTS = 10;

/**
 * A random public code: 8 characters of a 31-letter alphabet (about 8.5 × 10^11 codes), drawn
 * with the crypto generator so that codes cannot be predicted from one another.
 * @example randomPublicCode() // 'K7QX2MPA'
 */
export function randomPublicCode(): string {
  let code = '';
  for (let i = 0; i < LENGTH; i++) code += publicCodeAlphabet[randomInt(publicCodeAlphabet.length)];
  return code;
}

/** Whether a string has the shape of a public code (checked before any database work). */
export function isPublicCode(code: string): boolean {
  return publicCodePattern.test(code);
}

/**
 * A public code no deputy or station uses yet. Codes are global while the caller sees only its
 * subtree, so the check goes through the definer function `public_code_taken`. A collision is
 * rare; the loop retries a few times and then gives up loudly rather than spin.
 */
export async function freshPublicCode(tx: Tx): Promise<string> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const code = randomPublicCode();
    const [row] = rowsOf<{ taken: boolean }>(await tx.execute(sql`select public_code_taken(${code}) as taken`));
    if (!row.taken) return code;
  }
  throw new Error('no free public code after several attempts');
}

/**
 * The code of a new seat: the code the same person already carries in the same congress (an
 * earlier term), so a printed QR code keeps working across terms; otherwise a fresh one.
 */
export async function seatPublicCode(tx: Tx, tenantId: string, userId: string): Promise<string> {
  const [prior] = rowsOf<{ code: string }>(await tx.execute(sql`
    select d.public_code as code from deputies d join terms tm on tm.tenant_id = d.tenant_id and tm.id = d.term_id
    where d.tenant_id = ${tenantId} and d.user_id = ${userId} order by tm.number desc limit 1`));
  return prior?.code ?? freshPublicCode(tx);
}
