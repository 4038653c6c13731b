// The signed-in person's notifications: the latest few and the unread count for the bell in the
// header, kept live by the server-sent event stream /api/v1/notifications/stream. The browser's
// EventSource reconnects by itself after a dropped connection; when the server refuses the
// stream (the connection is then closed for good) we reconnect with a growing delay. Whatever
// arrived while disconnected is not replayed by the stream, so every (re)opened stream reloads
// the list and the count (docs/api.md "Notifications").
//
// A connection can also hang without an error (a proxy that keeps the browser's side open after
// the API went away; the dev server's proxy does this). EventSource cannot see the server's
// `: ping` comments, so a watchdog compares the unread count once a minute and opens a fresh
// stream when the two disagree; coming back online or to a tab hidden for a while does the same.

import { casesAdmin } from './cases-admin.ts';
import type { Notification } from './cases-types.ts';
import { m } from './i18n.ts';
import { toasts } from './toast.svelte.ts';

/** How many notifications the bell keeps. */
const LATEST = 8;
const STREAM = '/api/v1/notifications/stream';
const WATCHDOG_MS = 60_000;

type MessageFn = (inputs: { ticket: string }) => string;

/** The in-app wording of each notification kind (docs/api.md: event kinds), in the active language. */
const kindMessages: Record<string, MessageFn> = {
	'case.submitted': m.notify_kind_case_submitted,
	'case.accepted': m.notify_kind_case_accepted,
	'case.answered': m.notify_kind_case_answered,
	'case.transferred': m.notify_kind_case_transferred,
	'case.signed': m.notify_kind_case_signed,
	'case.opinion': m.notify_kind_case_opinion,
	'case.replied': m.notify_kind_case_replied,
	'case.returned': m.notify_kind_case_returned,
	'case.closed': m.notify_kind_case_closed,
	'case.rated': m.notify_kind_case_rated,
	'case.reopened': m.notify_kind_case_reopened,
	'case.merged': m.notify_kind_case_merged,
	'case.converted': m.notify_kind_case_converted,
	'case.urged': m.notify_kind_case_urged,
	'case.overdue': m.notify_kind_case_overdue,
	'case.escalated': m.notify_kind_case_escalated,
	'case.note': m.notify_kind_case_note
};

/**
 * The text of a notification in the active language: the message `notify_kind_<kind>` (dots as
 * underscores) filled from `data`, with the case title as the second line; the stored zh-CN
 * `title` and `body` when the kind is unknown or its data incomplete.
 * @example noticeText({ kind: 'case.transferred', data: { ticket: 'C2411-0001', title: '路灯' }, … })
 */
export function noticeText(n: Pick<Notification, 'kind' | 'title' | 'body' | 'data'>): { title: string; body: string } {
	const fn = kindMessages[n.kind];
	const data = n.data ?? {};
	const ticket = typeof data.ticket === 'string' ? data.ticket : '';
	if (!fn || !ticket) return { title: n.title, body: n.body };
	const caseTitle = typeof data.title === 'string' ? data.title : '';
	return { title: fn({ ticket }), body: caseTitle || n.body };
}

type Listener = (notification: Notification) => void;

class NotificationStore {
	/** The latest notifications, newest first (at most LATEST). */
	items = $state<Notification[]>([]);
	unread = $state(0);
	/** The live stream is open. */
	live = $state(false);
	loaded = $state(false);

	#userId: string | null = null;
	#source: EventSource | null = null;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#attempt = 0;
	#listeners = new Set<Listener>();
	#watchdog: ReturnType<typeof setInterval> | null = null;
	#hiddenAt = 0;
	#unbind: (() => void) | null = null;
	/** Bumped by stop(), so a reload that was in flight does not write into a new session. */
	#generation = 0;

	/** Opens the stream for `userId` (once; a second call for the same person does nothing). */
	start(userId: string) {
		if (typeof window === 'undefined' || typeof EventSource === 'undefined') return;
		if (this.#userId === userId && this.#source) return;
		this.stop();
		this.#userId = userId;
		void this.reload();
		this.#connect();
		this.#watchdog = setInterval(() => void this.#check(), WATCHDOG_MS);
		const online = () => this.#reconnect();
		const visibility = () => {
			if (document.hidden) this.#hiddenAt = Date.now();
			else if (this.#hiddenAt && Date.now() - this.#hiddenAt > WATCHDOG_MS) this.#reconnect();
		};
		window.addEventListener('online', online);
		document.addEventListener('visibilitychange', visibility);
		this.#unbind = () => {
			window.removeEventListener('online', online);
			document.removeEventListener('visibilitychange', visibility);
		};
	}

	/** Closes the stream and forgets the person (logout, or another person signed in). */
	stop() {
		this.#generation++;
		this.#source?.close();
		this.#source = null;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		if (this.#watchdog) clearInterval(this.#watchdog);
		this.#watchdog = null;
		this.#unbind?.();
		this.#unbind = null;
		this.#userId = null;
		this.#attempt = 0;
		this.items = [];
		this.unread = 0;
		this.live = false;
		this.loaded = false;
	}

	/** Re-reads the latest notifications and the unread count. */
	async reload() {
		const generation = this.#generation;
		try {
			const [page, count] = await Promise.all([casesAdmin.listNotifications({ limit: LATEST }), casesAdmin.unreadCount()]);
			if (generation !== this.#generation) return;
			this.items = page.items;
			this.unread = count.count;
			this.loaded = true;
		} catch {
			// The bell stays as it was; the next (re)connection reloads.
		}
	}

	/** Calls `fn` with each notification that arrives live; returns the unsubscribe function. */
	subscribe(fn: Listener): () => void {
		this.#listeners.add(fn);
		return () => this.#listeners.delete(fn);
	}

	async markRead(n: Notification): Promise<Notification> {
		if (n.readAt) return n;
		const saved = await casesAdmin.markRead(n.id);
		this.#applyRead(saved);
		return saved;
	}

	async markAllRead(): Promise<number> {
		const { updated } = await casesAdmin.markAllRead();
		const now = new Date().toISOString();
		this.items = this.items.map((x) => (x.readAt ? x : { ...x, readAt: now }));
		this.unread = 0;
		return updated;
	}

	#applyRead(saved: Notification) {
		const before = this.items.find((x) => x.id === saved.id);
		this.items = this.items.map((x) => (x.id === saved.id ? saved : x));
		// Only the bell's copy tells whether this read changed the count; otherwise ask the API.
		if (before && !before.readAt) this.unread = Math.max(0, this.unread - 1);
		else if (!before) void casesAdmin.unreadCount().then((c) => (this.unread = c.count)).catch(() => undefined);
	}

	#connect() {
		const source = new EventSource(STREAM, { withCredentials: true });
		this.#source = source;
		source.addEventListener('open', () => {
			this.live = true;
			this.#attempt = 0;
			void this.reload();
		});
		source.addEventListener('notification', (event) => this.#receive((event as MessageEvent<string>).data));
		source.addEventListener('error', () => {
			this.live = false;
			// CONNECTING: the browser retries by itself. CLOSED: the server refused; we retry.
			if (source.readyState === EventSource.CLOSED && this.#source === source) this.#retry();
		});
	}

	/** Opens a fresh stream now (its `open` reloads whatever was missed). */
	#reconnect() {
		if (!this.#userId) return;
		this.#source?.close();
		this.#source = null;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.live = false;
		this.#connect();
	}

	/** The watchdog: a count that moved without an event means the stream silently died. */
	async #check() {
		if (!this.#userId || document.hidden || !this.#source) return;
		const generation = this.#generation;
		try {
			const { count } = await casesAdmin.unreadCount();
			if (generation === this.#generation && count !== this.unread) this.#reconnect();
		} catch {
			// Offline or signed out: the stream's own error handling takes over.
		}
	}

	#retry() {
		this.#source?.close();
		this.#source = null;
		const delay = Math.min(60_000, 2_000 * 2 ** this.#attempt++);
		this.#timer = setTimeout(() => {
			this.#timer = null;
			if (this.#userId) this.#connect();
		}, delay);
	}

	#receive(raw: string) {
		let n: Notification;
		try {
			n = JSON.parse(raw) as Notification;
		} catch {
			return;
		}
		if (!n?.id || this.items.some((x) => x.id === n.id)) return;
		this.items = [n, ...this.items].slice(0, LATEST);
		if (!n.readAt) this.unread += 1;
		toasts.show(m.notify_toast({ text: noticeText(n).title }), 'info', 6000);
		for (const fn of this.#listeners) fn(n);
	}
}

export const notifications = new NotificationStore();
