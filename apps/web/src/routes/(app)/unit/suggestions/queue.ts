// A unit officer's queue of motions and suggestions: each open one the caller's units hold is read
// in full (the list does not say which unit of the caller holds which share), and each share that
// owes a step becomes a task — sign for it, reply (lead unit) or send the opinion (co-handling unit).

import { suggestions } from '#lib/suggestions.ts';
import type { Suggestion, SuggestionAssignment, SuggestionItem } from '#lib/suggestions-types.ts';
import type { Page } from '#lib/types.ts';

export type Task = 'sign' | 'reply' | 'opinion';

export interface QueueRow {
	item: Suggestion;
	share: SuggestionAssignment;
	task: Task;
	dueAt: string | null;
	overdue: boolean;
}

/** Every row of `view=unit`, a few pages at most (a unit holds tens, not thousands, at once). */
export async function unitItems(pages = 3): Promise<{ items: SuggestionItem[]; more: boolean }> {
	const items: SuggestionItem[] = [];
	let cursor: string | null = null;
	for (let i = 0; i < pages; i++) {
		const page: Page<SuggestionItem> = await suggestions.list({ view: 'unit', cursor, limit: 100 });
		items.push(...page.items);
		cursor = page.nextCursor;
		if (!cursor) break;
	}
	return { items, more: cursor !== null };
}

/** Reads the open ones in full, six at a time. */
export async function details(items: SuggestionItem[]): Promise<Suggestion[]> {
	const open = items.filter((i) => i.state === 'assigned' || i.state === 'signed');
	const out: Suggestion[] = [];
	for (let i = 0; i < open.length; i += 6) {
		out.push(...(await Promise.all(open.slice(i, i + 6).map((x) => suggestions.get(x.id)))));
	}
	return out;
}

/** The steps the caller's units owe, earliest deadline first (overdue ones lead). */
export function tasks(list: Suggestion[], now = Date.now()): QueueRow[] {
	const rows: QueueRow[] = [];
	for (const item of list) {
		if (!item.can.process) continue;
		const mine = new Set(item.can.unitIds);
		for (const share of item.assignments) {
			if (share.round !== item.round || !mine.has(share.unitId)) continue;
			let task: Task | null = null;
			if (share.state === 'assigned') task = 'sign';
			else if (share.state === 'signed') task = share.role === 'lead' ? 'reply' : 'opinion';
			if (!task) continue;
			const dueAt = task === 'sign' ? share.signDueAt : share.replyDueAt;
			const overdue = !!dueAt && new Date(dueAt).getTime() < now;
			rows.push({ item, share, task, dueAt, overdue });
		}
	}
	const time = (r: QueueRow) => (r.dueAt ? new Date(r.dueAt).getTime() : Number.POSITIVE_INFINITY);
	return rows.sort((a, b) => time(a) - time(b) || Number(b.item.urgent) - Number(a.item.urgent));
}
