import { sql, type SQL } from 'drizzle-orm';
import type { ScenarioCategory, ScenarioDeadlines, ScenarioField, ScenarioTemplates } from '@renda/contracts';
import { rowsOf, type CaseState, type CaseSubmitter, type CaseTriage, type NotificationChannel, type Tx } from '@renda/db';

/** The scenario's rules as a case keeps them from its submission on. */
export interface CaseSnapshot {
  id: string;
  key: string;
  name: string;
  version: number;
  submitter: CaseSubmitter;
  triage: CaseTriage;
  deadlines: ScenarioDeadlines;
  ratingEnabled: boolean;
  channels: NotificationChannel[];
  templates: ScenarioTemplates;
  categories: ScenarioCategory[];
  fields: ScenarioField[];
  photosMax: number;
  location: 'none' | 'optional' | 'required';
  phoneVerification: boolean;
}

export type DueStep = 'accept' | 'sign' | 'reply' | 'close' | 'rate';
export type Resolution = 'answered' | 'handled' | 'suggestion' | 'merged';

/** A case as the queries return it; `seatUserId` and `officerUserIds` feed the ability check. */
export interface CaseRow {
  id: string;
  tenantId: string;
  tenantPath: string;
  tenantName: string;
  ticket: string;
  scenarioId: string;
  snapshot: CaseSnapshot;
  source: CaseSubmitter;
  deputyId: string | null;
  deputyName: string | null;
  /** The person behind the case's deputy seat (the handling deputy when triage is `deputy`). */
  seatUserId: string | null;
  stationId: string | null;
  stationName: string | null;
  submittedBy: string | null;
  category: string;
  title: string;
  body: string;
  fields: Record<string, string | number>;
  location: string;
  lat: number | null;
  lng: number | null;
  phoneMasked: string | null;
  state: CaseState;
  round: number;
  answer: string | null;
  resolution: Resolution | null;
  dueStep: DueStep | null;
  dueAt: Date | string | null;
  remindedAt: Date | string | null;
  escalatedAt: Date | string | null;
  rating: number | null;
  ratingComment: string | null;
  ratedAt: Date | string | null;
  mergedInto: string | null;
  mergedTicket: string | null;
  suggestionDraft: Record<string, unknown> | null;
  eventSeq: number;
  createdAt: Date | string;
  acceptedAt: Date | string | null;
  closedAt: Date | string | null;
  /** Timestamps with microseconds, for keyset cursors (a JS Date keeps only milliseconds). */
  createdKey: string;
  dueKey: string | null;
  officerUserIds: string[];
}

const micro = (column: SQL) => sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

// Joins carry tenant_id so that a distributed database can keep a congress's rows together.
const columns = sql`c.id, c.tenant_id as "tenantId", c.tenant_path::text as "tenantPath", t.name as "tenantName", c.ticket,
  c.scenario_id as "scenarioId", c.scenario_snapshot as snapshot, c.source, c.deputy_id as "deputyId", du.display_name as "deputyName",
  d.user_id::text as "seatUserId", c.station_id as "stationId", st.name as "stationName", c.submitted_by as "submittedBy", c.category,
  c.title, c.body, c.fields, c.location, c.lat, c.lng, c.phone_masked as "phoneMasked", c.state, c.round, c.answer, c.resolution,
  c.due_step as "dueStep", c.due_at as "dueAt", c.reminded_at as "remindedAt", c.escalated_at as "escalatedAt", c.rating,
  c.rating_comment as "ratingComment", c.rated_at as "ratedAt", c.merged_into as "mergedInto", m.ticket as "mergedTicket",
  c.suggestion_draft as "suggestionDraft", c.event_seq as "eventSeq", c.created_at as "createdAt", c.accepted_at as "acceptedAt",
  c.closed_at as "closedAt", ${micro(sql`c.created_at`)} as "createdKey", ${micro(sql`c.due_at`)} as "dueKey",
  array(select distinct o.user_id::text from case_assignments a
        join unit_officers o on o.tenant_id = a.tenant_id and o.unit_id = a.unit_id
        where a.tenant_id = c.tenant_id and a.case_id = c.id and a.round = c.round) as "officerUserIds"`;
const joins = sql`join tenants t on t.id = c.tenant_id
  left join deputies d on d.tenant_id = c.tenant_id and d.id = c.deputy_id
  left join users du on du.id = d.user_id
  left join stations st on st.id = c.station_id
  left join cases m on m.tenant_id = c.tenant_id and m.id = c.merged_into`;

/** A visible case by id, or null. */
export async function findCase(tx: Tx, id: string): Promise<CaseRow | null> {
  return rowsOf<CaseRow>(await tx.execute(sql`select ${columns} from cases c ${joins} where c.id = ${id}`))[0] ?? null;
}

/**
 * Lock a case for a state change (`select … for update`): a second writer waits here and then
 * reads the winner's committed state, so the loser of a race sees the new state and gets 409.
 * The update policy applies to the lock, so only the owning congress's context can take it.
 */
export async function lockCase(tx: Tx, id: string): Promise<CaseRow | null> {
  const locked = rowsOf(await tx.execute(sql`select c.id from cases c where c.id = ${id} for update`));
  return locked.length ? findCase(tx, id) : null;
}

/** Lock several cases in id order, so two merges in opposite directions cannot deadlock. */
export async function lockCases(tx: Tx, ids: string[]): Promise<void> {
  await tx.execute(sql`select c.id from cases c where c.id = any(${`{${ids.join(',')}}`}::uuid[]) order by c.id for update`);
}

/** The id of a case of a congress by ticket, or null. */
export async function caseIdByTicket(tx: Tx, tenantId: string, ticket: string): Promise<string | null> {
  return rowsOf<{ id: string }>(await tx.execute(sql`select id from cases where tenant_id = ${tenantId} and ticket = ${ticket}`))[0]?.id ?? null;
}

export interface CaseListFilter {
  view: 'inbox' | 'unit' | 'all' | 'overdue' | 'mine';
  userId: string;
  /** The active congress (the inbox is of this congress). */
  tenantId: string;
  /** The caller reads every visible case (staff, upper tiers); else only cases they take part in. */
  readsAll: boolean;
  /** The caller takes the cases its congress's staff handle. */
  staffInbox: boolean;
  state?: CaseState;
  scenarioId?: string;
  inTenantId?: string;
  q?: string;
  after: [string, string] | null;
  limit: number;
  now: Date;
  /** A province or city scope: the policy alone filters the subtree (see listActivities). */
  wideScope: boolean;
}

const openStates = sql`('submitted', 'accepted', 'transferred', 'signed', 'replied')`;
/** The handling deputy of a case is `userId` (triage `deputy` and a seat of theirs). */
const handledByDeputy = (userId: string) => sql`(q.scenario_snapshot->>'triage' = 'deputy'
  and (q.tenant_id, q.deputy_id) in (select o.tenant_id, o.id from deputies o where o.user_id = ${userId}))`;
/**
 * `userId` is an officer of a unit assigned in the case's current round. Written as a semi-join
 * from the person's units (unit_officers_user_idx, then case_assignments by unit), so a unit's
 * queue does not probe every case of the congress.
 */
const officerOf = (userId: string) => sql`(q.tenant_id, q.id, q.round) in (select a.tenant_id, a.case_id, a.round from unit_officers o
  join case_assignments a on a.tenant_id = o.tenant_id and a.unit_id = o.unit_id
  where o.user_id = ${userId})`;

function listWhere(f: CaseListFilter): SQL[] {
  const where: SQL[] = f.wideScope && !f.inTenantId ? [sql`true`] : [sql`q.tenant_path <@ (select app_scope())`];
  if (!f.readsAll) where.push(sql`(q.submitted_by = ${f.userId} or ${handledByDeputy(f.userId)} or ${officerOf(f.userId)})`);
  if (f.view === 'inbox') {
    const staff = f.staffInbox ? sql` or not (q.scenario_snapshot->>'triage' = 'deputy' and q.deputy_id is not null)` : sql``;
    where.push(sql`q.tenant_id = ${f.tenantId} and q.state in ('submitted', 'accepted', 'replied') and (${handledByDeputy(f.userId)}${staff})`);
  }
  if (f.view === 'unit') where.push(officerOf(f.userId));
  if (f.view === 'mine') where.push(sql`q.submitted_by = ${f.userId}`);
  if (f.view === 'overdue') where.push(sql`q.state in ${openStates} and q.due_at < ${f.now.toISOString()}::timestamptz`);
  if (f.state) where.push(sql`q.state = ${f.state}`);
  if (f.scenarioId) where.push(sql`q.scenario_id = ${f.scenarioId}`);
  if (f.inTenantId) where.push(sql`q.tenant_id = ${f.inTenantId}`);
  if (f.q) where.push(sql`(q.ticket = ${f.q} or q.title ilike ${`%${f.q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`})`);
  return where;
}

/**
 * A page of visible cases (limit + 1 rows): newest first on (created_at, id), which walks
 * `cases_recent_idx`; the overdue board most overdue first on (due_at, id) through
 * `cases_due_idx`. The page is cut on `cases` alone and only its rows are joined.
 */
export async function listCases(tx: Tx, f: CaseListFilter): Promise<CaseRow[]> {
  const where = listWhere(f);
  const overdue = f.view === 'overdue';
  if (f.after) {
    where.push(overdue
      ? sql`(q.due_at, q.id) > (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`
      : sql`(q.created_at, q.id) < (${f.after[0]}::timestamptz, ${f.after[1]}::uuid)`);
  }
  const order = overdue ? sql`due_at, id` : sql`created_at desc, id desc`;
  const outer = overdue ? sql`c.due_at, c.id` : sql`c.created_at desc, c.id desc`;
  return rowsOf<CaseRow>(await tx.execute(sql`select ${columns}
    from (select q.* from cases q where ${sql.join(where, sql` and `)} order by ${order} limit ${f.limit + 1}) c
    ${joins}
    order by ${outer}`));
}
