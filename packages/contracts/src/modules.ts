import * as v from 'valibot';

export const ModuleStateUpdate = v.object({
  state: v.picklist(['on', 'off', 'inherit']),
  locked: v.optional(v.boolean()),
});
export type ModuleStateUpdate = v.InferOutput<typeof ModuleStateUpdate>;

/** The shape of `config` is each module's own schema, checked by the features registry. */
export const ModuleConfigUpdate = v.object({ config: v.record(v.string(), v.unknown()) });
export type ModuleConfigUpdate = v.InferOutput<typeof ModuleConfigUpdate>;
