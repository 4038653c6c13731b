import { createHmac, timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterCommit, rowsOf, withContext, type Tx } from '@renda/db';
import { publicCodePattern } from '@renda/contracts';
import type { ConfigValues } from '@renda/features';
import type { Ctx } from '../../platform/context.ts';
import type { Deps } from '../../platform/env-types.ts';
import { Problem, notFound } from '../../platform/problem.ts';
import { sniff } from '../files/files.content.ts';
import { storeFile } from '../files/files.service.ts';
import type { Upload } from '../files/files.upload.ts';
import { clientIp } from '../auth/sessions.ts';
import { publicScenarios, type ScenarioRow } from './cases.flow.ts';
import { publicLimits, spend } from './public.limit.ts';

// ---------------------------------------------------------------------------------------------
// The secret link of a ticket

let linkSecret: Buffer | null = null;

async function caseLinkSecret(tx: Tx): Promise<Buffer> {
  if (linkSecret) return linkSecret;
  const [row] = rowsOf<{ value: string }>(await tx.execute(sql`select encode(platform_secret('case-link'), 'base64') as value`));
  const value = Buffer.from(row.value, 'base64');
  // platform_secret creates the secret on first use: keep it for the process only once that
  // insert has committed, or a rolled-back first use would sign links with a secret nobody has.
  try {
    afterCommit(() => { linkSecret = value; });
  } catch {
    // Outside a withContext transaction: use it, do not keep it.
  }
  return value;
}

/**
 * The secret of a ticket's follow link: base64url of HMAC-SHA256(platform secret, case id), cut
 * to 22 characters (132 bits). It is derived, never stored: no row of the cases tables is a
 * key to the ticket page, and the same case always has the same link (SMS, replays).
 * @example const k = await caseLinkToken(tx, caseId); // 'q3v…' → `/t/<ticket>?k=${k}`
 */
export async function caseLinkToken(tx: Tx, caseId: string): Promise<string> {
  return createHmac('sha256', await caseLinkSecret(tx)).update(caseId).digest('base64url').slice(0, 22);
}

/** Whether `token` is the link secret of `caseId` (constant-time). */
export async function checkCaseLinkToken(tx: Tx, caseId: string, token: string): Promise<boolean> {
  const expected = Buffer.from(await caseLinkToken(tx, caseId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

// ---------------------------------------------------------------------------------------------
// The code behind a QR poster: a deputy's or a station's

export interface PublicTarget {
  kind: 'deputy' | 'station';
  code: string;
  name: string;
  tenantId: string;
  tenantPath: string;
  tenantName: string;
  deputyId: string | null;
  stationId: string | null;
  photoFileId: string | null;
  /** The cases module's configuration of the target's congress. */
  config: ConfigValues;
}

/**
 * The congress behind a public code, or 404: an unknown or malformed code, a deputy who no
 * longer serves, a retired congress, or a congress whose cases module is off. The public have
 * no tenant context, so the lookups go through definer functions with fixed projections.
 */
export async function resolveTarget(deps: Deps, rawCode: string): Promise<PublicTarget> {
  const code = rawCode.trim().toUpperCase();
  if (!publicCodePattern.test(code)) throw notFound('publicCase.unknownCode');
  const target = await withContext(deps.handle, {}, async (tx) => {
    const [deputy] = rowsOf<{ deputy_id: string; tenant_id: string; tenant_path: string; tenant_name: string; display_name: string; photo_file_id: string | null; status: string }>(
      await tx.execute(sql`select deputy_id, tenant_id, tenant_path, tenant_name, display_name, photo_file_id, status from public_deputy(${code})`));
    if (deputy) {
      if (deputy.status !== 'serving') throw notFound('publicCase.notServing');
      return {
        kind: 'deputy' as const, code, name: deputy.display_name, tenantId: deputy.tenant_id, tenantPath: deputy.tenant_path,
        tenantName: deputy.tenant_name, deputyId: deputy.deputy_id, stationId: null, photoFileId: deputy.photo_file_id,
      };
    }
    const [station] = rowsOf<{ station_id: string; tenant_id: string; tenant_path: string; tenant_name: string; name: string }>(
      await tx.execute(sql`select station_id, tenant_id, tenant_path, tenant_name, name from public_station(${code})`));
    if (!station) return null;
    return {
      kind: 'station' as const, code, name: station.name, tenantId: station.tenant_id, tenantPath: station.tenant_path,
      tenantName: station.tenant_name, deputyId: null, stationId: station.station_id, photoFileId: null,
    };
  });
  if (!target) throw notFound('publicCase.unknownCode');
  // Resolved outside the transaction above: the flag service may open its own.
  const module = (await deps.flags.resolve(target.tenantPath)).cases;
  if (!module?.enabled) throw new Problem(404, 'module-disabled', 'publicCase.moduleOff');
  return { ...target, config: module.config };
}

/** The tenant settings a public request runs under: the target's congress, no person. */
export const targetContext = (target: Pick<PublicTarget, 'tenantId' | 'tenantPath'>) => ({ tenantId: target.tenantId, scopePath: target.tenantPath });

/**
 * Whether a scenario is one the target's congress runs: its own, or one an ancestor shares
 * down. The scope's policy also shows scenarios of congresses below, which are not this one's.
 */
export function runsIn(scenario: Pick<ScenarioRow, 'tenantId' | 'tenantPath' | 'sharedDown'>, target: Pick<PublicTarget, 'tenantId' | 'tenantPath'>): boolean {
  return scenario.tenantId === target.tenantId || (scenario.sharedDown && target.tenantPath.startsWith(`${scenario.tenantPath}.`));
}

/** The public asks for a verified phone when the scenario does or the congress's module does. */
export function needsVerifiedPhone(scenario: { phoneVerification: boolean }, config: ConfigValues): boolean {
  return scenario.phoneVerification || config.phoneVerificationRequired !== false;
}

/** Rating is offered when both the scenario and the congress's module allow it. */
export function ratingOffered(scenario: { ratingEnabled: boolean }, config: ConfigValues): boolean {
  return scenario.ratingEnabled && config.ratingEnabled !== false;
}

/** GET /public/cases/scenarios — who the code reaches and the forms the public can fill in there. */
export async function listPublicScenarios(c: Ctx, rawCode: string) {
  const deps = c.get('deps');
  const target = await resolveTarget(deps, rawCode);
  const scenarios = await withContext(deps.handle, targetContext(target), (tx) => publicScenarios(tx));
  return {
    target: { kind: target.kind, code: target.code, name: target.name, tenantName: target.tenantName, photoFileId: target.photoFileId },
    items: scenarios.filter((s) => runsIn(s, target)).map((s) => ({
      id: s.id, key: s.key, name: s.name, description: s.description, fields: s.fields,
      categories: (s.categories as { key: string; name: string }[]).map(({ key, name }) => ({ key, name })),
      phoneVerification: needsVerifiedPhone(s, target.config), photosMax: s.photosMax, location: s.location,
      ratingEnabled: ratingOffered(s, target.config),
    })),
  };
}

/**
 * POST /public/cases/uploads — a photo for a submission to the code's congress. Images only
 * (judged by the bytes); the file belongs to that congress with no uploader, which is what the
 * submission later checks its photos against.
 */
export async function uploadPublicPhoto(c: Ctx, rawCode: string, read: () => Promise<Upload>) {
  const deps = c.get('deps');
  const target = await resolveTarget(deps, rawCode);
  await spend(deps.shared, publicLimits.uploadsPerIp, clientIp(c));
  const upload = await read();
  const type = sniff(upload.bytes);
  if (upload.bytes.length > 0 && !type?.startsWith('image/')) throw new Problem(415, 'unsupported-type', 'publicCase.imagesOnly');
  const file = await storeFile(c, {
    tenantId: target.tenantId, userId: null,
    transaction: (fn) => withContext(deps.handle, targetContext(target), fn),
  }, upload);
  return { id: file.id, contentType: file.contentType, size: file.size, width: file.width, height: file.height };
}
