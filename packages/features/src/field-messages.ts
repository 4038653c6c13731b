import { fieldLimits, type ConfigField, type Locale } from './fields.ts';

/**
 * One message per field that states the whole rule ("a whole number from 1 to 365") rather than
 * the one check that failed: the admin UI shows it under the input, and a person fixing a value
 * needs the rule, not the name of a validation step.
 */
type Texts = {
  boolean: string;
  integer: (range: string) => string;
  number: (range: string) => string;
  between: (min: number, max: number) => string;
  atLeast: (min: number) => string;
  atMost: (max: number) => string;
  text: (maxLength: number, required: boolean) => string;
  oneOf: (labels: string[]) => string;
  list: (max: number, maxLength: number, required: boolean) => string;
  unknownKey: string;
  missing: string;
  notObject: string;
};

const texts: Record<Locale, Texts> = {
  'zh-CN': {
    boolean: '必须是“是”或“否”',
    integer: (range) => `必须是${range}整数`,
    number: (range) => `必须是${range}数字`,
    between: (min, max) => ` ${min} 到 ${max} 之间的`,
    atLeast: (min) => `不小于 ${min} 的`,
    atMost: (max) => `不大于 ${max} 的`,
    text: (maxLength, required) => `${required ? '必须填写，且' : ''}不能超过 ${maxLength} 个字符`,
    oneOf: (labels) => `必须是以下之一：${labels.join('、')}`,
    list: (max, maxLength, required) =>
      `${required ? '至少填写 1 项，' : ''}最多 ${max} 项且不能重复，每项 1 到 ${maxLength} 个字符`,
    unknownKey: '未知的配置项',
    missing: '必须填写',
    notObject: '配置必须是一个对象',
  },
  en: {
    boolean: 'Must be yes or no',
    integer: (range) => `Must be a whole number${range}`,
    number: (range) => `Must be a number${range}`,
    between: (min, max) => ` from ${min} to ${max}`,
    atLeast: (min) => ` of at least ${min}`,
    atMost: (max) => ` of at most ${max}`,
    text: (maxLength, required) =>
      `${required ? 'Must be filled in, with' : 'Must be'} at most ${maxLength} characters`,
    oneOf: (labels) => `Must be one of: ${labels.join(', ')}`,
    list: (max, maxLength, required) =>
      `${required ? 'Must have at least 1 and' : 'Must have'} at most ${max} distinct entries, each 1 to ${maxLength} characters`,
    unknownKey: 'Unknown setting',
    missing: 'Required',
    notObject: 'Settings must be an object',
  },
};

function rangeText(t: Texts, field: ConfigField): string {
  const { min, max } = field;
  if (min !== undefined && max !== undefined) return t.between(min, max);
  if (min !== undefined) return t.atLeast(min);
  if (max !== undefined) return t.atMost(max);
  return '';
}

/** The message that states a field's rule in the given language. */
export function fieldMessage(field: ConfigField, locale: Locale): string {
  const t = texts[locale];
  const required = field.required === true;
  switch (field.type) {
    case 'boolean':
      return t.boolean;
    case 'integer':
      return t.integer(rangeText(t, field));
    case 'number':
      return t.number(rangeText(t, field));
    case 'string':
      return t.text(field.maxLength ?? fieldLimits.stringLength, required);
    case 'text':
      return t.text(field.maxLength ?? fieldLimits.textLength, required);
    case 'enum':
      return t.oneOf((field.options ?? []).map((option) => option.label[locale]));
    case 'list':
      return t.list(field.max ?? fieldLimits.listEntries, field.maxLength ?? fieldLimits.listEntryLength, required);
  }
}

/** Messages about the settings object as a whole. */
export function objectMessages(locale: Locale): Pick<Texts, 'unknownKey' | 'missing' | 'notObject'> {
  const { unknownKey, missing, notObject } = texts[locale];
  return { unknownKey, missing, notObject };
}
