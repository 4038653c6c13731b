import * as v from 'valibot';
import { en } from './messages/en.ts';
import { zhCN } from './messages/zh-CN.ts';

export const locales = ['zh-CN', 'en'] as const;
export type Locale = (typeof locales)[number];
export type MessageKey = keyof typeof zhCN;

const catalogues: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

/**
 * A message in the caller's language, with `{name}` placeholders filled.
 * @example t('en', 'tenant.notFound', { id }) // "Congress … not found"
 */
export function t(locale: Locale, key: MessageKey, params: Record<string, unknown> = {}): string {
  const template = catalogues[locale][key] ?? catalogues['zh-CN'][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

/** The cookie `renda_locale`, else Accept-Language, else zh-CN. */
export function pickLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (cookie === 'en' || cookie === 'zh-CN') return cookie;
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'zh-CN';
}

// valibot's default messages are English sentences about schema internals; users get these.
const issueKeys: Record<string, MessageKey> = {
  string: 'validation.string',
  number: 'validation.number',
  boolean: 'validation.boolean',
  integer: 'validation.integer',
  min_length: 'validation.minLength',
  max_length: 'validation.maxLength',
  min_value: 'validation.minValue',
  max_value: 'validation.maxValue',
  regex: 'validation.format',
  email: 'validation.format',
  picklist: 'validation.choice',
  object: 'validation.object',
  strict_object: 'validation.unknownKey',
  array: 'validation.array',
  uuid: 'validation.format',
};

for (const locale of locales) {
  v.setGlobalMessage((issue) => {
    const key = issueKeys[issue.type] ?? 'validation.invalid';
    if (issue.input === undefined && issue.kind === 'schema') return t(locale, 'validation.required');
    const requirement = issue.type === 'picklist' ? (issue.expected ?? '').replace(/"/g, '') : formatRequirement(issue.requirement);
    return t(locale, key, { requirement });
  }, locale);
}

function formatRequirement(requirement: unknown): string {
  if (Array.isArray(requirement)) return requirement.join(' / ');
  if (requirement instanceof RegExp) return '';
  return requirement === undefined ? '' : String(requirement);
}
