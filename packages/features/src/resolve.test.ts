import { describe, expect, it } from 'vitest';
import { getModule } from './registry.ts';
import { resolveAll, resolveModule, type FlagRow } from './resolve.ts';

// One branch of Jiangsu: province › Yancheng › Funing county › a township, plus a sibling county.
const tenants = {
  province: { tenantId: 't-32', tenantPath: '32', tenantName: '江苏省人大常委会' },
  city: { tenantId: 't-3209', tenantPath: '32.3209', tenantName: '盐城市人大常委会' },
  county: { tenantId: 't-320923', tenantPath: '32.3209.320923', tenantName: '阜宁县人大常委会' },
  township: { tenantId: 't-320923100', tenantPath: '32.3209.320923.320923100', tenantName: '阜城街道人大工委' },
  sibling: { tenantId: 't-320922', tenantPath: '32.3209.320922', tenantName: '滨海县人大常委会' },
};
const county = tenants.county.tenantPath;
const township = tenants.township.tenantPath;

function row(moduleKey: string, tenant: keyof typeof tenants, flag: Partial<FlagRow> = {}): FlagRow {
  return { moduleKey, ...tenants[tenant], state: null, locked: false, config: null, ...flag };
}

const legislation = getModule('legislation'); // off by default
const cases = getModule('cases'); // on by default
const insights = getModule('insights');

describe('resolveModule', () => {
  it("uses the module's default when no tenant on the path has a row", () => {
    expect(resolveModule(legislation, [], county)).toMatchObject({ state: 'inherit', enabled: false, locked: false });
    expect(resolveModule(cases, [], county)).toMatchObject({ state: 'inherit', enabled: true, lockedBy: null });
  });

  it("follows the tenant's own explicit setting over the default", () => {
    const rows = [row('legislation', 'county', { state: 'on' })];
    expect(resolveModule(legislation, rows, county)).toMatchObject({ key: 'legislation', state: 'on', enabled: true });
  });

  it('inherits the nearest ancestor with an explicit setting', () => {
    const rows = [row('cases', 'province', { state: 'on' }), row('cases', 'city', { state: 'off' })];
    expect(resolveModule(cases, rows, county)).toMatchObject({ state: 'inherit', enabled: false, locked: false });
  });

  it("prefers the tenant's own setting to an unlocked ancestor's", () => {
    const rows = [row('cases', 'city', { state: 'off' }), row('cases', 'county', { state: 'on' })];
    expect(resolveModule(cases, rows, county)).toMatchObject({ state: 'on', enabled: true });
  });

  it("lets an ancestor's lock win over the tenant's own setting and says who locked it", () => {
    const rows = [row('cases', 'province', { state: 'off', locked: true }), row('cases', 'county', { state: 'on' })];
    expect(resolveModule(cases, rows, county)).toMatchObject({
      state: 'on',
      enabled: false,
      locked: true,
      lockedBy: { tenantId: 't-32', name: '江苏省人大常委会' },
    });
  });

  it('lets the topmost lock win over a lock set lower down', () => {
    const rows = [row('legislation', 'province', { state: 'on', locked: true }), row('legislation', 'city', { state: 'off', locked: true })];
    expect(resolveModule(legislation, rows, county)).toMatchObject({ enabled: true, lockedBy: { tenantId: 't-32' } });
  });

  it('does not lock the tenant that set the lock, only its descendants', () => {
    const rows = [row('legislation', 'county', { state: 'on', locked: true }), row('legislation', 'township', { state: 'off' })];
    expect(resolveModule(legislation, rows, county)).toMatchObject({ state: 'on', enabled: true, locked: false, lockedBy: null });
    expect(resolveModule(legislation, rows, township)).toMatchObject({
      state: 'off',
      enabled: true,
      locked: true,
      lockedBy: { tenantId: 't-320923', name: '阜宁县人大常委会' },
    });
  });

  it('ignores a lock that carries no state', () => {
    const rows = [row('cases', 'province', { locked: true }), row('cases', 'county', { state: 'off' })];
    expect(resolveModule(cases, rows, county)).toMatchObject({ enabled: false, locked: false });
  });

  it('ignores rows of siblings, descendants and paths that only share a string prefix', () => {
    const rows = [
      row('legislation', 'sibling', { state: 'on', locked: true }),
      row('legislation', 'township', { state: 'on', locked: true }),
      { ...row('legislation', 'city', { state: 'on', locked: true }), tenantPath: '32.3209.32092' },
    ];
    expect(resolveModule(legislation, rows, county)).toMatchObject({ state: 'inherit', enabled: false, locked: false });
  });

  it('ignores rows of other modules', () => {
    const rows = [row('office', 'county', { state: 'on' })];
    expect(resolveModule(legislation, rows, county).enabled).toBe(false);
  });

  it('never treats a row with an empty path as the root', () => {
    const rows = [{ ...row('cases', 'province', { state: 'off', locked: true }), tenantPath: '' }];
    expect(resolveModule(cases, rows, county)).toMatchObject({ enabled: true, locked: false });
  });

  it('gives the field defaults when no tenant on the path has configured the module', () => {
    expect(resolveModule(insights, [], county).config).toEqual({ activityWindowDays: 30, hotTopicCount: 10, publicDashboard: false });
  });

  it("merges the tenant's own configuration over the field defaults", () => {
    const rows = [row('insights', 'county', { config: { activityWindowDays: 90 } })];
    expect(resolveModule(insights, rows, county).config).toEqual({ activityWindowDays: 90, hotTopicCount: 10, publicDashboard: false });
  });

  it("takes the nearest ancestor's configuration as a whole, even from a row without a state", () => {
    const rows = [
      row('insights', 'province', { config: { activityWindowDays: 60 } }),
      row('insights', 'city', { config: { hotTopicCount: 20 } }),
    ];
    expect(resolveModule(insights, rows, county).config).toEqual({ activityWindowDays: 30, hotTopicCount: 20, publicDashboard: false });
  });

  it("prefers the tenant's own configuration to its ancestors'", () => {
    const rows = [row('insights', 'province', { config: { hotTopicCount: 20 } }), row('insights', 'county', { config: { hotTopicCount: 5 } })];
    expect(resolveModule(insights, rows, county).config.hotTopicCount).toBe(5);
  });

  it('falls back to defaults for stored values the fields no longer accept', () => {
    const rows = [row('insights', 'county', { config: { activityWindowDays: 0, retired: true } })];
    expect(resolveModule(insights, rows, county).config).toEqual({ activityWindowDays: 30, hotTopicCount: 10, publicDashboard: false });
  });
});

describe('resolveAll', () => {
  it('resolves every module, each by its own rows', () => {
    const flags = resolveAll([row('office', 'city', { state: 'on' })], county);
    expect(Object.keys(flags)).toHaveLength(12);
    expect(flags.office.enabled).toBe(true);
    expect(flags.cases).toMatchObject({ enabled: true, blockedBy: null });
    expect(flags.legislation.enabled).toBe(false);
  });

  it('turns off every module that depends on a disabled module', () => {
    const rows = [row('deputies', 'province', { state: 'off', locked: true }), row('meetings', 'county', { state: 'on' })];
    const flags = resolveAll(rows, county);
    for (const key of ['duties', 'cases', 'suggestions', 'meetings'] as const) {
      expect(flags[key], key).toMatchObject({ enabled: false, blockedBy: 'deputies' });
    }
    expect(flags.meetings.state).toBe('on');
    expect(flags.portal).toMatchObject({ enabled: true, blockedBy: null });
    expect(flags.insights.enabled).toBe(true);
  });

  it('cascades transitively: learning is off when deputies is off, through duties', () => {
    const rows = [row('deputies', 'county', { state: 'off' }), row('learning', 'county', { state: 'on' })];
    const flags = resolveAll(rows, county);
    expect(flags.duties).toMatchObject({ enabled: false, blockedBy: 'deputies' });
    expect(flags.learning).toMatchObject({ state: 'on', enabled: false, blockedBy: 'duties' });
  });

  it('keeps a module on when its dependencies are on', () => {
    const flags = resolveAll([row('learning', 'city', { state: 'on' })], county);
    expect(flags.learning).toMatchObject({ enabled: true, blockedBy: null });
  });
});
