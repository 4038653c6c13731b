import * as v from 'valibot';

export const deputySectorNames = ['worker', 'farmer', 'professional', 'official', 'business', 'military', 'other'] as const;
export const deputyStatusNames = ['serving', 'resigned', 'removed'] as const;
export const deputyGenders = ['male', 'female', ''] as const;
export const deputyLevels = ['province', 'city', 'county', 'township'] as const;

/** Public codes (deputies and stations): 8 characters without 0, 1, I, L and O, which read alike. */
export const publicCodeAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const publicCodePattern = /^[2-9A-HJ-NP-Z]{8}$/;

const uuid = v.pipe(v.string(), v.uuid());
const text = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const name = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
/** A calendar day `YYYY-MM-DD` that exists (2026-02-30 does not). */
const isoDate = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/),
  v.check((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)),
);
const limit = v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(100)), '20');
const cursor = v.optional(v.pipe(v.string(), v.maxLength(512)));

export const TermCreate = v.strictObject({
  number: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(99)),
  startsOn: isoDate,
  endsOn: v.optional(v.nullable(isoDate)),
});
export type TermCreate = v.InferOutput<typeof TermCreate>;

export const TermUpdate = v.strictObject({ endsOn: v.nullable(isoDate) });
export type TermUpdate = v.InferOutput<typeof TermUpdate>;

export const GroupCreate = v.strictObject({ name: name(40), description: v.optional(text(200), '') });
export type GroupCreate = v.InferOutput<typeof GroupCreate>;

export const GroupUpdate = v.strictObject({ name: v.optional(name(40)), description: v.optional(text(200)) });
export type GroupUpdate = v.InferOutput<typeof GroupUpdate>;

const stationFields = {
  name: name(60),
  address: text(120),
  phone: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^[0-9+\- ]{0,20}$/)), ''),
  openHours: v.optional(text(60), ''),
};
export const StationCreate = v.strictObject(stationFields);
export type StationCreate = v.InferOutput<typeof StationCreate>;

export const StationUpdate = v.strictObject({
  name: v.optional(stationFields.name),
  address: v.optional(stationFields.address),
  phone: v.optional(v.pipe(v.string(), v.trim(), v.regex(/^[0-9+\- ]{0,20}$/))),
  openHours: v.optional(text(60)),
});
export type StationUpdate = v.InferOutput<typeof StationUpdate>;

export const DeputyQuery = v.object({
  q: v.optional(text(40), ''),
  termId: v.optional(uuid),
  groupId: v.optional(uuid),
  status: v.optional(v.picklist(deputyStatusNames)),
  level: v.optional(v.picklist(deputyLevels)),
  tenantId: v.optional(uuid),
  cursor,
  limit,
});
export type DeputyQuery = v.InferOutput<typeof DeputyQuery>;

/** Fields of a seat that staff keep; `null` clears a link. */
const seatFields = {
  constituency: v.optional(text(60)),
  groupId: v.optional(v.nullable(uuid)),
  // A form that clears the choice sends null: "other" sector, no gender.
  sector: v.optional(v.pipe(v.nullable(v.picklist(deputySectorNames)), v.transform((s) => s ?? 'other'))),
  stationId: v.optional(v.nullable(uuid)),
  gender: v.optional(v.pipe(v.nullable(v.picklist(deputyGenders)), v.transform((g) => g ?? ''))),
  party: v.optional(text(30)),
  workplace: v.optional(text(100)),
  bio: v.optional(text(2000)),
  photoFileId: v.optional(v.nullable(uuid)),
  electedOn: v.optional(v.nullable(isoDate)),
};

export const DeputyAccount = v.strictObject({
  username: v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,39}$/)),
  displayName: name(50),
  phone: v.optional(v.union([v.literal(''), v.pipe(v.string(), v.trim(), v.regex(/^1\d{10}$/))]), ''),
});

export const DeputyCreate = v.strictObject({
  userId: v.optional(uuid),
  account: v.optional(DeputyAccount),
  termId: uuid,
  ...seatFields,
});
export type DeputyCreate = v.InferOutput<typeof DeputyCreate>;

export const DeputyUpdate = v.strictObject({
  ...seatFields,
  status: v.optional(v.picklist(deputyStatusNames)),
  leftOn: v.optional(v.nullable(isoDate)),
  statusNote: v.optional(text(200)),
});
export type DeputyUpdate = v.InferOutput<typeof DeputyUpdate>;

/** Up to 20,000 rows in one import, as for accounts. */
export const DeputyImport = v.object({
  csv: v.pipe(v.string(), v.minLength(1), v.maxLength(8_000_000)),
  dryRun: v.optional(v.boolean(), true),
});
export type DeputyImport = v.InferOutput<typeof DeputyImport>;

/** One CSV row of the deputies import; empty optional cells keep what an existing seat has. */
export const DeputyRow = v.object({
  username: DeputyAccount.entries.username,
  display_name: name(50),
  phone: DeputyAccount.entries.phone,
  tenant_code: v.pipe(v.string(), v.trim(), v.regex(/^\d{2,12}$/)),
  term: v.pipe(v.string(), v.trim(), v.regex(/^\d{1,2}$/), v.transform(Number), v.minValue(1), v.maxValue(99)),
  constituency: v.optional(text(60), ''),
  group: v.optional(text(40), ''),
  sector: v.optional(v.picklist([...deputySectorNames, '']), ''),
  station: v.optional(text(60), ''),
  elected_on: v.optional(v.union([v.literal(''), isoDate]), ''),
  gender: v.optional(v.picklist(deputyGenders), ''),
  party: v.optional(text(30), ''),
  workplace: v.optional(text(100), ''),
});
export type DeputyRow = v.InferOutput<typeof DeputyRow>;

// The database function returns at most 100 rows and a page asks for one more than it shows.
export const PublicActivityQuery = v.object({
  cursor,
  limit: v.optional(v.pipe(v.string(), v.regex(/^\d+$/), v.transform(Number), v.minValue(1), v.maxValue(50)), '20'),
});
export type PublicActivityQuery = v.InferOutput<typeof PublicActivityQuery>;
