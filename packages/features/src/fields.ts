/** A user-facing text in both languages the platform ships: zh-CN (default) and en. */
export type Localized = { 'zh-CN': string; en: string };

/** The languages that validation messages are written in. */
export type Locale = keyof Localized;

/** The kinds of value a module setting can hold. */
export type ConfigFieldType = 'boolean' | 'integer' | 'number' | 'string' | 'text' | 'enum' | 'list';

/** One choice of an `enum` field. */
export type ConfigOption = { value: string; label: Localized };

/**
 * A declarative module setting. The admin UI renders it, and the same descriptor produces the
 * valibot schema that validates it and the JSON Schema that documents it.
 *
 * Bounds by type: `integer` and `number` use `min`/`max` for the value; `string` and `text` use
 * `maxLength` for the characters; `list` (an array of short strings, such as custom activity
 * kinds) uses `max` for the number of entries and `maxLength` for each entry.
 */
export type ConfigField = {
  key: string;
  type: ConfigFieldType;
  label: Localized;
  help?: Localized;
  min?: number;
  max?: number;
  maxLength?: number;
  options?: ConfigOption[];
  default: unknown;
  required?: boolean;
};

/** A module's configuration after validation: one value per field. */
export type ConfigValues = Record<string, unknown>;

/**
 * Limits applied when a field declares none. Every string has a ceiling, so no setting can be
 * used to store an unbounded blob in the flags table.
 */
export const fieldLimits = {
  stringLength: 200,
  textLength: 2000,
  listEntries: 50,
  listEntryLength: 40,
} as const;

type Common<T> = { default: T; help?: Localized; required?: boolean };
type Range = { min?: number; max?: number };

/**
 * Declares a yes/no setting.
 * @example booleanField('ratingEnabled', { 'zh-CN': '启用满意度测评', en: 'Rating enabled' }, { default: true })
 */
export function booleanField(key: string, label: Localized, options: Common<boolean>): ConfigField {
  return { key, type: 'boolean', label, ...options };
}

/**
 * Declares a whole-number setting with inclusive bounds.
 * @example integerField('quorumPercent', { 'zh-CN': '法定人数比例', en: 'Quorum' }, { min: 1, max: 100, default: 50 })
 */
export function integerField(key: string, label: Localized, options: Common<number> & Range): ConfigField {
  return { key, type: 'integer', label, ...options };
}

/**
 * Declares a decimal setting with inclusive bounds.
 * @example numberField('hoursPerActivity', { 'zh-CN': '折算学时', en: 'Hours per activity' }, { min: 0.5, max: 40, default: 2 })
 */
export function numberField(key: string, label: Localized, options: Common<number> & Range): ConfigField {
  return { key, type: 'number', label, ...options };
}

/**
 * Declares a one-line text setting.
 * @example stringField('siteTitle', { 'zh-CN': '网站名称', en: 'Site title' }, { maxLength: 60, default: '' })
 */
export function stringField(
  key: string,
  label: Localized,
  options: Common<string> & { maxLength?: number },
): ConfigField {
  return { key, type: 'string', label, ...options };
}

/**
 * Declares a multi-line text setting.
 * @example textField('footer', { 'zh-CN': '页脚', en: 'Footer' }, { maxLength: 500, default: '' })
 */
export function textField(
  key: string,
  label: Localized,
  options: Common<string> & { maxLength?: number },
): ConfigField {
  return { key, type: 'text', label, ...options };
}

/**
 * Declares a choice among fixed options.
 * @example enumField('voteThreshold', { 'zh-CN': '表决通过标准', en: 'Vote threshold' }, {
 *   options: [{ value: 'majority-of-all', label: { 'zh-CN': '全体过半数', en: 'Majority of all' } }],
 *   default: 'majority-of-all',
 * })
 */
export function enumField(
  key: string,
  label: Localized,
  options: Common<string> & { options: ConfigOption[] },
): ConfigField {
  return { key, type: 'enum', label, ...options };
}

/**
 * Declares a list of short, distinct strings; `max` bounds the entries, `maxLength` each entry.
 * @example listField('customActivityKinds', { 'zh-CN': '自定义活动类型', en: 'Custom activity kinds' }, { max: 20, maxLength: 20, default: [] })
 */
export function listField(
  key: string,
  label: Localized,
  options: Common<string[]> & { max?: number; maxLength?: number },
): ConfigField {
  return { key, type: 'list', label, ...options };
}

/**
 * The default value of every field, copied so callers may mutate the result freely.
 * @example configDefaults([booleanField('a', label, { default: true })]) // { a: true }
 */
export function configDefaults(fields: readonly ConfigField[]): ConfigValues {
  return Object.fromEntries(fields.map((field) => [field.key, structuredClone(field.default)]));
}
