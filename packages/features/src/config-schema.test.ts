import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { buildConfigSchema, normalizeConfig, validateConfig } from './config-schema.ts';
import {
  booleanField,
  enumField,
  integerField,
  listField,
  numberField,
  stringField,
  textField,
  type ConfigField,
} from './fields.ts';

const label = { 'zh-CN': '标签', en: 'Label' };

const fields: ConfigField[] = [
  booleanField('enabled', label, { default: true }),
  integerField('windowDays', label, { min: 1, max: 365, default: 30 }),
  numberField('hours', label, { min: 0.5, max: 40, default: 2 }),
  stringField('title', label, { maxLength: 10, default: '' }),
  textField('notes', label, { default: '' }),
  enumField('threshold', label, {
    default: 'all',
    options: [
      { value: 'all', label: { 'zh-CN': '全体过半数', en: 'Majority of all' } },
      { value: 'present', label: { 'zh-CN': '出席过半数', en: 'Majority of present' } },
    ],
  }),
  listField('kinds', label, { max: 3, maxLength: 5, default: ['a'] }),
];

const schema = buildConfigSchema(fields, 'en');
const fails = (input: Record<string, unknown>) => !v.safeParse(schema, input).success;

describe('buildConfigSchema', () => {
  it('fills every missing optional value with its default', () => {
    expect(v.parse(schema, {})).toEqual({
      enabled: true,
      windowDays: 30,
      hours: 2,
      title: '',
      notes: '',
      threshold: 'all',
      kinds: ['a'],
    });
  });

  it('gives each parse its own copy of a list default', () => {
    const first = v.parse(schema, {}) as { kinds: string[] };
    first.kinds.push('b');
    expect((v.parse(schema, {}) as { kinds: string[] }).kinds).toEqual(['a']);
  });

  it('rejects keys that no field declares', () => {
    expect(fails({ surprise: 1 })).toBe(true);
  });

  it.each([
    ['enabled', 'yes'],
    ['windowDays', '30'],
    ['hours', Number.NaN],
    ['title', 5],
    ['notes', null],
    ['threshold', 'none'],
    ['kinds', 'a'],
  ])('rejects a value of the wrong type for %s', (key, value) => {
    expect(fails({ [key]: value })).toBe(true);
  });

  it('accepts integers at both bounds and rejects fractions and values outside them', () => {
    expect(fails({ windowDays: 1 })).toBe(false);
    expect(fails({ windowDays: 365 })).toBe(false);
    expect(fails({ windowDays: 0 })).toBe(true);
    expect(fails({ windowDays: 366 })).toBe(true);
    expect(fails({ windowDays: 7.5 })).toBe(true);
  });

  it('accepts fractional numbers within bounds and rejects those outside', () => {
    expect(fails({ hours: 0.5 })).toBe(false);
    expect(fails({ hours: 0.25 })).toBe(true);
    expect(fails({ hours: 40.5 })).toBe(true);
  });

  it('rejects Infinity even for a number field without bounds', () => {
    const open = buildConfigSchema([numberField('ratio', label, { default: 1 })]);
    expect(v.safeParse(open, { ratio: Number.POSITIVE_INFINITY }).success).toBe(false);
  });

  it('rejects strings over their maxLength and applies a default limit to text', () => {
    expect(fails({ title: 'x'.repeat(10) })).toBe(false);
    expect(fails({ title: 'x'.repeat(11) })).toBe(true);
    expect(fails({ notes: 'x'.repeat(2000) })).toBe(false);
    expect(fails({ notes: 'x'.repeat(2001) })).toBe(true);
  });

  it('rejects lists with too many, empty, too long or repeated entries', () => {
    expect(fails({ kinds: ['a', 'b', 'c'] })).toBe(false);
    expect(fails({ kinds: [] })).toBe(false);
    expect(fails({ kinds: ['a', 'b', 'c', 'd'] })).toBe(true);
    expect(fails({ kinds: [''] })).toBe(true);
    expect(fails({ kinds: ['toolong'] })).toBe(true);
    expect(fails({ kinds: ['a', 'a'] })).toBe(true);
    expect(fails({ kinds: [1] })).toBe(true);
  });

  it('requires a required field to be present and, for strings, not empty', () => {
    const strict = buildConfigSchema([stringField('name', label, { default: 'x', required: true })]);
    expect(v.safeParse(strict, {}).success).toBe(false);
    expect(v.safeParse(strict, { name: '' }).success).toBe(false);
    expect(v.safeParse(strict, { name: 'ok' }).success).toBe(true);
  });
});

describe('validateConfig', () => {
  it('merges partial input over the defaults', () => {
    const result = validateConfig(fields, { windowDays: 90 }, 'en');
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ windowDays: 90, enabled: true, kinds: ['a'] }) });
  });

  it('states the range rule in Chinese', () => {
    expect(validateConfig(fields, { windowDays: 0 }, 'zh-CN')).toEqual({
      ok: false,
      issues: [{ path: 'windowDays', message: '必须是 1 到 365 之间的整数' }],
    });
  });

  it('states the range rule in English', () => {
    expect(validateConfig(fields, { windowDays: 'thirty' }, 'en')).toEqual({
      ok: false,
      issues: [{ path: 'windowDays', message: 'Must be a whole number from 1 to 365' }],
    });
  });

  it('reports one message per field even when several checks fail', () => {
    const result = validateConfig(fields, { windowDays: 0.5 }, 'en');
    expect(result.ok === false && result.issues).toHaveLength(1);
  });

  it('names an unknown key in both languages', () => {
    expect(validateConfig(fields, { surprise: 1 }, 'zh-CN')).toEqual({
      ok: false,
      issues: [{ path: 'surprise', message: '未知的配置项' }],
    });
    expect(validateConfig(fields, { surprise: 1 }, 'en')).toEqual({
      ok: false,
      issues: [{ path: 'surprise', message: 'Unknown setting' }],
    });
  });

  it('points at the offending list entry by a dotted path', () => {
    expect(validateConfig(fields, { kinds: ['ok', 'toolong'] }, 'en')).toEqual({
      ok: false,
      issues: [{ path: 'kinds.1', message: 'Must have at most 3 distinct entries, each 1 to 5 characters' }],
    });
  });

  it('lists enum choices by their label in the requested language', () => {
    const zh = validateConfig(fields, { threshold: 'none' }, 'zh-CN');
    const en = validateConfig(fields, { threshold: 'none' }, 'en');
    expect(zh.ok === false && zh.issues[0]?.message).toBe('必须是以下之一：全体过半数、出席过半数');
    expect(en.ok === false && en.issues[0]?.message).toBe('Must be one of: Majority of all, Majority of present');
  });

  it('reports every invalid field at once', () => {
    const result = validateConfig(fields, { enabled: 1, hours: 100, title: 'x'.repeat(11) }, 'en');
    expect(result.ok === false && result.issues.map((issue) => issue.path)).toEqual(['enabled', 'hours', 'title']);
  });

  it.each([null, [], 'x'])('rejects %j as a whole because settings must be an object', (input) => {
    expect(validateConfig(fields, input, 'en')).toEqual({
      ok: false,
      issues: [{ path: '', message: 'Settings must be an object' }],
    });
  });
});

describe('normalizeConfig', () => {
  it('returns the defaults when nothing is stored', () => {
    expect(normalizeConfig(fields, null)).toEqual(v.parse(schema, {}));
  });

  it('keeps valid stored values, drops unknown keys and replaces invalid values by defaults', () => {
    const config = normalizeConfig(fields, { windowDays: 7, hours: 'two', retired: true });
    expect(config.windowDays).toBe(7);
    expect(config.hours).toBe(2);
    expect(config).not.toHaveProperty('retired');
  });
});
