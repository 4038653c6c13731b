// The scenario editor's working copy: a form-friendly shape of a scenario (strings where people
// type numbers, '' for "none"), its conversion to the API body, and the same checks the API's
// contract makes (packages/contracts/src/cases.ts), keyed by the paths the API reports
// (`categories.2.key`), so a mistake shows next to its field before and after saving.

import type {
	CaseStep,
	Scenario,
	ScenarioChannel,
	ScenarioField,
	ScenarioInput,
	ScenarioLocation,
	ScenarioSubmitter,
	ScenarioTriage,
	TimeLimit
} from './cases-types.ts';
import { m } from './i18n.ts';

export const draftSteps: CaseStep[] = ['accept', 'sign', 'reply', 'close', 'rate'];
export const channelNames: ScenarioChannel[] = ['inapp', 'sms', 'wechat', 'email'];
/** Notification kinds a scenario can word its own messages for (the API's default templates). */
export const templateKinds = [
	'submitted', 'accepted', 'transferred', 'signed', 'opinion', 'replied', 'returned', 'answered', 'closed', 'reopened', 'urged', 'overdue', 'escalated'
] as const;
export const templatePlaceholders = ['{ticket}', '{title}', '{deputy}', '{unit}', '{due}', '{link}'];

export interface DraftCategory {
	key: string;
	name: string;
	/** '' routes nowhere. */
	unitCode: string;
}

export interface DraftField extends Omit<ScenarioField, 'options'> {
	/** One option per line. */
	options: string;
}

export interface ScenarioDraft {
	key: string;
	name: string;
	description: string;
	submitter: ScenarioSubmitter;
	triage: ScenarioTriage;
	fields: DraftField[];
	categories: DraftCategory[];
	/** '' = no deadline for the step. */
	deadlines: Record<CaseStep, { amount: string; unit: TimeLimit['unit'] }>;
	ratingEnabled: boolean;
	phoneVerification: boolean;
	photosMax: number;
	location: ScenarioLocation;
	channels: ScenarioChannel[];
	templates: Record<string, { 'zh-CN': string; en: string }>;
	sharedDown: boolean;
}

/** The working copy of `scenario`, or of a new, empty one. */
export function draftOf(s: Scenario | null): ScenarioDraft {
	const deadlines = {} as ScenarioDraft['deadlines'];
	for (const step of draftSteps) {
		const limit = s?.deadlines[step];
		deadlines[step] = { amount: limit ? String(limit.amount) : '', unit: limit?.unit ?? 'workingDays' };
	}
	if (!s) {
		deadlines.accept.amount = '1';
		deadlines.sign.amount = '1';
		deadlines.reply.amount = '5';
		deadlines.close.amount = '2';
		deadlines.rate.amount = '7';
	}
	const templates: ScenarioDraft['templates'] = {};
	for (const kind of templateKinds) {
		const t = s?.templates[kind];
		templates[kind] = { 'zh-CN': t?.['zh-CN'] ?? '', en: t?.en ?? '' };
	}
	return {
		key: s?.key ?? '',
		name: s?.name ?? '',
		description: s?.description ?? '',
		submitter: s?.submitter ?? 'public',
		triage: s?.triage ?? 'deputy',
		fields: (s?.fields ?? []).map((f) => ({ ...f, help: f.help ?? '', options: (f.options ?? []).join('\n') })),
		categories: (s?.categories ?? []).map((c) => ({ key: c.key, name: c.name, unitCode: c.unitCode ?? '' })),
		deadlines,
		ratingEnabled: s?.ratingEnabled ?? true,
		phoneVerification: s?.phoneVerification ?? true,
		photosMax: s?.photosMax ?? 6,
		location: s?.location ?? 'optional',
		channels: s ? [...s.channels] : ['inapp', 'sms'],
		templates,
		sharedDown: s?.sharedDown ?? false
	};
}

const lines = (text: string) => text.split('\n').map((x) => x.trim()).filter(Boolean);

/** The API body of a draft (everything but `key`, which only a new scenario sends). */
export function bodyOf(d: ScenarioDraft): Omit<ScenarioInput, 'key'> {
	const deadlines: ScenarioInput['deadlines'] = {};
	for (const step of draftSteps) {
		const amount = d.deadlines[step].amount.trim();
		if (amount) deadlines[step] = { amount: Number(amount), unit: d.deadlines[step].unit };
	}
	const templates: NonNullable<ScenarioInput['templates']> = {};
	for (const [kind, t] of Object.entries(d.templates)) {
		if (t['zh-CN'].trim() || t.en.trim()) templates[kind] = { 'zh-CN': t['zh-CN'].trim(), en: t.en.trim() };
	}
	return {
		name: d.name.trim(),
		description: d.description.trim(),
		submitter: d.submitter,
		triage: d.triage,
		fields: d.fields.map((f) => ({
			key: f.key.trim(),
			label: f.label.trim(),
			type: f.type,
			required: f.required,
			options: f.type === 'select' ? lines(f.options) : [],
			help: f.help.trim()
		})),
		categories: d.categories.map((c) => ({ key: c.key.trim(), name: c.name.trim(), unitCode: c.unitCode.trim() || null })),
		deadlines,
		ratingEnabled: d.ratingEnabled,
		phoneVerification: d.phoneVerification,
		photosMax: d.photosMax,
		location: d.location,
		channels: d.channels,
		templates,
		sharedDown: d.sharedDown
	};
}

const scenarioKey = /^[a-z0-9][a-z0-9-]{1,39}$/;
const categoryKey = /^[a-z0-9][a-z0-9-]{0,29}$/;
const unitCode = /^[a-z0-9][a-z0-9_-]{0,39}$/;
const fieldKey = /^[a-z][a-zA-Z0-9_]{0,29}$/;

/** Problems of a draft keyed by path; empty when the API should accept it. */
export function validateDraft(d: ScenarioDraft, isNew: boolean): Record<string, string> {
	const errors: Record<string, string> = {};
	const need = (path: string, value: string, max: number) => {
		if (!value.trim()) errors[path] = m.scenario_err_required();
		else if (value.trim().length > max) errors[path] = m.scenario_err_too_long({ max });
	};
	if (isNew && !scenarioKey.test(d.key.trim())) errors.key = m.scenario_err_key();
	need('name', d.name, 30);
	if (d.description.trim().length > 300) errors.description = m.scenario_err_too_long({ max: 300 });
	if (d.submitter === 'deputy' && d.triage === 'deputy') errors.triage = m.scenario_err_deputy_triage();

	const seenCategories = new Set<string>();
	d.categories.forEach((c, i) => {
		const key = c.key.trim();
		if (!categoryKey.test(key)) errors[`categories.${i}.key`] = m.scenario_err_category_key();
		else if (seenCategories.has(key)) errors[`categories.${i}.key`] = m.scenario_err_duplicate();
		seenCategories.add(key);
		need(`categories.${i}.name`, c.name, 30);
		if (c.unitCode.trim() && !unitCode.test(c.unitCode.trim())) errors[`categories.${i}.unitCode`] = m.scenario_err_unit_code();
	});

	const seenFields = new Set<string>();
	d.fields.forEach((f, i) => {
		const key = f.key.trim();
		if (!fieldKey.test(key)) errors[`fields.${i}.key`] = m.scenario_err_field_key();
		else if (seenFields.has(key)) errors[`fields.${i}.key`] = m.scenario_err_duplicate();
		seenFields.add(key);
		need(`fields.${i}.label`, f.label, 40);
		if (f.help.trim().length > 120) errors[`fields.${i}.help`] = m.scenario_err_too_long({ max: 120 });
		if (f.type === 'select') {
			const options = lines(f.options);
			if (options.length === 0) errors[`fields.${i}.options`] = m.scenario_err_options();
			else if (options.length > 30 || options.some((o) => o.length > 40)) errors[`fields.${i}.options`] = m.scenario_err_options_limit();
		}
	});

	for (const step of draftSteps) {
		const raw = d.deadlines[step].amount.trim();
		if (!raw) continue;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < 1 || n > 720) errors[`deadlines.${step}.amount`] = m.scenario_err_amount();
	}
	if (!Number.isInteger(d.photosMax) || d.photosMax < 0 || d.photosMax > 9) errors.photosMax = m.scenario_err_photos();

	for (const [kind, t] of Object.entries(d.templates)) {
		const zh = t['zh-CN'].trim();
		const en = t.en.trim();
		if (!zh && !en) continue;
		if (!zh) errors[`templates.${kind}.zh-CN`] = m.scenario_err_template_both();
		else if (zh.length > 300) errors[`templates.${kind}.zh-CN`] = m.scenario_err_too_long({ max: 300 });
		if (!en) errors[`templates.${kind}.en`] = m.scenario_err_template_both();
		else if (en.length > 300) errors[`templates.${kind}.en`] = m.scenario_err_too_long({ max: 300 });
	}
	return errors;
}

/** A short summary of a scenario's deadlines: "受理 24 小时 · 答复 5 个工作日". */
export function limitText(limit: TimeLimit | undefined): string {
	if (!limit) return '';
	return limit.unit === 'hours' ? m.scenario_hours({ n: limit.amount }) : m.scenario_working_days({ n: limit.amount });
}
