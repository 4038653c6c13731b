import type { Context, ValidationTargets } from 'hono';
import { validator } from 'hono-openapi';
import * as v from 'valibot';
import type { Locale } from './i18n.ts';
import { invalid } from './problem.ts';

/**
 * Validate one part of the request with a valibot schema. The same schema feeds the OpenAPI
 * document (through hono-openapi); a failure becomes a 422 problem listing each field in the
 * caller's language, and the handler never runs.
 * @example app.post('/units', input('json', UnitCreate), (c) => c.json(c.req.valid('json')))
 */
export function input<T extends keyof ValidationTargets, S extends v.GenericSchema>(target: T, schema: S) {
  return validator(target, schema, (result: { success: boolean; data?: unknown }, c: Context) => {
    if (result.success) return;
    const locale = (c.get('locale') as Locale | undefined) ?? 'zh-CN';
    const again = v.safeParse(schema, result.data, { lang: locale });
    const issues = again.success ? [] : again.issues;
    throw invalid(issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })));
  });
}

/** Parse a value outside a route (CSV rows, configuration) with localized issues. */
export function check<S extends v.GenericSchema>(schema: S, value: unknown, locale: Locale) {
  const result = v.safeParse(schema, value, { lang: locale });
  if (result.success) return { ok: true as const, value: result.output as v.InferOutput<S> };
  return { ok: false as const, errors: result.issues.map((i) => ({ path: v.getDotPath(i) ?? '', message: i.message })) };
}
