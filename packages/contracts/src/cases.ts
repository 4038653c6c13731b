import * as v from 'valibot';

/** Case states, in the order of the closed loop. */
export const caseStateNames = ['submitted', 'accepted', 'transferred', 'signed', 'replied', 'closed', 'rated', 'merged'] as const;
export type CaseStateName = (typeof caseStateNames)[number];
/** The steps a deadline can be set on, in order. */
export const caseStepNames = ['accept', 'sign', 'reply', 'close', 'rate'] as const;
export type CaseStepName = (typeof caseStepNames)[number];
/** 1 satisfied (满意), 2 basically satisfied (基本满意), 3 unsatisfied (不满意). */
export const caseRatingValues = [1, 2, 3] as const;
/** Events an outbound webhook can subscribe to (`case.*` for all). */
export const caseEventNames = [
  'case.submitted', 'case.accepted', 'case.answered', 'case.transferred', 'case.signed', 'case.replied', 'case.opinion',
  'case.returned', 'case.closed', 'case.rated', 'case.reopened', 'case.merged', 'case.converted', 'case.urged', 'case.overdue',
  'case.escalated', 'case.note',
] as const;

const uuid = v.pipe(v.string(), v.uuid());
const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const required = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const key = v.pipe(v.string(), v.trim(), v.regex(/^[a-z0-9][a-z0-9-]{1,39}$/));
const limitQuery = v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(100)), '20');
const cursorQuery = v.optional(v.pipe(v.string(), v.maxLength(512)));

/** A calendar day `YYYY-MM-DD` that exists. */
export const IsoDay = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/),
  v.check((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s && d.getUTCFullYear() >= 2000 && d.getUTCFullYear() <= 2100;
  }),
);

/** A mainland mobile number: 11 digits starting with 1. */
export const MobilePhone = v.pipe(v.string(), v.trim(), v.regex(/^1[3-9]\d{9}$/));

// ---------------------------------------------------------------------------------------------
// Scenario configuration (the jsonb columns of case_scenarios)

/** A time limit: a number of working days (per the congress's calendar) or of clock hours. */
export const TimeLimit = v.strictObject({
  amount: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(720)),
  unit: v.picklist(['workingDays', 'hours']),
});
export type TimeLimit = v.InferOutput<typeof TimeLimit>;

/** Limits per step; a step without one has no deadline. `rate` is how long the submitter may rate. */
export const ScenarioDeadlines = v.strictObject({
  accept: v.optional(TimeLimit),
  sign: v.optional(TimeLimit),
  reply: v.optional(TimeLimit),
  close: v.optional(TimeLimit),
  rate: v.optional(TimeLimit),
});
export type ScenarioDeadlines = v.InferOutput<typeof ScenarioDeadlines>;

/** A form field beyond title, text, photos and location. */
export const ScenarioField = v.strictObject({
  key: v.pipe(v.string(), v.regex(/^[a-z][a-zA-Z0-9_]{0,29}$/)),
  label: required(40),
  type: v.picklist(['text', 'textarea', 'number', 'date', 'select']),
  required: v.optional(v.boolean(), false),
  options: v.optional(v.pipe(v.array(required(40)), v.maxLength(30)), []),
  help: v.optional(text(120), ''),
});
export type ScenarioField = v.InferOutput<typeof ScenarioField>;

/** A category and where it goes: the code of a unit in the case's congress (routing), or nobody. */
export const ScenarioCategory = v.strictObject({
  key: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,29}$/)),
  name: required(30),
  unitCode: v.optional(v.nullable(v.pipe(v.string(), v.trim(), v.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/))), null),
});
export type ScenarioCategory = v.InferOutput<typeof ScenarioCategory>;

/**
 * Message templates per notification kind (`submitted`, `transferred`, `replied`, `closed`,
 * `overdue` …), each in both languages, with placeholders {ticket} {title} {deputy} {unit} {due} {link}.
 */
export const ScenarioTemplates = v.record(
  v.pipe(v.string(), v.regex(/^[a-z][a-z-]{1,29}$/)),
  v.strictObject({ 'zh-CN': required(300), en: required(300) }),
);
export type ScenarioTemplates = v.InferOutput<typeof ScenarioTemplates>;

export const scenarioChannelNames = ['inapp', 'sms', 'wechat', 'email'] as const;

const scenarioFields = {
  name: required(30),
  description: v.optional(text(300), ''),
  submitter: v.picklist(['public', 'deputy']),
  triage: v.picklist(['deputy', 'staff', 'auto']),
  fields: v.optional(v.pipe(v.array(ScenarioField), v.maxLength(20)), []),
  categories: v.optional(v.pipe(v.array(ScenarioCategory), v.maxLength(50)), []),
  deadlines: ScenarioDeadlines,
  ratingEnabled: v.optional(v.boolean(), true),
  phoneVerification: v.optional(v.boolean(), true),
  photosMax: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9)), 6),
  location: v.optional(v.picklist(['none', 'optional', 'required']), 'optional'),
  channels: v.optional(v.pipe(v.array(v.picklist(scenarioChannelNames)), v.maxLength(4)), ['inapp', 'sms']),
  templates: v.optional(ScenarioTemplates, {}),
  sharedDown: v.optional(v.boolean(), false),
};

const uniqueKeys = (list: { key: string }[]) => new Set(list.map((x) => x.key)).size === list.length;

/** A new scenario of the active congress. Field and category keys are unique within it. */
export const ScenarioCreate = v.pipe(
  v.strictObject({ key, ...scenarioFields }),
  v.forward(v.check((s) => uniqueKeys(s.fields), 'duplicate key'), ['fields']),
  v.forward(v.check((s) => uniqueKeys(s.categories), 'duplicate key'), ['categories']),
);
export type ScenarioCreate = v.InferOutput<typeof ScenarioCreate>;

/** A change to a scenario; absent fields keep their value. Running cases keep the rules they opened with. */
export const ScenarioUpdate = v.pipe(
  v.strictObject({
    name: v.optional(scenarioFields.name),
    description: v.optional(text(300)),
    submitter: v.optional(scenarioFields.submitter),
    triage: v.optional(scenarioFields.triage),
    fields: v.optional(v.pipe(v.array(ScenarioField), v.maxLength(20))),
    categories: v.optional(v.pipe(v.array(ScenarioCategory), v.maxLength(50))),
    deadlines: v.optional(ScenarioDeadlines),
    ratingEnabled: v.optional(v.boolean()),
    phoneVerification: v.optional(v.boolean()),
    photosMax: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9))),
    location: v.optional(v.picklist(['none', 'optional', 'required'])),
    channels: v.optional(v.pipe(v.array(v.picklist(scenarioChannelNames)), v.maxLength(4))),
    templates: v.optional(ScenarioTemplates),
    sharedDown: v.optional(v.boolean()),
    state: v.optional(v.picklist(['active', 'archived'])),
  }),
  v.forward(v.check((s) => !s.fields || uniqueKeys(s.fields), 'duplicate key'), ['fields']),
  v.forward(v.check((s) => !s.categories || uniqueKeys(s.categories), 'duplicate key'), ['categories']),
);
export type ScenarioUpdate = v.InferOutput<typeof ScenarioUpdate>;

/** Copy an inherited scenario into the active congress under a new key, to adapt it. */
export const ScenarioCopy = v.strictObject({ key, name: v.optional(scenarioFields.name) });

// ---------------------------------------------------------------------------------------------
// Cases

/** Values of the scenario's own fields, checked against its field definitions by the service. */
const fieldValues = v.optional(v.pipe(v.record(v.pipe(v.string(), v.maxLength(30)), v.union([v.pipe(v.string(), v.maxLength(2000)), v.number()])), v.check((r) => Object.keys(r).length <= 20)), {});

const caseContent = {
  scenarioId: uuid,
  category: v.optional(v.pipe(v.string(), v.maxLength(30)), ''),
  title: required(200),
  body: v.optional(text(5000), ''),
  fields: fieldValues,
  location: v.optional(text(200), ''),
  lat: v.optional(v.nullable(v.pipe(v.number(), v.minValue(-90), v.maxValue(90))), null),
  lng: v.optional(v.nullable(v.pipe(v.number(), v.minValue(-180), v.maxValue(180))), null),
  fileIds: v.optional(v.pipe(v.array(uuid), v.maxLength(9)), []),
};

const bothOrNeither = <T extends { lat: number | null; lng: number | null }>(c: T) => (c.lat === null) === (c.lng === null);

/** A case a deputy raises in the field (随手拍, 代表督事): in the congress of the active membership. */
export const CaseCreate = v.pipe(
  v.strictObject({ ...caseContent, unitId: v.optional(uuid) }),
  v.forward(v.check((c) => bothOrNeither(c)), ['lng']),
);
export type CaseCreate = v.InferOutput<typeof CaseCreate>;

/**
 * A case from the public, addressed through a deputy's or a station's public code. `otp` is the
 * one-time code sent to `phone` when the scenario asks for a verified phone.
 */
export const PublicCaseCreate = v.pipe(
  v.strictObject({
    code: v.pipe(v.string(), v.trim(), v.toUpperCase(), v.regex(/^[2-9A-HJ-NP-Z]{8}$/)),
    ...caseContent,
    name: v.optional(text(40), ''),
    phone: v.optional(v.nullable(MobilePhone), null),
    otp: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^\d{6}$/))), null),
  }),
  v.forward(v.check((c) => bothOrNeither(c)), ['lng']),
);
export type PublicCaseCreate = v.InferOutput<typeof PublicCaseCreate>;

/** Ask for a one-time code by SMS before a public submission. */
export const PublicOtpRequest = v.strictObject({ phone: MobilePhone });

export const CaseQuery = v.object({
  /** inbox: cases the caller holds the next step of; unit: the caller's units' assignments; all: the visible subtree; overdue: past deadline. */
  view: v.optional(v.picklist(['inbox', 'unit', 'all', 'overdue', 'mine']), 'all'),
  state: v.optional(v.picklist(caseStateNames)),
  scenarioId: v.optional(uuid),
  tenantId: v.optional(uuid),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  cursor: cursorQuery,
  limit: limitQuery,
});
export type CaseQuery = v.InferOutput<typeof CaseQuery>;

const note = v.optional(text(2000), '');
export const CaseNote = v.strictObject({ note: required(2000) });
export const CaseAccept = v.strictObject({ note });
export const CaseAnswer = v.strictObject({ answer: required(5000), fileIds: v.optional(v.pipe(v.array(uuid), v.maxLength(9)), []) });
export const CaseTransfer = v.pipe(
  v.strictObject({ leadUnitId: uuid, coUnitIds: v.optional(v.pipe(v.array(uuid), v.maxLength(10)), []), note }),
  v.forward(v.check((t) => !t.coUnitIds.includes(t.leadUnitId) && new Set(t.coUnitIds).size === t.coUnitIds.length, 'lead and co units differ'), ['coUnitIds']),
);
export type CaseTransfer = v.InferOutput<typeof CaseTransfer>;
export const CaseSign = v.strictObject({ unitId: v.optional(uuid), note });
export const CaseReply = v.strictObject({ unitId: v.optional(uuid), reply: required(5000), fileIds: v.optional(v.pipe(v.array(uuid), v.maxLength(9)), []) });
export const CaseOpinion = v.strictObject({ unitId: v.optional(uuid), opinion: required(5000) });
export const CaseReturn = v.strictObject({ unitId: v.optional(uuid), reason: required(1000) });
export const CaseClose = v.strictObject({ note });
export const CaseMerge = v.strictObject({ intoTicket: v.pipe(v.string(), v.trim(), v.maxLength(20)), note });
export const CaseConvert = v.strictObject({ title: v.optional(text(200)), body: v.optional(text(10000)), note });
export const CaseUrge = v.strictObject({ note });
export const CaseRate = v.strictObject({ rating: v.picklist(caseRatingValues), comment: v.optional(text(500), '') });
export type CaseRate = v.InferOutput<typeof CaseRate>;

// ---------------------------------------------------------------------------------------------
// Calendar, notifications, webhooks, integration keys

export const CalendarQuery = v.object({ year: v.pipe(v.string(), v.regex(/^\d{4}$/), v.transform(Number), v.minValue(2000), v.maxValue(2100)) });
export const CalendarDaySet = v.strictObject({ kind: v.picklist(['holiday', 'workday']), name: v.optional(text(30), '') });
/** Working days from a date, to preview a deadline. */
export const CalendarAddQuery = v.object({
  from: IsoDay,
  days: v.pipe(v.string(), v.regex(/^\d{1,3}$/), v.transform(Number), v.minValue(0), v.maxValue(365)),
});

export const NotificationQuery = v.object({ unread: v.optional(v.picklist(['true', 'false'])), cursor: cursorQuery, limit: limitQuery });

const httpUrl = v.pipe(v.string(), v.trim(), v.url(), v.regex(/^https?:\/\//), v.maxLength(500));
const eventList = v.pipe(v.array(v.union([v.literal('case.*'), v.picklist(caseEventNames)])), v.minLength(1), v.maxLength(caseEventNames.length + 1));
export const WebhookCreate = v.strictObject({ name: required(60), url: httpUrl, events: v.optional(eventList, ['case.*']) });
export const WebhookUpdate = v.strictObject({ name: v.optional(required(60)), url: v.optional(httpUrl), events: v.optional(eventList), active: v.optional(v.boolean()) });
export const WebhookDeliveryQuery = v.object({ endpointId: v.optional(uuid), status: v.optional(v.picklist(['pending', 'delivered', 'failed'])), cursor: cursorQuery, limit: limitQuery });

export const IntegrationKeyCreate = v.strictObject({ name: required(60), unitId: v.optional(v.nullable(uuid), null) });
/** A status update from an external system, for a case of the key's congress. */
export const IntegrationCaseEvent = v.strictObject({
  action: v.picklist(['sign', 'reply', 'note']),
  note: v.optional(text(5000), ''),
  externalId: v.optional(text(100), ''),
});
export type IntegrationCaseEvent = v.InferOutput<typeof IntegrationCaseEvent>;
