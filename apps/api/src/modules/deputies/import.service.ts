import type { Tx } from '@renda/db';
import { DeputyRow } from '@renda/contracts';
import { subjectOf } from '@renda/policy';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { t, type Locale, type MessageKey } from '../../platform/i18n.ts';
import { Problem } from '../../platform/problem.ts';
import { check } from '../../platform/validate.ts';
import { parseCsv } from '../accounts/csv.ts';
import { matchAccount } from '../accounts/accounts.queries.ts';
import { tenantsByCode } from './deputies.queries.ts';
import { unknownPasswordHash } from './passwords.ts';
import { applyRow, RowReject, type ImportState, type PlannedRow, type RowStatus } from './import.row.ts';
import { groupIdsByName, listTerms, stationsByName } from './registry.queries.ts';

export interface ReportRow { line: number; status: RowStatus; username: string; tenantCode: string; roles: string[]; reason: string | null }
type Reject = (line: number, raw: Record<string, string>, key: MessageKey, params?: Record<string, unknown>) => void;

const MAX_ROWS = 20_000;
const REQUIRED = ['username', 'display_name', 'tenant_code', 'term'];
const HASH_BATCH = 8;

class DryRun extends Error {}

/**
 * Import deputies from CSV: accounts, `deputy` memberships and seats. As with accounts, the dry
 * run walks the same path in a transaction that is rolled back, each row sits in its own
 * savepoint so a bad row rejects only itself, and re-running a file reports `unchanged`.
 */
export async function importDeputies(c: Ctx, csv: string, dryRun: boolean) {
  const auth = requireAuth(c);
  authorize(c, 'import', subjectOf('Deputy', { tenantId: auth.membership.tenantId }));
  const locale = c.get('locale');
  const { header, records } = readFile(csv, locale);
  const report: ReportRow[] = [];
  const reject: Reject = (line, raw, key, params = {}) =>
    report.push({ line, status: 'rejected', username: raw.username ?? '', tenantCode: raw.tenant_code ?? '', roles: ['deputy'], reason: t(locale, key, params) });
  try {
    await tenantTx(c, async (tx) => {
      const parsed = parseRows(records, header, locale, reject);
      const platform = auth.membership.roles.includes('platform_admin');
      const { plan, state } = await planRows(tx, parsed, auth.membership.tenantId, platform, dryRun, reject);
      if (!dryRun) await hashNewPasswords(tx, plan, state);
      for (const p of plan) {
        const status = await applyInSavepoint(tx, c, p, state, reject);
        if (status) report.push({ line: p.line, status, username: p.row.username, tenantCode: p.row.tenant_code, roles: ['deputy'], reason: null });
      }
      report.sort((a, b) => a.line - b.line);
      await audit(tx, c, { action: 'deputy.import', subjectType: 'Deputy', detail: { dryRun, total: report.length, ...countStatuses(report) } });
      if (dryRun) throw new DryRun();
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return { dryRun, total: report.length, counts: countStatuses(report), rows: report };
}

/** The header and data records of the file, or a 422 for a file that cannot be imported at all. */
function readFile(csv: string, locale: Locale) {
  const records = parseCsv(csv);
  const fileError = (key: MessageKey, params: Record<string, unknown> = {}) =>
    new Problem(422, 'validation', key, params, { errors: [{ path: 'csv', message: t(locale, key, params) }] });
  if (records.length < 2) throw fileError('import.empty');
  const header = records[0].cells.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((k) => !header.includes(k));
  if (missing.length) throw fileError('import.missingColumns', { columns: missing.join(', ') });
  if (records.length - 1 > MAX_ROWS) throw fileError('import.tooMany', { max: MAX_ROWS });
  return { header, records: records.slice(1) };
}

/** Apply one row in its own savepoint; a failure rolls back that row alone and is reported. */
async function applyInSavepoint(tx: Tx, c: Ctx, p: PlannedRow, state: ImportState, reject: Reject): Promise<RowStatus | null> {
  const raw = { username: p.row.username, tenant_code: p.row.tenant_code };
  try {
    const result = await tx.transaction((sp) => applyRow(sp as Tx, c, p, state));
    // Remembered only now: a group made in a savepoint that rolled back does not exist.
    if (result.newGroup) state.groups.get(result.newGroup.tenantId)!.set(result.newGroup.name, result.newGroup.id);
    return result.status;
  } catch (error) {
    if (error instanceof RowReject) {
      reject(p.line, raw, error.key, error.params);
      return null;
    }
    process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'deputy import row failed', line: p.line, error: String((error as { cause?: unknown }).cause ?? error) })}\n`);
    reject(p.line, raw, 'import.rowFailed', { username: p.row.username });
    return null;
  }
}

type ParsedRow = { line: number; row: DeputyRow; raw: Record<string, string> };

function parseRows(records: { line: number; cells: string[] }[], header: string[], locale: Locale, reject: Reject): ParsedRow[] {
  const seen = new Map<string, number>();
  const out: ParsedRow[] = [];
  for (const { line, cells } of records) {
    const raw = Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()]));
    const parsed = check(DeputyRow, raw, locale);
    if (!parsed.ok) {
      reject(line, raw, 'import.badRow', { fields: parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ') });
      continue;
    }
    const key = `${parsed.value.tenant_code}/${parsed.value.term}/${parsed.value.username.toLowerCase()}`;
    if (seen.has(key)) { reject(line, raw, 'import.duplicateRow', { line: seen.get(key) }); continue; }
    seen.set(key, line);
    out.push({ line, row: parsed.value, raw });
  }
  return out;
}

/** Resolve each row's congress, term and station; load the groups of the congresses involved. */
async function planRows(tx: Tx, parsed: ParsedRow[], activeTenantId: string, platform: boolean, dryRun: boolean, reject: Reject) {
  const tenants = new Map((await tenantsByCode(tx, [...new Set(parsed.map((p) => p.row.tenant_code))])).map((x) => [x.code, x]));
  const stations = await stationsByName(tx, [...new Set(parsed.map((p) => p.row.station).filter(Boolean))]);
  const terms = new Map<string, Map<number, string>>();
  const state: ImportState = { dryRun, hashes: new Map(), groups: new Map() };
  const plan: PlannedRow[] = [];
  for (const { line, row, raw } of parsed) {
    const tenant = tenants.get(row.tenant_code);
    if (!tenant || tenant.status !== 'active') { reject(line, raw, 'import.unknownTenant', { code: row.tenant_code }); continue; }
    // Like the accounts import: a congress imports its own deputies; the provincial team, its subtree.
    if (!platform && tenant.id !== activeTenantId) { reject(line, raw, 'import.notOwnTenant', { code: row.tenant_code }); continue; }
    if (!terms.has(tenant.id)) {
      terms.set(tenant.id, new Map((await listTerms(tx, tenant.id)).map((x) => [x.number, x.id])));
      state.groups.set(tenant.id, await groupIdsByName(tx, tenant.id));
    }
    const termId = terms.get(tenant.id)!.get(row.term);
    if (!termId) { reject(line, raw, 'deputy.import.termNotFound', { code: row.tenant_code, term: row.term }); continue; }
    let stationId: string | null = null;
    if (row.station) {
      const picked = pickStation(stations.filter((s) => s.name === row.station), tenant.path);
      if (!picked) { reject(line, raw, 'deputy.import.stationNotFound', { name: row.station }); continue; }
      if (picked === 'ambiguous') { reject(line, raw, 'deputy.import.stationAmbiguous', { name: row.station }); continue; }
      stationId = picked.id;
    }
    plan.push({ line, row, tenantId: tenant.id, level: tenant.level, termId, stationId });
  }
  return { plan, state };
}

/**
 * The station a row means by name: the row's own congress first, then the nearest ancestor,
 * then a single match below; several matches below cannot be told apart.
 */
function pickStation(candidates: { id: string; tenantPath: string }[], tenantPath: string) {
  const own = candidates.find((s) => s.tenantPath === tenantPath);
  if (own) return own;
  const up = candidates.filter((s) => tenantPath.startsWith(`${s.tenantPath}.`)).sort((a, b) => b.tenantPath.length - a.tenantPath.length);
  if (up.length) return up[0];
  const down = candidates.filter((s) => s.tenantPath.startsWith(`${tenantPath}.`));
  if (down.length > 1) return 'ambiguous' as const;
  return down[0] ?? null;
}

/** One argon2 hash per new person (a password nobody knows), a few at a time on the thread pool. */
async function hashNewPasswords(tx: Tx, plan: PlannedRow[], state: ImportState) {
  const fresh = new Set<string>();
  for (const p of plan) {
    const name = p.row.username.toLowerCase();
    if (fresh.has(name)) continue;
    const match = await matchAccount(tx, p.row.username, p.row.phone);
    if (!match.user_id && !match.username_taken && !match.phone_taken) fresh.add(name);
  }
  const names = [...fresh];
  for (let i = 0; i < names.length; i += HASH_BATCH) {
    await Promise.all(names.slice(i, i + HASH_BATCH).map(async (n) => { state.hashes.set(n, await unknownPasswordHash()); }));
  }
}

function countStatuses(rows: ReportRow[]) {
  const counts = { create: 0, update: 0, unchanged: 0, rejected: 0 };
  for (const r of rows) counts[r.status]++;
  return counts;
}
