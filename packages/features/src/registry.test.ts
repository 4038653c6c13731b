import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { buildConfigSchema } from './config-schema.ts';
import { configDefaults } from './fields.ts';
import { findModule, getModule, moduleKeys, modules } from './registry.ts';

describe('module registry', () => {
  it("lists the twelve modules of DESIGN.md's table in its order", () => {
    expect(moduleKeys).toEqual([
      'deputies',
      'duties',
      'cases',
      'suggestions',
      'legislation',
      'livelihood',
      'supervision',
      'meetings',
      'office',
      'learning',
      'portal',
      'insights',
    ]);
    expect(modules.map((module) => module.key)).toEqual(moduleKeys);
  });

  it('finds a module by key and returns null for an unknown key', () => {
    expect(findModule('cases')?.key).toBe('cases');
    expect(findModule('chat')).toBeNull();
    expect(findModule('toString')).toBeNull();
  });

  it('gets a module by key and throws for an unknown key', () => {
    expect(getModule('insights').key).toBe('insights');
    expect(() => getModule('chat')).toThrow('Unknown module: chat');
  });

  it('declares which modules need the deputies registry or the duties module', () => {
    const dependencies = Object.fromEntries(modules.map((module) => [module.key, module.dependencies]));
    expect(dependencies).toEqual({
      deputies: [],
      duties: ['deputies'],
      cases: ['deputies'],
      suggestions: ['deputies'],
      legislation: [],
      livelihood: ['deputies'],
      supervision: [],
      meetings: ['deputies'],
      office: [],
      learning: ['duties'],
      portal: [],
      insights: [],
    });
  });

  it('enables the core modules by default and leaves the others off', () => {
    const enabled = modules.filter((module) => module.defaultEnabled).map((module) => module.key);
    expect(enabled).toEqual(['deputies', 'duties', 'cases', 'suggestions', 'portal', 'insights']);
  });

  it('gives only insights a web route for now', () => {
    const routes = Object.fromEntries(modules.filter((module) => module.route).map((module) => [module.key, module.route]));
    expect(routes).toEqual({ insights: '/insights' });
  });

  it('names and describes every module and field in both languages', () => {
    for (const module of modules) {
      for (const text of [module.name, module.description, ...module.fields.map((field) => field.label)]) {
        expect(text['zh-CN'].trim()).not.toBe('');
        expect(text.en.trim()).not.toBe('');
      }
    }
  });

  it('gives every module at least two fields with distinct keys', () => {
    for (const module of modules) {
      const keys = module.fields.map((field) => field.key);
      expect(keys.length, module.key).toBeGreaterThanOrEqual(2);
      expect(new Set(keys).size, module.key).toBe(keys.length);
    }
  });

  it('declares defaults that pass their own fields', () => {
    for (const module of modules) {
      expect(v.parse(buildConfigSchema(module.fields), {}), module.key).toEqual(configDefaults(module.fields));
    }
  });

  it('keeps the statutory and domain defaults', () => {
    const defaults = (key: string) => configDefaults(getModule(key).fields);
    expect(defaults('suggestions')).toMatchObject({ replyDeadlineDays: 90, motionCoSignerMinimum: 10 });
    expect(defaults('meetings')).toMatchObject({ quorumPercent: 50, voteThreshold: 'majority-of-all' });
    expect(defaults('insights')).toMatchObject({ activityWindowDays: 30 });
    expect(defaults('duties')).toMatchObject({ customActivityKinds: [] });
    expect(getModule('portal').fields.find((field) => field.key === 'publishDeputyDirectory')?.type).toBe('boolean');
  });

  it('has dependencies that are known modules and form no cycle', () => {
    const visit = (key: string, path: string[]): void => {
      expect(path, `cycle: ${[...path, key].join(' → ')}`).not.toContain(key);
      for (const dependency of getModule(key).dependencies) visit(dependency, [...path, key]);
    };
    for (const key of moduleKeys) visit(key, []);
  });
});
