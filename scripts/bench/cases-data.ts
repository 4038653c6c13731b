import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext, type DatabaseHandle } from '@renda/db';
import type { Platform } from '../../apps/api/src/boot.ts';
import { findScenario } from '../../apps/api/src/modules/cases/cases.flow.ts';
import { snapshotOf } from '../../apps/api/src/modules/cases/cases.open.ts';

/** The demo deputies of 阜宁县 whose QR codes the bench's residents scan. */
export const BENCH_CODES = ['FNWANG23', 'FNLXY234', 'FNZHW234', 'FNCHJ234'] as const;

export interface CasesSetup {
  tenantId: string;
  tenantPath: string;
  /** 民生码上见 copied into 阜宁县 without phone verification. */
  scenarioId: string;
  categories: string[];
  /** The snapshot a case of that scenario stores (the SQL baseline inserts the same). */
  snapshot: Record<string, unknown>;
  /** Deputy id behind each code. */
  deputies: Map<string, string>;
}

/**
 * Owner SQL that lets the bench submit without one-time codes, as a congress that turned phone
 * verification off would: the cases module of 阜宁县 with `phoneVerificationRequired: false` (and
 * a per-phone budget the bench never reaches), and a copy of the province's 民生码上见 in
 * 阜宁县 with `phone_verification` false — the public route asks for a code when either does.
 */
export async function prepareCases(platform: Platform): Promise<CasesSetup> {
  const owner = platform.owner!;
  const setup = await asOwner(owner, async (tx) => {
    const [county] = rowsOf<{ id: string; path: string }>(await tx.execute(sql`select id, path::text from tenants where code = '320923'`));
    if (!county) throw new Error('cases bench: 阜宁县 (320923) is not seeded');
    await tx.execute(sql`
      insert into tenant_modules (tenant_id, tenant_path, module_key, state, locked, config)
      values (${county.id}, '', 'cases', null, false, ${JSON.stringify({ phoneVerificationRequired: false, submissionsPerHour: 100 })}::jsonb)
      on conflict (tenant_id, module_key) do update set config = coalesce(tenant_modules.config, '{}'::jsonb) || excluded.config, updated_at = now()`);
    const [copy] = rowsOf<{ id: string }>(await tx.execute(sql`
      insert into case_scenarios (tenant_id, tenant_path, key, name, description, submitter, triage, fields, categories, deadlines,
        rating_enabled, phone_verification, photos_max, location, channels, templates, shared_down)
      select ${county.id}, '', 'people-bench', s.name, s.description, s.submitter, s.triage, s.fields, s.categories, s.deadlines,
        s.rating_enabled, false, s.photos_max, s.location, s.channels, s.templates, false
      from case_scenarios s
      where s.key = 'people' and s.tenant_path @> ${county.path}::ltree
      order by nlevel(s.tenant_path) desc limit 1
      on conflict (tenant_id, key) do update set phone_verification = false, state = 'active'
      returning id`));
    if (!copy) throw new Error('cases bench: no 民生码上见 (people) scenario above 阜宁县');
    return { tenantId: county.id, tenantPath: county.path, scenarioId: copy.id };
  });
  await platform.deps.flags.changed();
  const ctx = { tenantId: setup.tenantId, scopePath: setup.tenantPath };
  const scenario = await withContext(platform.deps.handle, ctx, (tx) => findScenario(tx, setup.scenarioId));
  if (!scenario) throw new Error('cases bench: the copied scenario is not visible to the app role');
  const deputies = new Map<string, string>();
  await withContext(platform.deps.handle, {}, async (tx) => {
    for (const code of BENCH_CODES) {
      const [d] = rowsOf<{ deputy_id: string }>(await tx.execute(sql`select deputy_id from public_deputy(${code})`));
      if (!d) throw new Error(`cases bench: no deputy behind ${code}`);
      deputies.set(code, d.deputy_id);
    }
  });
  return {
    ...setup,
    categories: scenario.categories.map((c) => c.key),
    snapshot: snapshotOf(scenario) as unknown as Record<string, unknown>,
    deputies,
  };
}

/** Rows a submission may leave behind, counted before and after each run. */
export const COUNTED = ['cases', 'case_contacts', 'case_events', 'case_files', 'files', 'notifications', 'deliveries', 'webhook_deliveries', 'audit_log', 'jobs'] as const;
export type Counts = Record<(typeof COUNTED)[number], number>;

export async function countRows(owner: DatabaseHandle, tenantId: string): Promise<Counts> {
  return asOwner(owner, async (tx) => {
    const [r] = rowsOf<Record<string, number>>(await tx.execute(sql`select
      (select count(*)::int from cases where tenant_id = ${tenantId}) as cases,
      (select count(*)::int from case_contacts where tenant_id = ${tenantId}) as case_contacts,
      (select count(*)::int from case_events where tenant_id = ${tenantId}) as case_events,
      (select count(*)::int from case_files where tenant_id = ${tenantId}) as case_files,
      (select count(*)::int from files where tenant_id = ${tenantId}) as files,
      (select count(*)::int from notifications where tenant_id = ${tenantId}) as notifications,
      (select count(*)::int from deliveries where tenant_id = ${tenantId}) as deliveries,
      (select count(*)::int from webhook_deliveries where tenant_id = ${tenantId}) as webhook_deliveries,
      (select count(*)::int from audit_log where tenant_id = ${tenantId}) as audit_log`));
    // pg-boss's jobs on a server; the embedded start runs its jobs in process and keeps none.
    const [boss] = rowsOf<{ present: boolean }>(await tx.execute(sql`select to_regclass('pgboss.job') is not null as present`));
    const jobs = boss?.present ? rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from pgboss.job where name in ('notify.deliver', 'webhook.deliver')`))[0].n : 0;
    return { ...(r as Omit<Counts, 'jobs'>), jobs } as Counts;
  });
}

/** The cases a run left, by Idempotency-Key prefix: key → tickets (more than one is a duplicate). */
export async function casesByKey(owner: DatabaseHandle, tenantId: string, prefix: string): Promise<Map<string, string[]>> {
  const rows = await asOwner(owner, async (tx) => rowsOf<{ submit_key: string; ticket: string }>(await tx.execute(sql`
    select submit_key, ticket from cases where tenant_id = ${tenantId} and submit_key like ${`${prefix}%`}`)));
  const byKey = new Map<string, string[]>();
  for (const r of rows) byKey.set(r.submit_key, [...(byKey.get(r.submit_key) ?? []), r.ticket]);
  return byKey;
}

/** Photos the run stored: their bytes are deleted after the bench (the rows go with the database). */
export async function storedKeys(owner: DatabaseHandle, tenantId: string, since: Date): Promise<string[]> {
  const rows = await asOwner(owner, async (tx) => rowsOf<{ storage_key: string; thumb_key: string | null }>(await tx.execute(sql`
    select storage_key, thumb_key from files where tenant_id = ${tenantId} and created_by is null and created_at >= ${since.toISOString()}::timestamptz`)));
  return rows.flatMap((r) => [r.storage_key, r.thumb_key]).filter((k): k is string => Boolean(k));
}
