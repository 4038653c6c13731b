import type { ScenarioCreate, ScenarioField, ScenarioUpdate } from '@renda/contracts';
import { subjectOf } from '@renda/policy';
import { audit, authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { t } from '../../platform/i18n.ts';
import { conflict, forbidden, invalid, notFound, type FieldError } from '../../platform/problem.ts';
import { findScenarioRow, insertScenario, listUsableScenarios, updateScenario as writeScenario, type ScenarioRow } from './scenarios.queries.ts';

const iso = (value: Date | string) => new Date(value).toISOString();

/** A scenario as the API answers it, for the active congress: inherited ones are read-only. */
export function scenarioJson(c: Ctx, row: ScenarioRow) {
  const auth = requireAuth(c);
  const inherited = row.tenantId !== auth.membership.tenantId;
  const { tenantPath: _path, ...rest } = row;
  return {
    ...rest, updatedAt: iso(row.updatedAt), inherited,
    editable: !inherited && auth.ability.can('update', subjectOf('Scenario', { tenantId: row.tenantId })),
  };
}

/**
 * Rules the contract cannot state field by field: a select needs options, and a deputy's own
 * report cannot be triaged by the deputy (nobody would take it but the person who raised it).
 */
function checkScenario(c: Ctx, s: { submitter: string; triage: string; fields: ScenarioField[] }): void {
  const locale = c.get('locale');
  const errors: FieldError[] = s.fields.flatMap((f, i) =>
    f.type === 'select' && f.options.length === 0 ? [{ path: `fields.${i}.options`, message: t(locale, 'scenario.selectNeedsOptions') }] : []);
  if (s.submitter === 'deputy' && s.triage === 'deputy') errors.push({ path: 'triage', message: t(locale, 'scenario.deputyTriage') });
  if (errors.length) throw invalid(errors);
}

/** The own and inherited scenarios of the active congress. */
export async function listScenarios(c: Ctx, state?: 'active' | 'archived') {
  authorize(c, 'read', 'Scenario');
  const rows = await tenantTx(c, (tx) => listUsableScenarios(tx, { state }));
  return rows.map((r) => scenarioJson(c, r));
}

/** A visible scenario; 404 outside the caller's reach. */
export async function getScenario(c: Ctx, id: string) {
  authorize(c, 'read', 'Scenario');
  const row = await tenantTx(c, (tx) => findScenarioRow(tx, id));
  if (!row) throw notFound('scenario.notFound');
  return scenarioJson(c, row);
}

/** A new scenario of the active congress; 409 when its key is taken there. */
export async function createScenario(c: Ctx, body: ScenarioCreate) {
  const auth = requireAuth(c);
  authorize(c, 'create', subjectOf('Scenario', { tenantId: auth.membership.tenantId }));
  checkScenario(c, body);
  return tenantTx(c, async (tx) => {
    const id = await insertScenario(tx, auth.membership.tenantId, body, auth.userId);
    if (!id) throw conflict('scenario.keyTaken', { key: body.key });
    await audit(tx, c, { action: 'scenario.create', subjectType: 'Scenario', subjectId: id, detail: { key: body.key, name: body.name } });
    return scenarioJson(c, (await findScenarioRow(tx, id))!);
  });
}

/**
 * Change an own scenario (version + 1). An inherited one answers 403: copy it first. Running
 * cases keep the snapshot they were opened with.
 */
export async function updateScenario(c: Ctx, id: string, body: ScenarioUpdate) {
  authorize(c, 'update', 'Scenario');
  return tenantTx(c, async (tx) => {
    const row = await findScenarioRow(tx, id);
    if (!row) throw notFound('scenario.notFound');
    if (row.tenantId !== requireAuth(c).membership.tenantId) throw forbidden('scenario.notOwn');
    authorize(c, 'update', subjectOf('Scenario', { tenantId: row.tenantId }));
    checkScenario(c, { submitter: body.submitter ?? row.submitter, triage: body.triage ?? row.triage, fields: body.fields ?? row.fields });
    if (!(await writeScenario(tx, id, row.version, body))) throw conflict('scenario.changedMeanwhile');
    await audit(tx, c, { action: 'scenario.update', subjectType: 'Scenario', subjectId: id, detail: { ...body, version: row.version + 1 } });
    return scenarioJson(c, (await findScenarioRow(tx, id))!);
  });
}

/** An own, editable copy of a visible scenario (usually an inherited one) under a new key. */
export async function copyScenario(c: Ctx, id: string, body: { key: string; name?: string }) {
  const auth = requireAuth(c);
  authorize(c, 'create', subjectOf('Scenario', { tenantId: auth.membership.tenantId }));
  return tenantTx(c, async (tx) => {
    const source = await findScenarioRow(tx, id);
    if (!source) throw notFound('scenario.notFound');
    const copy: ScenarioCreate = {
      key: body.key, name: body.name ?? source.name, description: source.description, submitter: source.submitter, triage: source.triage,
      fields: source.fields, categories: source.categories, deadlines: source.deadlines, ratingEnabled: source.ratingEnabled,
      phoneVerification: source.phoneVerification, photosMax: source.photosMax, location: source.location, channels: source.channels,
      templates: source.templates, sharedDown: false,
    };
    const newId = await insertScenario(tx, auth.membership.tenantId, copy, auth.userId);
    if (!newId) throw conflict('scenario.keyTaken', { key: body.key });
    await audit(tx, c, { action: 'scenario.copy', subjectType: 'Scenario', subjectId: newId, detail: { from: id, key: body.key } });
    return scenarioJson(c, (await findScenarioRow(tx, newId))!);
  });
}
