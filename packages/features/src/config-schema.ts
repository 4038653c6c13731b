import * as v from 'valibot';
import { fieldMessage, objectMessages } from './field-messages.ts';
import { configDefaults, fieldLimits, type ConfigField, type ConfigValues, type Locale } from './fields.ts';

/** A valibot schema for a module's whole configuration object. */
export type ConfigSchema = v.StrictObjectSchema<
  Record<string, v.GenericSchema>,
  v.ErrorMessage<v.StrictObjectIssue>
>;

/** The outcome of {@link validateConfig}. `path` is dotted (`customActivityKinds.2`); '' is the whole object. */
export type ConfigResult =
  | { ok: true; value: ConfigValues }
  | { ok: false; issues: { path: string; message: string }[] };

/**
 * The requirement behind a list's "no duplicates" check. It is exported by reference so the
 * JSON Schema conversion can recognise exactly this check and emit `uniqueItems`.
 */
export function hasUniqueItems(input: readonly unknown[]): boolean {
  return new Set(input).size === input.length;
}

// The metadata rides on the validating schema so that the JSON Schema conversion carries the
// labels the admin UI renders; it never affects validation.
function uiMetadata<T>(field: ConfigField) {
  return v.metadata<T, Record<string, unknown>>({
    title: field.label['zh-CN'],
    'x-label': field.label,
    'x-field-type': field.type,
    default: field.default,
    ...(field.help ? { description: field.help['zh-CN'], 'x-help': field.help } : {}),
    ...(field.options ? { 'x-options': field.options } : {}),
  });
}

type Checks<T> = v.PipeItem<T, T, v.BaseIssue<unknown>>[];

function numberSchema(field: ConfigField, message: string): v.GenericSchema {
  // A number field without bounds must still refuse Infinity, which JSON cannot carry.
  const checks: Checks<number> = [field.type === 'integer' ? v.integer(message) : v.finite(message)];
  if (field.min !== undefined) checks.push(v.minValue(field.min, message));
  if (field.max !== undefined) checks.push(v.maxValue(field.max, message));
  return v.pipe(v.number(message), uiMetadata<number>(field), ...checks);
}

function textSchema(field: ConfigField, message: string): v.GenericSchema {
  const limit = field.type === 'text' ? fieldLimits.textLength : fieldLimits.stringLength;
  const checks: Checks<string> = field.required ? [v.minLength(1, message)] : [];
  checks.push(v.maxLength(field.maxLength ?? limit, message));
  return v.pipe(v.string(message), uiMetadata<string>(field), ...checks);
}

function listSchema(field: ConfigField, message: string): v.GenericSchema {
  const entry = v.pipe(
    v.string(message),
    v.minLength(1, message),
    v.maxLength(field.maxLength ?? fieldLimits.listEntryLength, message),
  );
  const checks: Checks<string[]> = field.required ? [v.minLength(1, message)] : [];
  checks.push(v.maxLength(field.max ?? fieldLimits.listEntries, message), v.check<string[], string>(hasUniqueItems, message));
  return v.pipe(v.array(entry, message), uiMetadata<string[]>(field), ...checks);
}

/**
 * The schema of one field's value, without the default: messages in the given language.
 * @example v.is(fieldSchema(integerField('days', label, { min: 1, max: 9, default: 3 }), 'en'), 4) // true
 */
export function fieldSchema(field: ConfigField, locale: Locale = 'zh-CN'): v.GenericSchema {
  const message = fieldMessage(field, locale);
  switch (field.type) {
    case 'boolean':
      return v.pipe(v.boolean(message), uiMetadata<boolean>(field));
    case 'integer':
    case 'number':
      return numberSchema(field, message);
    case 'string':
    case 'text':
      return textSchema(field, message);
    case 'enum':
      return v.pipe(v.picklist((field.options ?? []).map((option) => option.value), message), uiMetadata<string>(field));
    case 'list':
      return listSchema(field, message);
  }
}

/**
 * Builds the strict object schema of a module's configuration: unknown keys are rejected, each
 * value is checked by its type and bounds, and a missing optional value takes its default.
 * A `required` field has no fallback and, for strings and lists, must not be empty.
 * @example
 * const schema = buildConfigSchema(getModule('insights').fields, 'en');
 * v.parse(schema, {}); // { activityWindowDays: 30, … }
 */
export function buildConfigSchema(fields: readonly ConfigField[], locale: Locale = 'zh-CN'): ConfigSchema {
  const texts = objectMessages(locale);
  const entries: Record<string, v.GenericSchema> = {};
  for (const field of fields) {
    const schema = fieldSchema(field, locale);
    // The default is produced by a function so each parse gets its own copy of a list default.
    entries[field.key] = field.required ? schema : v.optional(schema, () => structuredClone(field.default));
  }
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') return texts.unknownKey;
    if (issue.path?.length) return texts.missing;
    return texts.notObject;
  });
}

function dottedPath(issue: v.BaseIssue<unknown>): string {
  return (issue.path ?? []).map((item) => String(item.key)).join('.');
}

/**
 * Validates settings entered in the admin UI. Partial input is merged over the field defaults
 * first, so a form that sends only the changed values is complete once it passes.
 * @example
 * validateConfig(getModule('insights').fields, { activityWindowDays: 0 }, 'en');
 * // { ok: false, issues: [{ path: 'activityWindowDays', message: 'Must be a whole number from 1 to 365' }] }
 */
export function validateConfig(fields: readonly ConfigField[], input: unknown, locale: Locale): ConfigResult {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, issues: [{ path: '', message: objectMessages(locale).notObject }] };
  }
  const merged = { ...configDefaults(fields), ...input };
  // One message per field states its whole rule, so stop at the first failed check of each.
  const result = v.safeParse(buildConfigSchema(fields, locale), merged, { abortPipeEarly: true });
  if (result.success) return { ok: true, value: result.output as ConfigValues };
  return { ok: false, issues: result.issues.map((issue) => ({ path: dottedPath(issue), message: issue.message })) };
}

// Resolution runs on every gated request; the field descriptors are static, so their schemas
// are built once. A WeakMap lets descriptors made in tests be collected.
const fieldSchemas = new WeakMap<ConfigField, v.GenericSchema>();

function cachedFieldSchema(field: ConfigField): v.GenericSchema {
  let schema = fieldSchemas.get(field);
  if (!schema) {
    schema = fieldSchema(field);
    fieldSchemas.set(field, schema);
  }
  return schema;
}

/**
 * Brings a stored configuration to the current fields: unknown keys are dropped and a missing or
 * invalid value falls back to its default. Rows written under an older version of a module's
 * fields must never break the pages that read them, so this never throws.
 * @example normalizeConfig(fields, { activityWindowDays: 'x', retired: 1 }) // { activityWindowDays: 30 }
 */
export function normalizeConfig(fields: readonly ConfigField[], stored: Record<string, unknown> | null): ConfigValues {
  const config = configDefaults(fields);
  if (!stored) return config;
  for (const field of fields) {
    if (!Object.hasOwn(stored, field.key)) continue;
    const value = stored[field.key];
    if (v.is(cachedFieldSchema(field), value)) config[field.key] = structuredClone(value);
  }
  return config;
}
