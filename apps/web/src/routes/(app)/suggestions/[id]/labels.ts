// The words of each step on the suggestion page: its button, the dialog's title and intro, the
// label of its main text and the key that text travels under, and the confirm button. One table,
// so every step reads alike.

import { m } from '#lib/i18n.ts';
import type { Step } from './actions.ts';

export interface StepText {
	button: string;
	title: string;
	intro: string;
	/** The main text of the step: its label, the body key it is sent as, and whether it is required. */
	text: { label: string; key: string; required: boolean; placeholder: string } | null;
	confirm: string;
	icon: string;
	danger: boolean;
}

const note = (required = false) => ({ label: required ? m.sugg_act_note_internal() : m.sugg_act_note(), key: 'note', required, placeholder: '' });
const reason = (label: string) => ({ label, key: 'reason', required: true, placeholder: '' });

export function stepText(step: Step): StepText {
	const base = { intro: '', text: note(), danger: false, icon: 'check' };
	switch (step) {
		case 'submit':
			return { ...base, button: m.sugg_act_submit(), title: m.sugg_act_submit_title(), intro: m.sugg_act_submit_intro(), confirm: m.sugg_act_submit(), icon: 'send' };
		case 'invite':
			return { ...base, button: m.sugg_act_invite(), title: m.sugg_act_invite_title(), intro: m.sugg_act_invite_intro(), text: null, confirm: m.sugg_act_invite_confirm(), icon: 'users' };
		case 'cosign':
			return { ...base, button: m.sugg_act_cosign(), title: m.sugg_act_cosign_title(), intro: m.sugg_act_cosign_intro(), confirm: m.sugg_act_cosign_confirm(), icon: 'check' };
		case 'decline':
			return { ...base, button: m.sugg_act_decline(), title: m.sugg_act_decline_title(), intro: m.sugg_act_decline_intro(), confirm: m.sugg_act_decline(), icon: 'xCircle', danger: true };
		case 'withdraw':
			return { ...base, button: m.sugg_act_withdraw(), title: m.sugg_act_withdraw_title(), intro: m.sugg_act_withdraw_intro(), text: reason(m.sugg_act_withdraw_reason()), confirm: m.sugg_act_withdraw(), icon: 'close', danger: true };
		case 'accept':
			return { ...base, button: m.sugg_act_accept(), title: m.sugg_act_accept_title(), intro: m.sugg_act_accept_intro(), confirm: m.sugg_act_accept(), icon: 'check' };
		case 'return':
			return { ...base, button: m.sugg_act_return(), title: m.sugg_act_return_title(), intro: m.sugg_act_return_intro(), text: reason(m.sugg_act_return_reason()), confirm: m.sugg_act_return(), icon: 'refresh', danger: true };
		case 'merge':
			return { ...base, button: m.sugg_act_merge(), title: m.sugg_act_merge_title(), intro: m.sugg_act_merge_intro(), confirm: m.sugg_act_merge(), icon: 'swap', danger: true };
		case 'convert':
			return { ...base, button: m.sugg_act_convert(), title: m.sugg_act_convert_title(), intro: m.sugg_act_convert_intro(), text: reason(m.sugg_act_convert_reason()), confirm: m.sugg_act_convert(), icon: 'swap' };
		case 'assign':
			return { ...base, button: m.sugg_act_assign(), title: m.sugg_act_assign_title(), intro: m.sugg_act_assign_intro(), confirm: m.sugg_act_assign(), icon: 'building' };
		case 'reassign':
			return { ...base, button: m.sugg_act_reassign(), title: m.sugg_act_reassign_title(), intro: m.sugg_act_reassign_intro(), confirm: m.sugg_act_reassign(), icon: 'swap' };
		case 'sign':
			return { ...base, button: m.sugg_act_sign(), title: m.sugg_act_sign_title(), intro: m.sugg_act_sign_intro(), confirm: m.sugg_act_sign(), icon: 'edit' };
		case 'request-reassign':
			return { ...base, button: m.sugg_act_request_reassign(), title: m.sugg_act_request_reassign_title(), intro: m.sugg_act_request_reassign_intro(), text: reason(m.sugg_act_request_reassign_reason()), confirm: m.sugg_act_request_reassign(), icon: 'refresh', danger: true };
		case 'opinion':
			return { ...base, button: m.sugg_act_opinion(), title: m.sugg_act_opinion_title(), intro: m.sugg_act_opinion_intro(), text: { label: m.sugg_act_opinion_field(), key: 'opinion', required: true, placeholder: m.sugg_act_opinion_placeholder() }, confirm: m.sugg_act_opinion_confirm(), icon: 'log' };
		case 'reply':
			return { ...base, button: m.sugg_act_reply(), title: m.sugg_act_reply_title(), intro: m.sugg_act_reply_intro(), text: { label: m.sugg_act_reply_field(), key: 'reply', required: true, placeholder: m.sugg_act_reply_placeholder() }, confirm: m.sugg_act_reply_confirm(), icon: 'send' };
		case 'rate':
			return { ...base, button: m.sugg_act_rate(), title: m.sugg_act_rate(), text: null, confirm: m.sugg_rate_submit(), icon: 'award' };
		case 'supervise':
			return { ...base, button: m.sugg_act_supervise(), title: m.sugg_act_supervise_title(), intro: m.sugg_act_supervise_intro(), confirm: m.action_save(), icon: 'shield' };
		case 'publish':
			return { ...base, button: m.sugg_act_publish(), title: m.sugg_act_publish_title(), intro: '', text: null, confirm: m.action_save(), icon: 'globe' };
		case 'urge':
			return { ...base, button: m.sugg_act_urge(), title: m.sugg_act_urge_title(), intro: m.sugg_act_urge_intro(), confirm: m.sugg_act_urge(), icon: 'alert' };
		case 'note':
			return { ...base, button: m.sugg_act_note_button(), title: m.sugg_act_note_title(), intro: m.sugg_act_note_intro(), text: note(true), confirm: m.action_save(), icon: 'log' };
	}
}
