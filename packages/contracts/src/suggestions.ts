import * as v from 'valibot';
import { IsoDay } from './cases.ts';

/** Motions (议案) and suggestions (建议). */
export const suggestionKindNames = ['motion', 'suggestion'] as const;
export type SuggestionKindName = (typeof suggestionKindNames)[number];
/** States in the order of the lifecycle; `merged` and `withdrawn` end it early. */
export const suggestionStateNames = ['draft', 'submitted', 'returned', 'accepted', 'assigned', 'signed', 'replied', 'closed', 'merged', 'withdrawn'] as const;
export type SuggestionStateName = (typeof suggestionStateNames)[number];
/** A solved or adopted, B being solved or planned, C explained / kept for reference. */
export const replyCategoryNames = ['A', 'B', 'C'] as const;
export type ReplyCategoryName = (typeof replyCategoryNames)[number];
/** 1 satisfied (满意), 2 basically satisfied (基本满意), 3 unsatisfied (不满意). */
export const suggestionRatingValues = [1, 2, 3] as const;
/** Tiers as the search filter names them (the depth of the congress in the tree). */
export const tierNames = ['province', 'city', 'county', 'township'] as const;

const uuid = v.pipe(v.string(), v.uuid());
const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const required = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const note = v.optional(text(2000), '');
const limitQuery = v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(100)), '20');
const cursorQuery = v.optional(v.pipe(v.string(), v.maxLength(512)));
const yearQuery = v.pipe(v.string(), v.regex(/^\d{4}$/), v.transform(Number), v.minValue(2000), v.maxValue(2100));
const fileIds = v.optional(v.pipe(v.array(uuid), v.maxLength(20)), []);
const userIds = v.optional(v.pipe(v.array(uuid), v.maxLength(100), v.check((l) => new Set(l).size === l.length, 'duplicate')), []);

// ---------------------------------------------------------------------------------------------
// Sessions and categories (staff of the congress)

export const SuggestionSessionCreate = v.pipe(
  v.strictObject({
    name: required(60),
    year: v.pipe(v.number(), v.integer(), v.minValue(2000), v.maxValue(2100)),
    kind: v.picklist(['congress', 'interim']),
    startsOn: IsoDay,
    endsOn: v.optional(v.nullable(IsoDay), null),
  }),
  v.forward(v.check((s) => !s.endsOn || s.endsOn >= s.startsOn, 'ends before it starts'), ['endsOn']),
);
export type SuggestionSessionCreate = v.InferOutput<typeof SuggestionSessionCreate>;
export const SuggestionSessionUpdate = v.strictObject({
  name: v.optional(required(60)),
  endsOn: v.optional(v.nullable(IsoDay)),
  state: v.optional(v.picklist(['open', 'closed'])),
});
export type SuggestionSessionUpdate = v.InferOutput<typeof SuggestionSessionUpdate>;

export const SuggestionCategoryCreate = v.strictObject({
  name: required(30),
  parentId: v.optional(v.nullable(uuid), null),
  position: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9999)), 0),
});
export type SuggestionCategoryCreate = v.InferOutput<typeof SuggestionCategoryCreate>;
export const SuggestionCategoryUpdate = v.strictObject({
  name: v.optional(required(30)),
  position: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9999))),
});
export type SuggestionCategoryUpdate = v.InferOutput<typeof SuggestionCategoryUpdate>;

// ---------------------------------------------------------------------------------------------
// Drafting (deputies)

/**
 * A new draft in the active congress, by a serving deputy (the lead author). `source` `case`
 * takes title and text from the case's suggestion draft when they are left empty; `group` files
 * it for a delegation group, whose members are invited as co-authors unless listed otherwise.
 */
export const SuggestionCreate = v.pipe(
  v.strictObject({
    kind: v.picklist(suggestionKindNames),
    title: v.optional(text(200), ''),
    body: v.optional(text(20000), ''),
    categoryId: v.optional(v.nullable(uuid), null),
    sessionId: v.optional(v.nullable(uuid), null),
    urgent: v.optional(v.boolean(), false),
    source: v.optional(v.picklist(['scratch', 'case', 'group']), 'scratch'),
    sourceCaseId: v.optional(v.nullable(uuid), null),
    groupId: v.optional(v.nullable(uuid), null),
    authorUserIds: userIds,
    cosignerUserIds: userIds,
    fileIds,
    publicAgreed: v.optional(v.boolean(), false),
  }),
  v.forward(v.check((s) => s.source !== 'case' || Boolean(s.sourceCaseId), 'required'), ['sourceCaseId']),
  v.forward(v.check((s) => s.source !== 'group' || Boolean(s.groupId), 'required'), ['groupId']),
  v.forward(v.check((s) => s.source === 'case' || s.title.length > 0, 'required'), ['title']),
  v.forward(v.check((s) => !s.cosignerUserIds.some((id) => s.authorUserIds.includes(id)), 'duplicate'), ['cosignerUserIds']),
);
export type SuggestionCreate = v.InferOutput<typeof SuggestionCreate>;

/** Edits of a draft or of a submission returned for revision; absent fields keep their value. */
export const SuggestionUpdate = v.strictObject({
  kind: v.optional(v.picklist(suggestionKindNames)),
  title: v.optional(required(200)),
  body: v.optional(text(20000)),
  categoryId: v.optional(v.nullable(uuid)),
  sessionId: v.optional(v.nullable(uuid)),
  urgent: v.optional(v.boolean()),
  fileIds: v.optional(v.pipe(v.array(uuid), v.maxLength(20))),
  publicAgreed: v.optional(v.boolean()),
});
export type SuggestionUpdate = v.InferOutput<typeof SuggestionUpdate>;

// ---------------------------------------------------------------------------------------------
// Actions: POST /suggestions/:id/<action>

export const SuggestionInvite = v.strictObject({ role: v.picklist(['author', 'cosigner']), userIds: v.pipe(v.array(uuid), v.minLength(1), v.maxLength(100)) });
export const SuggestionCosign = v.strictObject({ decision: v.picklist(['sign', 'decline']), note });
export const SuggestionSubmit = v.strictObject({ note });
export const SuggestionWithdraw = v.strictObject({ reason: required(1000) });
/** Accept and number it (第N号) under a session; staff may correct the category and mark it urgent or key. */
export const SuggestionAccept = v.strictObject({
  sessionId: v.optional(uuid),
  categoryId: v.optional(v.nullable(uuid)),
  urgent: v.optional(v.boolean()),
  note,
});
export const SuggestionReturn = v.strictObject({ reason: required(2000) });
export const SuggestionMerge = v.strictObject({ intoId: uuid, note });
/** A motion that does not qualify (too few co-signers, not a matter for a motion) becomes a suggestion. */
export const SuggestionConvert = v.strictObject({ reason: required(1000) });
export const SuggestionAssign = v.pipe(
  v.strictObject({
    leadUnitId: uuid,
    coUnitIds: v.optional(v.pipe(v.array(uuid), v.maxLength(10)), []),
    /** Days to reply, counted from today; default: the module's (urgent ones: the urgent limit). */
    replyDays: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(180))), null),
    note,
  }),
  v.forward(v.check((a) => !a.coUnitIds.includes(a.leadUnitId) && new Set(a.coUnitIds).size === a.coUnitIds.length, 'lead and co units differ'), ['coUnitIds']),
);
export type SuggestionAssign = v.InferOutput<typeof SuggestionAssign>;
/** Replace a unit of the current round (usually one that asked for reassignment); no `newUnitId` withdraws a co-handling unit. */
export const SuggestionReassign = v.strictObject({ unitId: uuid, newUnitId: v.optional(v.nullable(uuid), null), note });
export type SuggestionReassign = v.InferOutput<typeof SuggestionReassign>;
export const SuggestionSign = v.strictObject({ unitId: v.optional(uuid), note });
export const SuggestionRequestReassign = v.strictObject({ unitId: v.optional(uuid), reason: required(1000) });
export const SuggestionOpinion = v.strictObject({ unitId: v.optional(uuid), opinion: required(10000), fileIds });
export const SuggestionReply = v.strictObject({
  unitId: v.optional(uuid),
  reply: required(20000),
  category: v.picklist(replyCategoryNames),
  fileIds,
  publicAgreed: v.optional(v.boolean(), false),
});
export type SuggestionReply = v.InferOutput<typeof SuggestionReply>;
/** The authors rate each unit that answered in the current round, all at once. */
export const SuggestionRate = v.pipe(
  v.strictObject({
    ratings: v.pipe(
      v.array(v.strictObject({ unitId: uuid, rating: v.picklist(suggestionRatingValues), comment: v.optional(text(1000), '') })),
      v.minLength(1), v.maxLength(11),
    ),
    publicAgreed: v.optional(v.boolean()),
  }),
  v.forward(v.check((r) => new Set(r.ratings.map((x) => x.unitId)).size === r.ratings.length, 'duplicate'), ['ratings']),
);
export type SuggestionRate = v.InferOutput<typeof SuggestionRate>;
/** Put a key suggestion under a committee's or a leader's supervision, or take it off (`key: false`). */
export const SuggestionSupervise = v.pipe(
  v.strictObject({
    key: v.boolean(),
    supervisorKind: v.optional(v.nullable(v.picklist(['committee', 'leader'])), null),
    supervisorUserId: v.optional(v.nullable(uuid), null),
    supervisorName: v.optional(text(60), ''),
    note,
  }),
  v.forward(v.check((s) => !s.key || Boolean(s.supervisorKind && (s.supervisorUserId || s.supervisorName)), 'required'), ['supervisorKind']),
);
export type SuggestionSupervise = v.InferOutput<typeof SuggestionSupervise>;
export const SuggestionPublish = v.strictObject({ publish: v.boolean() });
export const SuggestionUrge = v.strictObject({ note });
export const SuggestionNote = v.strictObject({ note: required(2000) });

// ---------------------------------------------------------------------------------------------
// Lists, search, analysis

export const SuggestionQuery = v.object({
  /**
   * mine: the caller's own (authored or co-signed, any state); invited: awaiting the caller's
   * signature; review: submitted, awaiting staff; unit: the caller's units' assignments;
   * supervised: under the caller's supervision; overdue: past a deadline; all: the visible subtree.
   */
  view: v.optional(v.picklist(['mine', 'invited', 'review', 'unit', 'supervised', 'overdue', 'all']), 'all'),
  state: v.optional(v.picklist(suggestionStateNames)),
  kind: v.optional(v.picklist(suggestionKindNames)),
  sessionId: v.optional(uuid),
  tenantId: v.optional(uuid),
  cursor: cursorQuery,
  limit: limitQuery,
});
export type SuggestionQuery = v.InferOutput<typeof SuggestionQuery>;

const commaList = <T extends readonly string[]>(names: T) =>
  v.pipe(v.string(), v.maxLength(200), v.transform((s) => s.split(',').filter(Boolean)), v.array(v.picklist(names)));

/** The database search: every filter is optional; `q` is Chinese text (segmented by jieba). */
export const SuggestionSearchQuery = v.object({
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100)), ''),
  tenantId: v.optional(uuid),
  tier: v.optional(v.picklist(tierNames)),
  sessionId: v.optional(uuid),
  kind: v.optional(v.picklist(suggestionKindNames)),
  categoryId: v.optional(uuid),
  unitId: v.optional(uuid),
  state: v.optional(commaList(suggestionStateNames)),
  rating: v.optional(v.pipe(v.string(), v.regex(/^[123]$/), v.transform(Number))),
  year: v.optional(yearQuery),
  order: v.optional(v.picklist(['rank', 'recent']), 'rank'),
  cursor: cursorQuery,
  limit: limitQuery,
});
export type SuggestionSearchQuery = v.InferOutput<typeof SuggestionSearchQuery>;

/** Export of a search: the same filters, up to 50,000 rows. */
export const SuggestionExportQuery = v.object({
  ...SuggestionSearchQuery.entries,
  format: v.optional(v.picklist(['xlsx', 'csv']), 'xlsx'),
});
export type SuggestionExportQuery = v.InferOutput<typeof SuggestionExportQuery>;

export const SuggestionStatsQuery = v.object({ tenantId: v.optional(uuid), year: v.optional(yearQuery), sessionId: v.optional(uuid) });
export type SuggestionStatsQuery = v.InferOutput<typeof SuggestionStatsQuery>;

export const SuggestionTopicsQuery = v.object({
  tenantId: v.optional(uuid),
  months: v.optional(v.pipe(v.string(), v.regex(/^\d{1,2}$/), v.transform(Number), v.minValue(3), v.maxValue(36)), '12'),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d{1,2}$/), v.transform(Number), v.minValue(1), v.maxValue(30)), '10'),
});
export type SuggestionTopicsQuery = v.InferOutput<typeof SuggestionTopicsQuery>;

export const SupervisionSubjectCreate = v.strictObject({
  title: required(100),
  description: v.optional(text(2000), ''),
  keywords: v.pipe(v.array(required(20)), v.minLength(1), v.maxLength(10)),
  year: v.pipe(v.number(), v.integer(), v.minValue(2000), v.maxValue(2100)),
  source: v.optional(v.picklist(['topic', 'manual']), 'manual'),
});
export type SupervisionSubjectCreate = v.InferOutput<typeof SupervisionSubjectCreate>;
export const SupervisionSubjectUpdate = v.strictObject({
  title: v.optional(required(100)),
  description: v.optional(text(2000)),
  keywords: v.optional(v.pipe(v.array(required(20)), v.minLength(1), v.maxLength(10))),
  state: v.optional(v.picklist(['open', 'closed'])),
});
export type SupervisionSubjectUpdate = v.InferOutput<typeof SupervisionSubjectUpdate>;

export const PublicSuggestionQuery = v.object({ cursor: cursorQuery, limit: limitQuery });
