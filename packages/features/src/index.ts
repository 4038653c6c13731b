export {
  booleanField,
  configDefaults,
  enumField,
  fieldLimits,
  integerField,
  listField,
  numberField,
  stringField,
  textField,
  type ConfigField,
  type ConfigFieldType,
  type ConfigOption,
  type ConfigValues,
  type Locale,
  type Localized,
} from './fields.ts';
export {
  buildConfigSchema,
  fieldSchema,
  normalizeConfig,
  validateConfig,
  type ConfigResult,
  type ConfigSchema,
} from './config-schema.ts';
export { toJsonSchema, type ConfigJsonSchema } from './json-schema.ts';
export { isModuleKey, type ModuleDefinition, type ModuleKey } from './module.ts';
export { findModule, getModule, moduleKeys, modules } from './registry.ts';
export { resolveAll, resolveModule, type FlagRow, type ResolvedModule } from './resolve.ts';
export { activityKindSettings, scoringRules, yearScore, type ScoringRules } from './modules/duties.ts';
