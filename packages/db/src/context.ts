import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle, Tx } from './client.ts';

/** Who is acting and over which part of the tree: the settings the policies read. */
export interface RequestContext {
  tenantId?: string | null;
  scopePath?: string | null;
  userId?: string | null;
  platform?: boolean;
  sessionId?: string | null;
  principal?: string | null;
}

/**
 * Run `fn` in one transaction as the app role with the request's settings.
 *
 * The settings are transaction-local (`set_config(..., true)`): a session-level setting would
 * survive on the pooled connection and leak into the next request. On PGlite, which connects as
 * a superuser, the transaction also switches to the app role, or every policy would pass.
 * @example const rows = await withContext(h, { tenantId, scopePath, userId }, (tx) => tx.select().from(units));
 */
export async function withContext<T>(handle: DatabaseHandle, ctx: RequestContext, fn: (tx: Tx) => Promise<T>): Promise<T> {
  // A transaction opened inside another would wait forever for PGlite's single connection, and
  // on Postgres would hold two pooled connections; fail loudly instead.
  if (inTransaction.getStore()) throw new Error('withContext called inside another transaction; pass the transaction down instead');
  const scope: TransactionScope = { after: [] };
  const result = await inTransaction.run(scope, () => handle.db.transaction(async (tx) => {
    if (handle.kind === 'pglite') await tx.execute(sql`set local role renda_app`);
    await tx.execute(sql`select
      set_config('app.tenant_id', ${ctx.tenantId ?? ''}, true),
      set_config('app.scope_path', ${ctx.scopePath ?? ''}, true),
      set_config('app.user_id', ${ctx.userId ?? ''}, true),
      set_config('app.platform', ${ctx.platform ? 'on' : ''}, true),
      set_config('app.session_id', ${ctx.sessionId ?? ''}, true),
      set_config('app.principal', ${ctx.principal ?? ''}, true)`);
    return fn(tx as Tx);
  }));
  // Only now is the change durable: tell the world (live pushes, caches) and never fail the caller.
  for (const task of scope.after) {
    try {
      await task();
    } catch (error) {
      process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), level: 'error', msg: 'after-commit task failed', error: String(error) })}\n`);
    }
  }
  return result;
}

interface TransactionScope {
  after: Array<() => unknown>;
}

const inTransaction = new AsyncLocalStorage<TransactionScope>();

/**
 * Run `task` once the current `withContext` transaction has committed (never if it rolls back):
 * for side effects that must not announce what might still be undone, such as a live push.
 * @example afterCommit(() => hub.publish(userId, { type: 'notification' }));
 */
export function afterCommit(task: () => unknown): void {
  const scope = inTransaction.getStore();
  if (!scope) throw new Error('afterCommit called outside a withContext transaction');
  scope.after.push(task);
}

/** A transaction as the owner, bypassing policies: migrations, bootstrap and tests only. */
export async function asOwner<T>(handle: DatabaseHandle, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return handle.db.transaction(async (tx) => fn(tx as Tx));
}
