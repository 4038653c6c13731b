import { eq } from 'drizzle-orm';
import { memberships, unitOfficers, userPrivate, users, type Tx } from '@renda/db';
import { hashPassword, passwordProblem } from '@renda/auth';
import { AccountRow } from '@renda/contracts';
import { DEMO_PASSWORD } from '@renda/config';
import { audit, authorize, tenantTx, type Ctx } from '../../platform/context.ts';
import { t, type Locale, type MessageKey } from '../../platform/i18n.ts';
import { Problem } from '../../platform/problem.ts';
import { check } from '../../platform/validate.ts';
import { forgetSessionsOfUser } from '../auth/sessions.ts';
import { parseCsv } from './csv.ts';
import * as q from './accounts.queries.ts';

export type RowStatus = 'create' | 'update' | 'unchanged' | 'rejected';
export interface ReportRow { line: number; status: RowStatus; username: string; tenantCode: string; roles: string[]; reason: string | null }

const MAX_ROWS = 20_000;
const REQUIRED = ['username', 'display_name', 'tenant_code', 'roles'];
const HASH_BATCH = 8;

interface Planned {
  line: number;
  row: AccountRow;
  tenantId: string;
  unitId: string | null;
  userId: string | null;
  membership: { id: string; roles: string[] } | null;
  status: RowStatus;
  passwordHash?: string;
}

class DryRun extends Error {}

/**
 * Import accounts and memberships from CSV. The dry run walks exactly the same path inside a
 * transaction that is rolled back, so its report is what the real run will do. A bad row rejects
 * only itself (each write sits in its own savepoint); re-running the same file changes nothing.
 */
export async function importAccounts(c: Ctx, csv: string, dryRun: boolean) {
  authorize(c, 'import', 'Membership');
  const locale = c.get('locale');
  const records = parseCsv(csv);
  if (records.length < 2) throw new Problem(422, 'validation', 'import.empty', {}, { errors: [{ path: 'csv', message: t(locale, 'import.empty') }] });
  const header = records[0].cells.map((h) => h.trim().toLowerCase());
  const missing = REQUIRED.filter((k) => !header.includes(k));
  if (missing.length) throw new Problem(422, 'validation', 'import.missingColumns', { columns: missing.join(', ') }, { errors: [{ path: 'csv', message: t(locale, 'import.missingColumns', { columns: missing.join(', ') }) }] });
  if (records.length - 1 > MAX_ROWS) throw new Problem(422, 'validation', 'import.tooMany', { max: MAX_ROWS });

  const report: ReportRow[] = [];
  try {
    await tenantTx(c, async (tx, auth) => {
      const reject = (line: number, raw: Record<string, string>, key: MessageKey, params: Record<string, unknown> = {}) =>
        report.push({ line, status: 'rejected', username: raw.username ?? '', tenantCode: raw.tenant_code ?? '', roles: splitRoles(raw.roles ?? ''), reason: t(locale, key, params) });
      const parsed = parseRows(records.slice(1), header, locale, reject);
      const tenants = new Map((await q.tenantsByCode(tx, [...new Set(parsed.map((p) => p.row.tenant_code))])).map((x) => [x.code, x]));
      const units = await q.unitsByCode(tx, [...tenants.values()].map((x) => x.id));
      const platform = auth.membership.roles.includes('platform_admin');
      const plan: Planned[] = [];
      for (const { line, row, raw } of parsed) {
        const tenant = tenants.get(row.tenant_code);
        if (!tenant || tenant.status !== 'active') { reject(line, raw, 'import.unknownTenant', { code: row.tenant_code }); continue; }
        if (!platform && tenant.id !== auth.membership.tenantId) { reject(line, raw, 'import.notOwnTenant', { code: row.tenant_code }); continue; }
        if (!platform && row.roles.includes('platform_admin')) { reject(line, raw, 'import.roleNotGrantable', { role: 'platform_admin' }); continue; }
        let unitId: string | null = null;
        if (row.roles.includes('unit_officer')) {
          unitId = units.find((u) => u.tenantId === tenant.id && u.code === row.unit_code)?.id ?? null;
          if (!unitId) { reject(line, raw, 'import.unknownUnit', { code: row.unit_code || '—' }); continue; }
        }
        const match = await q.matchAccount(tx, row.username, row.phone);
        if (!match.user_id && match.username_taken) { reject(line, raw, 'import.usernameTaken', { username: row.username }); continue; }
        if (!match.user_id && match.phone_taken) { reject(line, raw, 'import.phoneTaken'); continue; }
        if (!match.user_id) {
          const problem = row.password ? passwordProblem(row.password, { username: row.username, demoPassword: DEMO_PASSWORD, production: !c.get('deps').demo }) : 'missing';
          if (problem) { reject(line, raw, `import.password.${problem}` as MessageKey); continue; }
        }
        const membership = match.user_id ? await q.findMembership(tx, tenant.id, match.user_id) : null;
        const sameRoles = membership && sameSet(membership.roles, row.roles);
        const officerOk = !unitId || (match.user_id !== null && (await q.hasOfficer(tx, unitId, match.user_id)));
        const status: RowStatus = !match.user_id || !membership ? 'create' : sameRoles && officerOk ? 'unchanged' : 'update';
        plan.push({ line, row, tenantId: tenant.id, unitId, userId: match.user_id, membership, status });
      }
      if (!dryRun) await hashNewPasswords(plan);
      for (const p of plan) {
        if (p.status === 'unchanged') { report.push(toReport(p, null)); continue; }
        try {
          await tx.transaction((sp) => applyRow(sp as Tx, c, p, dryRun));
          report.push(toReport(p, null));
        } catch (error) {
          if (!uniqueViolation(error)) process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'import row failed', line: p.line, error: String((error as { cause?: unknown }).cause ?? error) })}\n`);
          report.push({ ...toReport(p, t(locale, uniqueViolation(error) ? 'import.usernameTaken' : 'import.rowFailed', { username: p.row.username })), status: 'rejected' });
        }
      }
      report.sort((a, b) => a.line - b.line);
      const counts = countStatuses(report);
      await audit(tx, c, { action: 'membership.import', subjectType: 'Membership', detail: { dryRun, total: report.length, ...counts } });
      if (dryRun) throw new DryRun();
      for (const p of plan) if (p.status === 'update' && p.userId) await forgetSessionsOfUser(c.get('deps'), tx, p.userId);
    });
  } catch (error) {
    if (!(error instanceof DryRun)) throw error;
  }
  return { dryRun, total: report.length, counts: countStatuses(report), rows: report };
}

function parseRows(records: { line: number; cells: string[] }[], header: string[], locale: Locale, reject: (line: number, raw: Record<string, string>, key: MessageKey, params?: Record<string, unknown>) => void) {
  const seen = new Map<string, number>();
  const out: { line: number; row: AccountRow; raw: Record<string, string> }[] = [];
  for (const { line, cells } of records) {
    const raw = Object.fromEntries(header.map((h, i) => [h, (cells[i] ?? '').trim()]));
    const parsed = check(AccountRow, { ...raw, roles: splitRoles(raw.roles ?? '') }, locale);
    if (!parsed.ok) {
      reject(line, raw, 'import.badRow', { fields: parsed.errors.map((e) => `${e.path}: ${e.message}`).join('; ') });
      continue;
    }
    const key = `${parsed.value.tenant_code}/${parsed.value.username.toLowerCase()}`;
    if (seen.has(key)) { reject(line, raw, 'import.duplicateRow', { line: seen.get(key) }); continue; }
    seen.set(key, line);
    out.push({ line, row: parsed.value, raw });
  }
  return out;
}

async function hashNewPasswords(plan: Planned[]) {
  const fresh = plan.filter((p) => !p.userId);
  // argon2id runs on libuv's thread pool: a few at a time keeps every core busy without a queue.
  for (let i = 0; i < fresh.length; i += HASH_BATCH) {
    await Promise.all(fresh.slice(i, i + HASH_BATCH).map(async (p) => { p.passwordHash = await hashPassword(p.row.password); }));
  }
}

async function applyRow(tx: Tx, c: Ctx, p: Planned, dryRun: boolean) {
  let userId = p.userId;
  if (!userId) {
    // The id is made here, not returned: a new person has no membership yet, so the read policy
    // of users would hide the row from INSERT … RETURNING.
    userId = crypto.randomUUID();
    await tx.insert(users).values({ id: userId, username: p.row.username, displayName: p.row.display_name, passwordHash: p.passwordHash ?? (dryRun ? 'dry-run' : '') });
    await tx.insert(userPrivate).values({ userId, phone: p.row.phone || null });
  }
  if (!p.membership) {
    const [m] = await tx.insert(memberships).values({ tenantId: p.tenantId, tenantPath: '', userId, roles: p.row.roles }).returning({ id: memberships.id });
    await audit(tx, c, { action: 'membership.create', subjectType: 'Membership', subjectId: m.id, tenantId: p.tenantId, detail: { username: p.row.username, roles: p.row.roles } });
  } else if (!sameSet(p.membership.roles, p.row.roles)) {
    await tx.update(memberships).set({ roles: p.row.roles }).where(eq(memberships.id, p.membership.id));
    await audit(tx, c, { action: 'membership.update', subjectType: 'Membership', subjectId: p.membership.id, tenantId: p.tenantId, detail: { username: p.row.username, from: p.membership.roles, to: p.row.roles } });
  }
  if (p.unitId) {
    await tx.insert(unitOfficers).values({ tenantId: p.tenantId, tenantPath: '', unitId: p.unitId, userId }).onConflictDoNothing();
  }
}

function splitRoles(text: string): string[] {
  return text.split(/[;|]/).map((r) => r.trim()).filter(Boolean);
}

function sameSet(a: string[], b: string[]) {
  return a.length === b.length && a.every((x) => b.includes(x));
}

function uniqueViolation(error: unknown) {
  const e = error as { code?: string; cause?: { code?: string } };
  return e?.code === '23505' || e?.cause?.code === '23505';
}

function toReport(p: Planned, reason: string | null): ReportRow {
  return { line: p.line, status: p.status, username: p.row.username, tenantCode: p.row.tenant_code, roles: p.row.roles, reason };
}

function countStatuses(rows: ReportRow[]) {
  const counts = { create: 0, update: 0, unchanged: 0, rejected: 0 };
  for (const r of rows) counts[r.status]++;
  return counts;
}
