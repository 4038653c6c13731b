import { sql, type SQL } from 'drizzle-orm';
import type { ScenarioCategory, ScenarioCreate, ScenarioDeadlines, ScenarioField, ScenarioTemplates, ScenarioUpdate } from '@renda/contracts';
import { rowsOf, type CaseSubmitter, type CaseTriage, type NotificationChannel, type Tx } from '@renda/db';

/** A scenario as the queries return it (jsonb columns parsed). */
export interface ScenarioRow {
  id: string;
  tenantId: string;
  tenantPath: string;
  tenantName: string;
  key: string;
  name: string;
  description: string;
  submitter: CaseSubmitter;
  triage: CaseTriage;
  fields: ScenarioField[];
  categories: ScenarioCategory[];
  deadlines: ScenarioDeadlines;
  ratingEnabled: boolean;
  phoneVerification: boolean;
  photosMax: number;
  location: 'none' | 'optional' | 'required';
  channels: NotificationChannel[];
  templates: ScenarioTemplates;
  sharedDown: boolean;
  state: 'active' | 'archived';
  version: number;
  updatedAt: Date | string;
}

const columns = sql`s.id, s.tenant_id as "tenantId", s.tenant_path::text as "tenantPath", t.name as "tenantName", s.key, s.name,
  s.description, s.submitter, s.triage, s.fields, s.categories, s.deadlines, s.rating_enabled as "ratingEnabled",
  s.phone_verification as "phoneVerification", s.photos_max as "photosMax", s.location, s.channels, s.templates,
  s.shared_down as "sharedDown", s.state, s.version, s.updated_at as "updatedAt"`;
const from = sql`from case_scenarios s join tenants t on t.id = s.tenant_id`;

/**
 * Scenarios a congress can use: its own and its ancestors' shared ones. The policy also lets a
 * congress read its descendants' scenarios (the roll-up); those are left out here.
 */
const usable = sql`s.tenant_path @> (select app_scope()) and (s.shared_down or s.tenant_path = (select app_scope()))`;

/** A visible scenario by id (own, inherited, or a descendant's), or null. */
export async function findScenarioRow(tx: Tx, id: string): Promise<ScenarioRow | null> {
  return rowsOf<ScenarioRow>(await tx.execute(sql`select ${columns} ${from} where s.id = ${id}`))[0] ?? null;
}

/** The active congress's own and inherited scenarios: own ones first, then nearer ancestors', each by key. */
export async function listUsableScenarios(tx: Tx, filter: { state?: 'active' | 'archived'; submitter?: CaseSubmitter } = {}): Promise<ScenarioRow[]> {
  const where: SQL[] = [usable];
  if (filter.state) where.push(sql`s.state = ${filter.state}`);
  if (filter.submitter) where.push(sql`s.submitter = ${filter.submitter}`);
  return rowsOf<ScenarioRow>(await tx.execute(sql`select ${columns} ${from} where ${sql.join(where, sql` and `)}
    order by nlevel(s.tenant_path) desc, s.key`));
}

/**
 * Active public scenarios for the scope's congress. An own (or nearer) scenario with the key of
 * an inherited one replaces it, so a county that copied 民生码上见 under the same key shows one form.
 */
export async function listPublicScenarios(tx: Tx): Promise<ScenarioRow[]> {
  return rowsOf<ScenarioRow>(await tx.execute(sql`select * from (
      select distinct on (s.key) ${columns} ${from}
      where ${usable} and s.state = 'active'
      order by s.key, nlevel(s.tenant_path) desc
    ) x where x.submitter = 'public' order by x.name`));
}

const json = (value: unknown) => sql`${JSON.stringify(value)}::jsonb`;

/** Insert a scenario of `tenantId`; null when the key is taken there. */
export async function insertScenario(tx: Tx, tenantId: string, s: ScenarioCreate, createdBy: string | null): Promise<string | null> {
  const rows = rowsOf<{ id: string }>(await tx.execute(sql`insert into case_scenarios (tenant_id, tenant_path, key, name, description,
      submitter, triage, fields, categories, deadlines, rating_enabled, phone_verification, photos_max, location, channels, templates,
      shared_down, created_by)
    values (${tenantId}, '', ${s.key}, ${s.name}, ${s.description}, ${s.submitter}, ${s.triage}, ${json(s.fields)}, ${json(s.categories)},
      ${json(s.deadlines)}, ${s.ratingEnabled}, ${s.phoneVerification}, ${s.photosMax}, ${s.location}, ${json(s.channels)},
      ${json(s.templates)}, ${s.sharedDown}, ${createdBy})
    on conflict (tenant_id, key) do nothing returning id`));
  return rows[0]?.id ?? null;
}

const columnOf: Record<keyof ScenarioUpdate, string> = {
  name: 'name', description: 'description', submitter: 'submitter', triage: 'triage', fields: 'fields', categories: 'categories',
  deadlines: 'deadlines', ratingEnabled: 'rating_enabled', phoneVerification: 'phone_verification', photosMax: 'photos_max',
  location: 'location', channels: 'channels', templates: 'templates', sharedDown: 'shared_down', state: 'state',
};
const jsonColumns = new Set(['fields', 'categories', 'deadlines', 'channels', 'templates']);

/**
 * Change a scenario of the active congress and bump its version, if it is still at `version`
 * (a concurrent edit answers false).
 */
export async function updateScenario(tx: Tx, id: string, version: number, changes: ScenarioUpdate): Promise<boolean> {
  const sets = Object.entries(changes).filter(([, value]) => value !== undefined).map(([key, value]) => {
    const column = columnOf[key as keyof ScenarioUpdate];
    return sql`${sql.identifier(column)} = ${jsonColumns.has(column) ? json(value) : value}`;
  });
  const rows = rowsOf(await tx.execute(sql`update case_scenarios set ${sql.join([...sets, sql`version = version + 1`, sql`updated_at = now()`], sql`, `)}
    where id = ${id} and version = ${version} and tenant_id = (select app_tenant()) returning id`));
  return rows.length === 1;
}
