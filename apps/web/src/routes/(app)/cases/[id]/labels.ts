// The words of each step on the case page: its button, the dialog's title and intro, the label
// of its main text, and the confirm button. Kept in one table so every action reads alike.

import type { CaseAction } from '#lib/cases-types.ts';
import { m } from '#lib/i18n.ts';

export interface ActionText {
	button: string;
	title: string;
	intro: string;
	field: string;
	placeholder: string;
	confirm: string;
	danger: boolean;
}

export function actionText(action: CaseAction): ActionText {
	const base = { intro: '', field: '', placeholder: '', danger: false };
	switch (action) {
		case 'accept':
			return { ...base, button: m.cases_do_accept(), title: m.cases_do_accept_title(), intro: m.cases_do_accept_intro(), confirm: m.cases_do_accept() };
		case 'answer':
			return { ...base, button: m.cases_do_answer(), title: m.cases_do_answer_title(), intro: m.cases_do_answer_intro(), field: m.cases_do_answer_field(), placeholder: m.cases_do_answer_placeholder(), confirm: m.cases_do_answer_confirm() };
		case 'transfer':
			return { ...base, button: m.cases_do_transfer(), title: m.cases_do_transfer_title(), intro: m.cases_do_transfer_intro(), confirm: m.cases_do_transfer() };
		case 'close':
			return { ...base, button: m.cases_do_close(), title: m.cases_do_close_title(), intro: m.cases_do_close_intro(), confirm: m.cases_do_close() };
		case 'merge':
			return { ...base, button: m.cases_do_merge(), title: m.cases_do_merge_title(), intro: m.cases_do_merge_intro(), confirm: m.cases_do_merge(), danger: true };
		case 'convert':
			return { ...base, button: m.cases_do_convert(), title: m.cases_do_convert_title(), intro: m.cases_do_convert_intro(), confirm: m.cases_do_convert() };
		case 'note':
			return { ...base, button: m.cases_do_note(), title: m.cases_do_note_title(), intro: m.cases_do_note_intro(), confirm: m.action_save() };
		case 'urge':
			return { ...base, button: m.cases_do_urge(), title: m.cases_do_urge_title(), intro: m.cases_do_urge_intro(), confirm: m.cases_do_urge() };
		case 'sign':
			return { ...base, button: m.cases_do_sign(), title: m.cases_do_sign_title(), intro: m.cases_do_sign_intro(), confirm: m.cases_do_sign() };
		case 'reply':
			return { ...base, button: m.cases_do_reply(), title: m.cases_do_reply_title(), intro: m.cases_do_reply_intro(), field: m.cases_do_reply_field(), placeholder: m.cases_do_reply_placeholder(), confirm: m.cases_do_reply_confirm() };
		case 'opinion':
			return { ...base, button: m.cases_do_opinion(), title: m.cases_do_opinion_title(), intro: m.cases_do_opinion_intro(), field: m.cases_do_opinion_field(), placeholder: '', confirm: m.cases_do_opinion() };
		case 'return':
			return { ...base, button: m.cases_do_return(), title: m.cases_do_return_title(), intro: m.cases_do_return_intro(), field: m.cases_do_return_field(), placeholder: '', confirm: m.cases_do_return(), danger: true };
		case 'rate':
			return { ...base, button: m.cases_do_rate(), title: m.cases_do_rate(), confirm: m.cases_rate_submit() };
	}
}

const icons: Partial<Record<CaseAction, string>> = {
	accept: 'check',
	answer: 'send',
	transfer: 'building',
	close: 'checkCircle',
	merge: 'swap',
	convert: 'file',
	note: 'edit',
	urge: 'alert',
	sign: 'edit',
	reply: 'send',
	opinion: 'log',
	return: 'refresh',
	rate: 'award'
};

export function actionIcon(action: CaseAction): string {
	return icons[action] ?? 'check';
}
