import { and, eq } from 'drizzle-orm';
import { createMiddleware } from 'hono/factory';
import { idempotencyKeys, withContext } from '@renda/db';
import { createHash } from 'node:crypto';
import type { AppEnv } from './env-types.ts';
import { Problem } from './problem.ts';
import { clientIp } from '../modules/auth/sessions.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Writes that keep their Idempotency-Key themselves, inside their own transaction. */
const selfKeyed: { method: string; path: RegExp }[] = [];

/**
 * Declare that a route stores its Idempotency-Key with the record it creates, in the same
 * transaction, so this middleware leaves it alone: a retry after a crash between that commit and
 * this middleware's own record still finds the first answer.
 * @example keepsOwnIdempotency('POST', /^\/api\/v1\/public\/cases\/?$/);
 */
export function keepsOwnIdempotency(method: string, path: RegExp): void {
  selfKeyed.push({ method, path });
}

/**
 * Replays the first response to a write retried with the same `Idempotency-Key` and body.
 * A short Redis lock turns a concurrent duplicate (a double tap) into 409 instead of a second
 * write. Modules whose writes must survive a crash between commit and this record (public
 * submissions) store the key inside their own transaction as well.
 */
export const idempotency = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('idempotency-key');
  if (!key || !UNSAFE.has(c.req.method)) return next();
  // Uploads stream under their own size limit and are not replayed: a retried upload leaves at
  // most an unreferenced file, never a second record, because records point at file ids.
  if (c.req.header('content-type')?.startsWith('multipart/form-data')) return next();
  if (selfKeyed.some((r) => r.method === c.req.method && r.path.test(c.req.path))) return next();
  if (key.length > 200) throw new Problem(400, 'validation', 'idempotency.badKey');
  const deps = c.get('deps');
  const auth = c.get('auth');
  const principal = auth ? `user:${auth.userId}` : `ip:${clientIp(c)}`;
  // Hash the raw bytes (hono caches them for the handler), so no body is re-decoded on the way.
  const requestHash = createHash('sha256').update(`${c.req.method} ${c.req.path}\n`).update(new Uint8Array(await c.req.arrayBuffer())).digest('hex');
  const ctx = { principal };
  const [prior] = await withContext(deps.handle, ctx, (tx) =>
    tx.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key))));
  if (prior) {
    if (prior.requestHash !== requestHash) throw new Problem(422, 'idempotency-conflict', 'idempotency.mismatch');
    const headers: Record<string, string> = { 'Idempotent-Replayed': 'true' };
    if (prior.body !== null) headers['Content-Type'] = 'application/json';
    return new Response(prior.body === null ? null : JSON.stringify(prior.body), { status: prior.statusCode, headers });
  }
  const lock = `idem:${principal}:${key}`;
  if (!(await deps.shared.setIfAbsent(lock, '1', 60))) throw new Problem(409, 'conflict', 'idempotency.inProgress');
  try {
    await next();
    if (c.res.status < 500 && !c.res.headers.get('content-type')?.includes('problem')) {
      const text = await c.res.clone().text();
      await withContext(deps.handle, ctx, (tx) => tx.insert(idempotencyKeys).values({
        principal, key, requestHash, statusCode: c.res.status, body: text ? JSON.parse(text) : null,
      }).onConflictDoNothing());
    }
  } finally {
    await deps.shared.del(lock);
  }
});
