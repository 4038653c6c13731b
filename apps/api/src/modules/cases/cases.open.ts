import { sql } from 'drizzle-orm';
import { IsoDay, type ScenarioCategory, type ScenarioField } from '@renda/contracts';
import * as v from 'valibot';
import { rowsOf, type CaseState, type Tx } from '@renda/db';
import type { Deps } from '../../platform/env-types.ts';
import { t, type Locale } from '../../platform/i18n.ts';
import { invalid, type FieldError } from '../../platform/problem.ts';
import { announce, handlerUserIds } from './cases.notices.ts';
import { findCase, type CaseSnapshot } from './cases.queries.ts';
import { assignUnits, dueOf, step, type StepContext } from './cases.steps.ts';
import { commitStep, insertCase, insertContact, type Actor } from './cases.writes.ts';
import { dueFor } from './due.ts';
import { attachFiles, usableFiles } from './parts.queries.ts';
import { unitByCode, unitsOfTenant, type UnitRef } from './routing.queries.ts';
import type { ScenarioRow } from './scenarios.queries.ts';

export interface OpenCaseInput {
  tenantId: string;
  scenario: ScenarioRow;
  source: 'public' | 'deputy';
  deputyId?: string | null;
  stationId?: string | null;
  submittedBy?: string | null;
  actor: Actor;
  content: { category: string; title: string; body: string; fields: Record<string, string | number>; location: string; lat: number | null; lng: number | null; fileIds: string[] };
  contact?: { name: string; phone: string | null; phoneVerified: boolean } | null;
  submitKey?: string | null;
  submitHash?: string | null;
  /** A unit the submitter names: where triage `auto` routes it, else a hint kept on the timeline. */
  unitId?: string | null;
  /** The language of validation messages (default zh-CN). */
  locale?: Locale;
  /**
   * The congress's `cases` module setting `replyDeadlineWorkingDays`: the reply limit of a
   * scenario that sets none (the caller resolves it before the transaction).
   */
  defaultReplyDays?: number | null;
}

/** The scenario's rules as the case keeps them: later edits of the scenario never move it. */
export function snapshotOf(s: ScenarioRow, defaultReplyDays?: number | null): CaseSnapshot {
  const deadlines = !s.deadlines.reply && defaultReplyDays ? { ...s.deadlines, reply: { amount: defaultReplyDays, unit: 'workingDays' as const } } : s.deadlines;
  return {
    id: s.id, key: s.key, name: s.name, version: s.version, submitter: s.submitter, triage: s.triage, deadlines,
    ratingEnabled: s.ratingEnabled, channels: s.channels, templates: s.templates, categories: s.categories, fields: s.fields,
    photosMax: s.photosMax, location: s.location, phoneVerification: s.phoneVerification,
  };
}

/** `13800000001` → `138****0001`. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;

/** Values of the scenario's own fields, checked against their definitions; numbers become numbers. */
function checkFields(defs: ScenarioField[], values: Record<string, string | number>, locale: Locale, errors: FieldError[]): Record<string, string | number> {
  const out: Record<string, string | number> = {};
  const known = new Set(defs.map((d) => d.key));
  for (const key of Object.keys(values)) if (!known.has(key)) errors.push({ path: `fields.${key}`, message: t(locale, 'case.fieldUnknown') });
  for (const d of defs) {
    const raw = values[d.key];
    const text = raw === undefined || raw === null ? '' : String(raw).trim();
    if (text === '') {
      if (d.required) errors.push({ path: `fields.${d.key}`, message: t(locale, 'case.fieldRequired', { label: d.label }) });
      continue;
    }
    const bad = (d.type === 'number' && !/^-?\d+(\.\d+)?$/.test(text))
      || (d.type === 'date' && !v.is(IsoDay, text))
      || (d.type === 'select' && !d.options.includes(text))
      || (d.type === 'text' && text.length > 200);
    if (bad) errors.push({ path: `fields.${d.key}`, message: t(locale, `case.fieldBad.${d.type}`) });
    else out[d.key] = d.type === 'number' ? Number(text) : text;
  }
  return out;
}

/**
 * The submission checked against the scenario: category, fields, location and photos. Every
 * problem is reported at once with its field path (422); nothing is written.
 */
async function checkContent(tx: Tx, input: OpenCaseInput, tenantPath: string, locale: Locale) {
  const { scenario: s, content: c } = input;
  const errors: FieldError[] = [];
  const usable = s.state === 'active' && s.submitter === input.source
    && (s.tenantId === input.tenantId || (s.sharedDown && tenantPath.startsWith(`${s.tenantPath}.`)));
  if (!usable) errors.push({ path: 'scenarioId', message: t(locale, 'case.scenarioNotUsable') });
  const category: ScenarioCategory | null = s.categories.find((x) => x.key === c.category) ?? null;
  if (s.categories.length ? !category : c.category !== '') errors.push({ path: 'category', message: t(locale, 'case.categoryUnknown') });
  const fields = checkFields(s.fields, c.fields, locale, errors);
  const located = c.location.trim() !== '' || c.lat !== null;
  if (s.location === 'required' && !located) errors.push({ path: 'location', message: t(locale, 'case.locationRequired') });
  if (c.fileIds.length > s.photosMax) errors.push({ path: 'fileIds', message: t(locale, 'case.tooManyPhotos', { max: s.photosMax }) });
  const files = await usableFiles(tx, input.tenantId, c.fileIds);
  c.fileIds.forEach((id, i) => { if (!files.has(id)) errors.push({ path: `fileIds.${i}`, message: t(locale, 'case.fileNotUsable') }); });
  const named = input.unitId ? (await unitsOfTenant(tx, input.tenantId, [input.unitId]))[0] ?? null : null;
  if (input.unitId && !named) errors.push({ path: 'unitId', message: t(locale, 'case.unitNotFound') });
  if (errors.length) throw invalid(errors);
  const none = s.location === 'none';
  return { category, fields, named, location: none ? '' : c.location, lat: none ? null : c.lat, lng: none ? null : c.lng, fileIds: [...new Set(c.fileIds)] };
}

/**
 * Open a case: check the submission against the scenario, insert the case with its snapshot,
 * contact and photos, the `submitted` entry and the accept deadline; with triage `auto` and a
 * unit to route to (the named unit, or the category's `unitCode` among the congress's units),
 * accept and transfer it at once as the system; else tell its handler. Runs in `tx`, in the
 * case's congress.
 * @example await openCase(tx, deps, { tenantId, scenario, source: 'public', deputyId, actor: { kind: 'public', id: null, name: '张女士' }, content })
 */
export async function openCase(tx: Tx, deps: Deps, input: OpenCaseInput): Promise<{ id: string; ticket: string; state: CaseState; createdAt: string }> {
  const locale = input.locale ?? 'zh-CN';
  const [tenant] = rowsOf<{ path: string }>(await tx.execute(sql`select path::text from tenants where id = ${input.tenantId}`));
  const checked = await checkContent(tx, input, tenant?.path ?? '', locale);
  const snapshot = snapshotOf(input.scenario, input.defaultReplyDays);
  const phone = input.contact?.phone ?? null;
  const created = await insertCase(tx, {
    tenantId: input.tenantId, scenarioId: input.scenario.id, snapshot: snapshot as unknown as Record<string, unknown>, source: input.source,
    deputyId: input.deputyId ?? null, stationId: input.stationId ?? null, submittedBy: input.submittedBy ?? null,
    category: input.content.category, title: input.content.title, body: input.content.body, fields: checked.fields,
    location: checked.location, lat: checked.lat, lng: checked.lng, phoneMasked: phone ? maskPhone(phone) : null,
    submitKey: input.submitKey ?? null, submitHash: input.submitHash ?? null,
  });
  const target = { id: created.id, tenantId: input.tenantId };
  if (input.contact) await insertContact(tx, input.tenantId, created.id, input.contact);
  await attachFiles(tx, input.tenantId, created.id, checked.fileIds, 'submission');
  const now = new Date(created.createdAt);
  const route = snapshot.triage === 'auto' ? await routeTo(tx, input.tenantId, checked.named, checked.category) : null;
  const data = checked.named && !route ? { suggestedUnit: { unitId: checked.named.id, unitName: checked.named.name } } : {};
  const seq = await commitStep(tx, target, await dueFor(tx, input.tenantId, snapshot, 'submitted', now), {
    kind: 'submitted', actor: input.actor, data: { ...data, fileIds: checked.fileIds }, public: true,
  });
  const row = (await findCase(tx, created.id))!;
  await announce(tx, deps, row, { kind: 'submitted', seq, actor: input.actor, data, userIds: route ? [] : await handlerUserIds(tx, row) });
  if (route) await autoRoute(tx, deps, created.id, route, now);
  return { id: created.id, ticket: created.ticket, state: route ? 'transferred' : 'submitted', createdAt: created.createdAt };
}

/** Where triage `auto` sends a case: the unit the submitter named, else the category's unit in the congress. */
async function routeTo(tx: Tx, tenantId: string, named: UnitRef | null, category: ScenarioCategory | null): Promise<UnitRef | null> {
  if (named) return named;
  return category?.unitCode ? unitByCode(tx, tenantId, category.unitCode) : null;
}

/** Accept and transfer a new case as the system (随手拍: the platform routes it, the unit handles it). */
async function autoRoute(tx: Tx, deps: Deps, caseId: string, unit: UnitRef, now: Date): Promise<void> {
  const system: Actor = { kind: 'system', id: null, name: t('zh-CN', 'case.actorSystem') };
  const base = (row: StepContext['row']): StepContext => ({ tx, deps, row, actor: system, now, unitId: null, locale: 'zh-CN' });
  const submitted = base((await findCase(tx, caseId))!);
  const seq = await step(submitted, { state: 'accepted', acceptedAt: now, ...(await dueOf(submitted, 'accepted')) }, { kind: 'accepted', data: { auto: true }, public: true });
  await announce(tx, deps, caseId, { kind: 'accepted', seq, actor: system, data: { auto: true } });
  const accepted = base((await findCase(tx, caseId))!);
  await assignUnits(accepted, { lead: unit, co: [] }, { kind: 'transferred', round: 1, data: { auto: true } });
}
