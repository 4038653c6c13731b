import { describe, expect, it } from 'vitest';
import { activityKinds, isAllowedKind } from './kinds.ts';

describe('activity kinds of a congress', () => {
  it('lists the five standard kinds first, then the local ones as custom:<label>', () => {
    const kinds = activityKinds({ customActivityKinds: ['代表接待日', '集中视察'] });
    expect(kinds.map((k) => k.key)).toEqual(['meeting', 'inspection', 'suggestion', 'constituents', 'group', 'custom:代表接待日', 'custom:集中视察']);
    expect(kinds[3]).toEqual({ key: 'constituents', label: { 'zh-CN': '联系选民', en: 'contacting constituents' }, custom: false });
    expect(kinds[5]).toEqual({ key: 'custom:代表接待日', label: { 'zh-CN': '代表接待日', en: '代表接待日' }, custom: true });
  });

  it('drops blank, repeated and over-long labels and survives a missing list', () => {
    const keys = activityKinds({ customActivityKinds: [' 接待日 ', '', '接待日', 'x'.repeat(21)] }).map((k) => k.key);
    expect(keys.slice(5)).toEqual(['custom:接待日']);
    expect(activityKinds({})).toHaveLength(5);
    expect(activityKinds({ customActivityKinds: 'not a list' })).toHaveLength(5);
  });

  it('allows only the kinds the configuration lists', () => {
    const config = { customActivityKinds: ['代表接待日'] };
    expect(isAllowedKind('meeting', config)).toBe(true);
    expect(isAllowedKind('custom:代表接待日', config)).toBe(true);
    expect(isAllowedKind('custom:茶话会', config)).toBe(false);
    expect(isAllowedKind('custom:代表接待日', {})).toBe(false);
    expect(isAllowedKind('training', config)).toBe(false);
  });
});
