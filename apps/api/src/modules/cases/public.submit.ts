import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterCommit, cases, rowsOf, withContext, type Tx } from '@renda/db';
import type { PublicCaseCreate } from '@renda/contracts';
import type { Ctx } from '../../platform/context.ts';
import { t } from '../../platform/i18n.ts';
import { Problem } from '../../platform/problem.ts';
import { clientIp } from '../auth/sessions.ts';
import { findScenario, openCase } from './cases.flow.ts';
import { publicLimits, spend } from './public.limit.ts';
import { checkOtp, consumeOtp } from './public.otp.ts';
import { caseLinkToken, needsVerifiedPhone, resolveTarget, runsIn, targetContext, type PublicTarget } from './public.service.ts';

/** The actor name of the public on a case's timeline; their own name stays in the contact row. */
export const PUBLIC_ACTOR_NAME = '群众';

export interface SubmitResult {
  status: 200 | 201;
  body: { ticket: string; token: string; followUrl: string; state: string; createdAt: string };
}

/** JSON with object keys sorted, so the same body hashes the same whatever order it came in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * The hash a retry must match. The one-time code is left out: it proves the phone, it is not
 * part of what is asked, and a retry after the first code was used may carry a fresh one.
 */
export function submitHash(input: PublicCaseCreate): string {
  const { otp: _otp, ...content } = input;
  return createHash('sha256').update(canonical(content)).digest('hex');
}

async function findByKey(tx: Tx, tenantId: string, key: string) {
  const [row] = await tx.select({ id: cases.id, ticket: cases.ticket, state: cases.state, createdAt: cases.createdAt, submitHash: cases.submitHash })
    .from(cases).where(and(eq(cases.tenantId, tenantId), eq(cases.submitKey, key))).limit(1);
  return row ?? null;
}

async function answer(tx: Tx, row: { id: string; ticket: string; state: string; createdAt: Date | string }, status: 200 | 201): Promise<SubmitResult> {
  const token = await caseLinkToken(tx, row.id);
  const createdAt = row.createdAt instanceof Date ? row.createdAt.toISOString() : new Date(row.createdAt).toISOString();
  return { status, body: { ticket: row.ticket, token, followUrl: `/t/${row.ticket}?k=${token}`, state: row.state, createdAt } };
}

/** The first answer again, for a retry with the same key and body; 422 for another body. */
async function replay(tx: Tx, row: NonNullable<Awaited<ReturnType<typeof findByKey>>>, hash: string): Promise<SubmitResult> {
  if (row.submitHash !== hash) throw new Problem(422, 'idempotency-conflict', 'idempotency.mismatch');
  return answer(tx, row, 200);
}

/** A unique violation of `cases_submit_key`, through drizzle's wrapping of the driver's error. */
function isSubmitKeyClash(error: unknown): boolean {
  for (let e = error as Record<string, unknown> | undefined, depth = 0; e && depth < 5; e = e.cause as Record<string, unknown> | undefined, depth++) {
    if (e.code === '23505' && (e.constraint_name === 'cases_submit_key' || e.constraint === 'cases_submit_key')) return true;
  }
  return false;
}

/**
 * POST /public/cases — open a case from the public. The Idempotency-Key is stored on the case in
 * the same transaction (cases.submit_key), so an answer lost on a flaky network, or a crash
 * after the commit, replays the same ticket and link on retry. Requests with one key are
 * serialized by a transaction-scoped advisory lock, so a double tap waits for the first and
 * then replays it instead of spending the phone's budget or its code; should two still race
 * (the lock is an optimization), the unique index lets one in and the other replays it.
 */
export async function submitPublicCase(c: Ctx, input: PublicCaseCreate, key: string): Promise<SubmitResult> {
  const deps = c.get('deps');
  const target = await resolveTarget(deps, input.code);
  const hash = submitHash(input);
  const ctx = targetContext(target);
  try {
    return await withContext(deps.handle, ctx, async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`case-submit:${target.tenantId}:${key}`}, 0))`);
      const prior = await findByKey(tx, target.tenantId, key);
      if (prior) return replay(tx, prior, hash);
      return openPublicCase(c, tx, target, input, key, hash);
    });
  } catch (error) {
    if (!isSubmitKeyClash(error)) throw error;
    return withContext(deps.handle, ctx, async (tx) => {
      const winner = await findByKey(tx, target.tenantId, key);
      if (!winner) throw error;
      return replay(tx, winner, hash);
    });
  }
}

async function openPublicCase(c: Ctx, tx: Tx, target: PublicTarget, input: PublicCaseCreate, key: string, hash: string): Promise<SubmitResult> {
  const deps = c.get('deps');
  const locale = c.get('locale');
  // Budgets before the code check: each try at a code costs a submission, so the phone's hourly
  // budget also bounds how fast anyone can guess codes in parallel.
  await spend(deps.shared, publicLimits.submitPerIp, clientIp(c));
  if (input.phone) {
    const perHour = Number(target.config.submissionsPerHour ?? 5);
    await spend(deps.shared, { keyPrefix: 'public:cases:submit-phone', points: perHour, duration: 3600 }, input.phone, 'publicCase.phoneTooMany');
  }
  const scenario = await findScenario(tx, input.scenarioId);
  if (!scenario || scenario.state !== 'active' || scenario.submitter !== 'public' || !runsIn(scenario, target)) {
    throw new Problem(422, 'validation', 'publicCase.unknownScenario', {}, { errors: [{ path: 'scenarioId', message: '' }] });
  }

  const verified = input.phone && input.otp ? await checkOtp(deps, input.phone, input.otp) : false;
  if (needsVerifiedPhone(scenario, target.config) || input.otp) {
    if (!input.phone) throw new Problem(422, 'validation', 'publicCase.phoneRequired', {}, { errors: [{ path: 'phone', message: '' }] });
    if (!verified) throw new Problem(422, 'validation', 'publicCase.otpInvalid', {}, { errors: [{ path: 'otp', message: '' }] });
  }
  await checkPublicFiles(tx, target.tenantId, input.fileIds, locale);

  const opened = await openCase(tx, deps, {
    tenantId: target.tenantId, scenario, source: 'public', deputyId: target.deputyId, stationId: target.stationId, submittedBy: null,
    actor: { kind: 'public', id: null, name: PUBLIC_ACTOR_NAME },
    content: {
      category: input.category, title: input.title, body: input.body, fields: input.fields, location: input.location,
      lat: input.lat, lng: input.lng, fileIds: input.fileIds,
    },
    contact: input.name || input.phone ? { name: input.name, phone: input.phone, phoneVerified: Boolean(verified) } : null,
    submitKey: key, submitHash: hash, locale, defaultReplyDays: Number(target.config.replyDeadlineWorkingDays) || null,
  });
  if (verified && input.phone) {
    const phone = input.phone;
    afterCommit(() => consumeOtp(deps, phone));
  }
  return answer(tx, opened, 201);
}

/**
 * Photos of a public submission must be public uploads to the same congress (no uploader) that
 * no case uses yet: nobody can attach a staff file, or another submitter's photo, by its id.
 */
async function checkPublicFiles(tx: Tx, tenantId: string, fileIds: string[], locale: Parameters<typeof t>[0]): Promise<void> {
  const wanted = [...new Set(fileIds)];
  if (wanted.length === 0) return;
  const ok = rowsOf<{ id: string }>(await tx.execute(sql`
    select f.id from files f
    where f.tenant_id = ${tenantId} and f.id = any(${`{${wanted.join(',')}}`}::uuid[])
      and f.created_by is null and f.content_type like 'image/%'
      and not exists (select 1 from case_files cf where cf.tenant_id = f.tenant_id and cf.file_id = f.id)`));
  const found = new Set(ok.map((r) => r.id));
  const errors = fileIds.map((id, i) => ({ id, i })).filter(({ id }) => !found.has(id))
    .map(({ i }) => ({ path: `fileIds.${i}`, message: t(locale, 'publicCase.unknownFile') }));
  if (errors.length) throw new Problem(422, 'validation', 'publicCase.unknownFile', {}, { errors });
}
