import { isModuleKey, moduleKeys, type ModuleDefinition, type ModuleKey } from './module.ts';
import { cases } from './modules/cases.ts';
import { deputies } from './modules/deputies.ts';
import { duties } from './modules/duties.ts';
import { insights } from './modules/insights.ts';
import { learning } from './modules/learning.ts';
import { legislation } from './modules/legislation.ts';
import { livelihood } from './modules/livelihood.ts';
import { meetings } from './modules/meetings.ts';
import { office } from './modules/office.ts';
import { portal } from './modules/portal.ts';
import { suggestions } from './modules/suggestions.ts';
import { supervision } from './modules/supervision.ts';

export { moduleKeys };

const byKey: Record<ModuleKey, ModuleDefinition> = {
  deputies,
  duties,
  cases,
  suggestions,
  legislation,
  livelihood,
  supervision,
  meetings,
  office,
  learning,
  portal,
  insights,
};

/** Every module definition, in the order of {@link moduleKeys}. */
export const modules: readonly ModuleDefinition[] = moduleKeys.map((key) => byKey[key]);

/**
 * The module with this key, or null; for keys that come from outside (a URL, a stored row).
 * @example findModule('cases')?.name.en // 'Cases'
 */
export function findModule(key: string): ModuleDefinition | null {
  return isModuleKey(key) ? byKey[key] : null;
}

/**
 * The module with this key; throws on an unknown key, which is a programming error.
 * @example getModule('insights').route // '/insights'
 */
export function getModule(key: string): ModuleDefinition {
  const module = findModule(key);
  if (!module) throw new Error(`Unknown module: ${key}`);
  return module;
}
