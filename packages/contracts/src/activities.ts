import * as v from 'valibot';

export const activityStateNames = ['draft', 'submitted', 'returned', 'verified', 'published'] as const;

const uuid = v.pipe(v.string(), v.uuid());
const limitQuery = v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(100)), '20');
const cursorQuery = v.optional(v.pipe(v.string(), v.maxLength(512)));
const yearQuery = v.optional(v.pipe(v.string(), v.regex(/^\d{4}$/), v.transform(Number), v.minValue(2000), v.maxValue(2100)));

/** A standard kind or `custom:<label>`; whether the congress allows it is checked against its configuration. */
export const ActivityKindKey = v.pipe(v.string(), v.trim(), v.regex(/^(meeting|inspection|suggestion|constituents|group|custom:.{1,20})$/));

/** A calendar day `YYYY-MM-DD` that exists (2026-02-30 does not). */
const activityDay = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/),
  v.check((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 2000;
  }),
);

const activityFields = {
  kind: ActivityKindKey,
  title: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
  occurredOn: activityDay,
  place: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200)), ''),
  description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(5000)), ''),
  participants: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(1000)), ''),
  /** Evidence: ids of uploaded files of the same congress, in display order. */
  fileIds: v.optional(v.pipe(v.array(uuid), v.maxLength(20)), []),
};

/**
 * A new activity. A deputy sends neither `deputyId` nor `deputyIds` (the record is their own);
 * staff send one of them. `submit` hands it to verification at once instead of keeping a draft.
 */
export const ActivityCreate = v.pipe(
  v.strictObject({
    deputyId: v.optional(uuid),
    deputyIds: v.optional(v.pipe(v.array(uuid), v.minLength(1), v.maxLength(200))),
    ...activityFields,
    submit: v.optional(v.boolean(), false),
  }),
  v.forward(v.check((a) => !(a.deputyId && a.deputyIds)), ['deputyIds']),
);
export type ActivityCreate = v.InferOutput<typeof ActivityCreate>;

/** A change to a draft or returned activity; absent fields keep their value. `submit` saves and submits. */
export const ActivityUpdate = v.strictObject({
  kind: v.optional(activityFields.kind),
  title: v.optional(activityFields.title),
  occurredOn: v.optional(activityDay),
  place: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
  description: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(5000))),
  participants: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(1000))),
  fileIds: v.optional(v.pipe(v.array(uuid), v.maxLength(20))),
  submit: v.optional(v.boolean(), false),
});
export type ActivityUpdate = v.InferOutput<typeof ActivityUpdate>;

/** Why staff send an activity back to the deputy. */
export const ActivityReturn = v.strictObject({
  reason: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(500)),
});
export type ActivityReturn = v.InferOutput<typeof ActivityReturn>;

/** Verify several activities of the queue at once. */
export const ActivityBatchVerify = v.strictObject({
  ids: v.pipe(v.array(uuid), v.minLength(1), v.maxLength(200)),
});
export type ActivityBatchVerify = v.InferOutput<typeof ActivityBatchVerify>;

export const ActivityListQuery = v.object({
  deputyId: v.optional(uuid),
  state: v.optional(v.picklist(activityStateNames)),
  kind: v.optional(ActivityKindKey),
  year: yearQuery,
  cursor: cursorQuery,
  limit: limitQuery,
});

export const ActivityIdParam = v.object({ id: uuid });
export const ArchiveDeputyParam = v.object({ deputyId: uuid });

export const ArchiveQuery = v.object({ year: yearQuery });
export const ArchiveTimelineQuery = v.object({ cursor: cursorQuery, limit: limitQuery });

export const EvaluationQuery = v.object({
  year: yearQuery,
  groupId: v.optional(uuid),
  cursor: cursorQuery,
  limit: limitQuery,
});

export const EvaluationRollupQuery = v.object({ year: yearQuery });
