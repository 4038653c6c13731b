import type { ConfigField, Localized } from './fields.ts';

/** Every module of the platform, in the order of DESIGN.md's table; each is a feature flag. */
export const moduleKeys = [
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
] as const;

export type ModuleKey = (typeof moduleKeys)[number];

/**
 * A module as the registry declares it. `dependencies` must be on for the module to be on;
 * `route` is the web app's page for the module, or null while it has none.
 */
export type ModuleDefinition = {
  key: ModuleKey;
  name: Localized;
  description: Localized;
  defaultEnabled: boolean;
  dependencies: ModuleKey[];
  fields: ConfigField[];
  route: string | null;
};

/**
 * Whether a string names a module, for narrowing keys read from the database or a URL.
 * @example isModuleKey('cases') // true
 */
export function isModuleKey(key: string): key is ModuleKey {
  return (moduleKeys as readonly string[]).includes(key);
}
