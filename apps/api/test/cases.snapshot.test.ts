import { describe, expect, it } from 'vitest';
import { snapshotOf } from '../src/modules/cases/cases.open.ts';
import { builtinScenarios } from '../src/modules/cases/builtin.ts';
import type { ScenarioRow } from '../src/modules/cases/scenarios.queries.ts';

const people = builtinScenarios.find((s) => s.key === 'people')!;
const row = (deadlines: ScenarioRow['deadlines']): ScenarioRow => ({
  ...people, id: '00000000-0000-4000-8000-000000000001', tenantId: 't', tenantPath: '32', tenantName: '江苏省', deadlines,
  state: 'active', version: 3, updatedAt: new Date(), fields: [...people.fields], categories: [...people.categories], channels: [...people.channels],
} as ScenarioRow);

describe('the snapshot a case keeps of its scenario', () => {
  it('takes the module\'s default reply limit when the scenario sets none', () => {
    const snapshot = snapshotOf(row({ accept: { amount: 24, unit: 'hours' } }), 15);
    expect(snapshot.deadlines).toEqual({ accept: { amount: 24, unit: 'hours' }, reply: { amount: 15, unit: 'workingDays' } });
  });

  it('keeps the scenario\'s own reply limit over the default, and adds none without a default', () => {
    expect(snapshotOf(row({ reply: { amount: 5, unit: 'workingDays' } }), 15).deadlines.reply).toEqual({ amount: 5, unit: 'workingDays' });
    expect(snapshotOf(row({}), null).deadlines.reply).toBeUndefined();
  });

  it('records the scenario version it was taken from', () => {
    expect(snapshotOf(row({}), null)).toMatchObject({ key: 'people', version: 3 });
  });
});
