import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { sql } from 'drizzle-orm';
import { rowsOf, withContext, type Tx } from '@renda/db';
import { IntegrationCaseEvent } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import type { Ctx } from '../../platform/context.ts';
import { Problem, notFound } from '../../platform/problem.ts';
import { input } from '../../platform/validate.ts';
import { resolveIntegrationKey } from '../notify/integration-keys.service.ts';
import { applyCaseAction } from './cases.flow.ts';
import { publicLimits, spend } from './public.limit.ts';

/**
 * Inbound status updates from external systems (grid-governance platforms): an integration key
 * of one congress, optionally acting for one of its units, signs for, replies to or annotates
 * that congress's cases. No session: the key is the credential.
 */
export const integrationRoutes = new Hono<AppEnv>();

const TICKET = /^[A-Za-z0-9-]{4,40}$/;
const unauthenticated = () => new Problem(401, 'unauthenticated', 'caseIntegration.unauthenticated', {}, { headers: { 'WWW-Authenticate': 'Bearer' } });

/** The key behind `Authorization: Bearer <key>`, or 401 (missing, unknown or revoked). */
async function keyOf(c: Ctx) {
  const bearer = /^Bearer\s+(\S{1,200})$/i.exec(c.req.header('authorization') ?? '')?.[1];
  if (!bearer) throw unauthenticated();
  const key = await resolveIntegrationKey(c.get('deps'), bearer);
  if (!key) throw unauthenticated();
  return key;
}

/**
 * Sign and reply are a unit's steps: the key must act for a unit that holds a live assignment in
 * the case's current round (403 for a key without a unit, 409 for a unit not on the case).
 */
async function checkAssigned(tx: Tx, tenantId: string, caseId: string, unitId: string | null): Promise<void> {
  if (!unitId) throw new Problem(403, 'forbidden', 'caseIntegration.noUnit');
  const [row] = rowsOf<{ ok: boolean }>(await tx.execute(sql`
    select exists (
      select 1 from case_assignments a join cases c on c.tenant_id = a.tenant_id and c.id = a.case_id and c.round = a.round
      where a.tenant_id = ${tenantId} and a.case_id = ${caseId} and a.unit_id = ${unitId} and a.state not in ('withdrawn', 'returned')
    ) as ok`));
  if (!row?.ok) throw new Problem(409, 'conflict', 'caseIntegration.notAssigned');
}

// POST /api/v1/integrations/cases/:ticket/events — an external system signs for, replies to or annotates a case
integrationRoutes.post('/cases/:ticket/events', describeRoute({
  tags: ['integrations'], summary: 'Post a status update of an external system to a case',
  security: [{ bearerAuth: [] }],
}), input('json', IntegrationCaseEvent), async (c) => {
  const deps = c.get('deps');
  const key = await keyOf(c);
  await spend(deps.shared, publicLimits.integration, key.id);
  const body = c.req.valid('json');
  if (body.action !== 'sign' && !body.note) {
    throw new Problem(422, 'validation', 'caseIntegration.noteRequired', {}, { errors: [{ path: 'note', message: '' }] });
  }
  const ticket = c.req.param('ticket') ?? '';
  if (!TICKET.test(ticket)) throw notFound();
  // Another congress's ticket answers 404, as if it did not exist.
  const located = await withContext(deps.handle, {}, async (tx) =>
    rowsOf<{ case_id: string; tenant_id: string; tenant_path: string }>(await tx.execute(sql`select case_id, tenant_id, tenant_path from case_locate(${ticket})`))[0]);
  if (!located || located.tenant_id !== key.tenantId) throw notFound();
  if (!(await deps.flags.resolve(located.tenant_path)).cases?.enabled) throw new Problem(404, 'module-disabled', 'module.disabled');

  const actor = { kind: 'integration' as const, id: key.id, name: key.name };
  return c.json(await withContext(deps.handle, { tenantId: key.tenantId, scopePath: located.tenant_path }, async (tx) => {
    if (body.action !== 'note') await checkAssigned(tx, key.tenantId, located.case_id, key.unitId);
    // The external system's own reference stays on the timeline, for its operators to match.
    const note = [body.note, body.externalId && `(${body.externalId})`].filter(Boolean).join(' ');
    const payload = body.action === 'sign' ? { unitId: key.unitId, note }
      : body.action === 'reply' ? { unitId: key.unitId, reply: note, fileIds: [] }
      : { note };
    await applyCaseAction(tx, deps, located.case_id, body.action, actor, payload, { unitId: key.unitId, locale: c.get('locale') });
    const [row] = rowsOf<{ ticket: string; state: string }>(await tx.execute(sql`select ticket, state from cases where tenant_id = ${key.tenantId} and id = ${located.case_id}`));
    return { ticket: row.ticket, state: row.state };
  }));
});
