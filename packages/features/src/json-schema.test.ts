import { describe, expect, it } from 'vitest';
import { booleanField, enumField, integerField, listField, stringField } from './fields.ts';
import { toJsonSchema } from './json-schema.ts';
import { modules } from './registry.ts';

const fields = [
  integerField('windowDays', { 'zh-CN': '统计周期（天）', en: 'Window (days)' }, {
    min: 1,
    max: 365,
    default: 30,
    help: { 'zh-CN': '说明', en: 'Help' },
  }),
  listField('kinds', { 'zh-CN': '类型', en: 'Kinds' }, { max: 20, maxLength: 12, default: [] }),
  enumField('threshold', { 'zh-CN': '标准', en: 'Threshold' }, {
    default: 'all',
    options: [
      { value: 'all', label: { 'zh-CN': '全体', en: 'All' } },
      { value: 'present', label: { 'zh-CN': '出席', en: 'Present' } },
    ],
  }),
  booleanField('open', { 'zh-CN': '公开', en: 'Open' }, { default: false }),
  stringField('name', { 'zh-CN': '名称', en: 'Name' }, { maxLength: 40, default: 'x', required: true }),
];

const schema = toJsonSchema(fields);

describe('toJsonSchema', () => {
  it('describes a draft 2020-12 object that refuses unknown keys', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['windowDays', 'kinds', 'threshold', 'open', 'name']);
  });

  it('lists only required fields as required', () => {
    expect(schema.required).toEqual(['name']);
  });

  it('gives every property a Chinese title, labels in both languages and its default', () => {
    expect(schema.properties.windowDays).toMatchObject({
      title: '统计周期（天）',
      'x-label': { 'zh-CN': '统计周期（天）', en: 'Window (days)' },
      default: 30,
    });
    expect(schema.properties.name).toMatchObject({ title: '名称', default: 'x' });
  });

  it('carries help as a Chinese description and in both languages', () => {
    expect(schema.properties.windowDays).toMatchObject({ description: '说明', 'x-help': { 'zh-CN': '说明', en: 'Help' } });
  });

  it('turns integer bounds into minimum and maximum', () => {
    expect(schema.properties.windowDays).toMatchObject({ type: 'integer', minimum: 1, maximum: 365 });
  });

  it('describes a list as an array of distinct bounded strings', () => {
    expect(schema.properties.kinds).toMatchObject({
      type: 'array',
      maxItems: 20,
      uniqueItems: true,
      items: { type: 'string', minLength: 1, maxLength: 12 },
      'x-field-type': 'list',
    });
  });

  it('describes an enum by its values and keeps the option labels for the form', () => {
    expect(schema.properties.threshold).toMatchObject({
      type: 'string',
      enum: ['all', 'present'],
      'x-options': [
        { value: 'all', label: { 'zh-CN': '全体', en: 'All' } },
        { value: 'present', label: { 'zh-CN': '出席', en: 'Present' } },
      ],
    });
  });

  it('converts every registered module to plain JSON', () => {
    for (const module of modules) {
      const converted = toJsonSchema(module.fields);
      expect(JSON.parse(JSON.stringify(converted))).toEqual(converted);
      expect(Object.keys(converted.properties)).toEqual(module.fields.map((field) => field.key));
    }
  });
});
