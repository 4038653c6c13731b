// The Idempotency-Key of one public submission, kept in sessionStorage until it succeeds, so a
// retry after a lost answer (or a reload of the tab) sends the same key and the API replays the
// first case instead of opening a second one. `sent` is the last body whose outcome is unknown:
// the content is restored from it, and if the person then edits and resends (another body under
// the same key, 422 `idempotency-conflict`), the page resends that body to recover its ticket.

import { newIdempotencyKey } from '#lib/duties.ts';
import type { PublicCaseInput } from '#lib/cases-types.ts';

export interface Draft {
	key: string;
	sent: PublicCaseInput | null;
}

const storageKey = (code: string) => `renda.case-draft.${code}`;

function storage(): Storage | null {
	try {
		return window.sessionStorage;
	} catch {
		return null; // Private modes may refuse storage; the key then lives as long as the page.
	}
}

export function loadDraft(code: string): Draft {
	const raw = storage()?.getItem(storageKey(code));
	if (raw) {
		try {
			const draft = JSON.parse(raw) as Draft;
			if (typeof draft.key === 'string' && draft.key.length >= 8) return draft;
		} catch {
			// A damaged entry is replaced below.
		}
	}
	const draft: Draft = { key: newIdempotencyKey(), sent: null };
	saveDraft(code, draft);
	return draft;
}

export function saveDraft(code: string, draft: Draft) {
	storage()?.setItem(storageKey(code), JSON.stringify(draft));
}

export function clearDraft(code: string) {
	storage()?.removeItem(storageKey(code));
}
