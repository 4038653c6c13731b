import type { Ctx } from '../../platform/context.ts';
import { t, type MessageKey } from '../../platform/i18n.ts';
import { invalid, type Problem } from '../../platform/problem.ts';

/**
 * A 422 problem naming one field, its message in the caller's language.
 * @example throw fieldError(c, 'groupId', 'deputy.groupNotFound')
 */
export function fieldError(c: Ctx, path: string, key: MessageKey, params: Record<string, unknown> = {}): Problem {
  return invalid([{ path, message: t(c.get('locale'), key, params) }]);
}

/** The Postgres error code behind a driver error (drizzle wraps the original in `cause`). */
export function pgCode(error: unknown): string | undefined {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.cause?.code ?? e?.code;
}

/** The constraint a Postgres error names, if any. */
export function pgConstraint(error: unknown): string | undefined {
  const e = error as { constraint_name?: string; constraint?: string; cause?: { constraint_name?: string; constraint?: string } };
  return e?.cause?.constraint_name ?? e?.cause?.constraint ?? e?.constraint_name ?? e?.constraint;
}
