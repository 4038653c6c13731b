import { toJsonSchema as convert, type JsonSchema } from '@valibot/to-json-schema';
import { buildConfigSchema, hasUniqueItems } from './config-schema.ts';
import type { ConfigField } from './fields.ts';

/** A JSON Schema (draft 2020-12) object describing a module's configuration. */
export type ConfigJsonSchema = JsonSchema & {
  $schema: 'https://json-schema.org/draft/2020-12/schema';
  type: 'object';
  properties: Record<string, JsonSchema>;
  required: string[];
  additionalProperties: false;
};

/**
 * Describes a module's configuration as JSON Schema (draft 2020-12), converted from the same
 * valibot schema that validates it, so the document and the validator cannot drift apart.
 * Each property carries `title` (zh-CN), `x-label` (both languages), `x-field-type`, `default`,
 * and where present `description`/`x-help` and `x-options` (enum labels) for the admin UI.
 * @example
 * toJsonSchema(getModule('insights').fields).properties.activityWindowDays;
 * // { type: 'integer', minimum: 1, maximum: 365, default: 30, title: '活跃统计周期（天）', … }
 */
export function toJsonSchema(fields: readonly ConfigField[]): ConfigJsonSchema {
  const { $schema, ...schema } = convert(buildConfigSchema(fields), {
    target: 'draft-2020-12',
    // `finite` has no JSON Schema keyword (JSON cannot carry Infinity anyway), and our own
    // uniqueness check maps to `uniqueItems`; any other unknown action still throws.
    overrideAction: ({ valibotAction, jsonSchema }) => {
      if (valibotAction.type === 'finite') return jsonSchema;
      if (valibotAction.type === 'check' && 'requirement' in valibotAction && valibotAction.requirement === hasUniqueItems) {
        return { ...jsonSchema, uniqueItems: true };
      }
      return undefined;
    },
  });
  // The converter appends `$schema` last; put it first, where readers of the document look.
  return { $schema, ...schema } as ConfigJsonSchema;
}
