import * as v from 'valibot';

/** What staff organise: an inspection, a group activity, a training, a meeting or a reception. */
export const eventKindNames = ['inspection', 'group', 'training', 'meeting', 'constituents'] as const;
export const invitationAnswers = ['accepted', 'declined'] as const;

const id = v.pipe(v.string(), v.uuid());
const timestamp = v.pipe(v.string(), v.trim(), v.isoTimestamp());
// A standard kind or `custom:<label>`; whether a custom label is allowed is the tenant's config.
const activityKind = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(27));
const title = v.pipe(v.string(), v.trim(), v.minLength(2), v.maxLength(100));
const place = v.pipe(v.string(), v.trim(), v.maxLength(100));
const description = v.pipe(v.string(), v.trim(), v.maxLength(2000));
// A county has a few hundred deputies; a list longer than that is a mistake, not an invitation.
const deputyIds = v.pipe(v.array(id), v.maxLength(1000));
const groupIds = v.pipe(v.array(id), v.maxLength(100));

export const EventCreate = v.object({
  kind: v.picklist(eventKindNames),
  activityKind,
  title,
  startsAt: timestamp,
  endsAt: timestamp,
  place: v.optional(place, ''),
  description: v.optional(description, ''),
  deputyIds: v.optional(deputyIds, []),
  groupIds: v.optional(groupIds, []),
});
export type EventCreate = v.InferOutput<typeof EventCreate>;

export const EventUpdate = v.strictObject({
  kind: v.optional(v.picklist(eventKindNames)),
  activityKind: v.optional(activityKind),
  title: v.optional(title),
  startsAt: v.optional(timestamp),
  endsAt: v.optional(timestamp),
  place: v.optional(place),
  description: v.optional(description),
});
export type EventUpdate = v.InferOutput<typeof EventUpdate>;

export const EventInvite = v.object({
  deputyIds: v.optional(deputyIds, []),
  groupIds: v.optional(groupIds, []),
});
export type EventInvite = v.InferOutput<typeof EventInvite>;

export const EventRespond = v.object({
  response: v.picklist(invitationAnswers),
  note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200)), ''),
});
export type EventRespond = v.InferOutput<typeof EventRespond>;

export const EventQuery = v.object({
  when: v.optional(v.picklist(['upcoming', 'past']), 'upcoming'),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(512))),
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.integer(), v.minValue(1), v.maxValue(100)), '20'),
});
export type EventQuery = v.InferOutput<typeof EventQuery>;

/** A scanned check-in code: `<payload>.<mac>`, both base64url. */
export const CheckinRequest = v.object({
  token: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(200)),
});
export type CheckinRequest = v.InferOutput<typeof CheckinRequest>;
