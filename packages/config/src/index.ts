import * as v from 'valibot';

/**
 * Parse the environment once at boot and fail fast with every problem listed.
 * @example const env = parseEnv(v.object({ PORT: port(3000) }), process.env);
 */
export function parseEnv<S extends v.GenericSchema>(schema: S, source: Record<string, string | undefined>): v.InferOutput<S> {
  const result = v.safeParse(schema, source);
  if (result.success) return result.output;
  const lines = result.issues.map((i) => `  ${v.getDotPath(i) ?? '(root)'}: ${i.message}`);
  throw new Error(`invalid environment:\n${lines.join('\n')}`);
}

/** A TCP port with a default. */
export const port = (fallback: number) =>
  v.pipe(v.optional(v.string(), String(fallback)), v.transform(Number), v.integer(), v.minValue(0), v.maxValue(65535));

/** An optional URL: empty means unset. */
export const optionalUrl = () =>
  v.pipe(
    v.optional(v.string(), ''),
    v.transform((s) => (s.trim() === '' ? undefined : s.trim())),
    v.optional(v.pipe(v.string(), v.url())),
  );

export const nodeEnv = () => v.optional(v.picklist(['development', 'production', 'test']), 'development');

/** The demo password: printed in the README, refused in production. */
export const DEMO_PASSWORD = 'renda-demo-2026';
