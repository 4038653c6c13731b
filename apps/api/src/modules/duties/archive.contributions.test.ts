import { afterEach, describe, expect, it } from 'vitest';
import type { Tx } from '@renda/db';
import type { DeputyRef } from '../deputies/deputies.lookup.ts';
import { contributionProviders, contributionsOf, registerContribution, unregisterContribution } from './archive.contributions.ts';

const tx = {} as Tx;
const deputy = { id: 'd1' } as DeputyRef;
const label = { 'zh-CN': '办理民意', en: 'Cases handled' };

afterEach(() => {
  unregisterContribution('cases');
  unregisterContribution('suggestions');
});

describe('archive contributions', () => {
  it('ships with no provider, so an archive lists none', async () => {
    expect(contributionProviders).toEqual([]);
    expect(await contributionsOf(tx, deputy, () => true)).toEqual([]);
  });

  it('counts through each registered provider whose module is on, in registration order', async () => {
    registerContribution({ module: 'suggestions', label: { 'zh-CN': '提出建议', en: 'Suggestions' }, count: async () => 3 });
    registerContribution({ module: 'cases', label, count: async (_tx, d) => (d.id === 'd1' ? 7 : 0) });
    expect(await contributionsOf(tx, deputy, () => true)).toEqual([
      { module: 'suggestions', label: { 'zh-CN': '提出建议', en: 'Suggestions' }, count: 3 },
      { module: 'cases', label, count: 7 },
    ]);
    expect((await contributionsOf(tx, deputy, (m) => m !== 'suggestions')).map((c) => c.module)).toEqual(['cases']);
  });

  it('replaces a module\'s provider when it registers again', async () => {
    registerContribution({ module: 'cases', label, count: async () => 1 });
    registerContribution({ module: 'cases', label, count: async () => 2 });
    expect(await contributionsOf(tx, deputy, () => true)).toEqual([{ module: 'cases', label, count: 2 }]);
  });
});
