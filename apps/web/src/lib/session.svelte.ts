// The signed-in person (`GET /api/v1/me`) shared by every page of the workspace, with the
// CASL ability and the navigation derived from it. Loaded once by the (app) layout; refreshed
// after a tier switch or a module change so the navigation updates without a reload.

import { goto } from '$app/navigation';
import { buildAbility } from './ability.ts';
import { api, ApiError, setAuthErrorHandler } from './api.ts';
import { localized, m } from './i18n.ts';
import type { Me } from './types.ts';

export type NavIcon =
	| 'home' | 'chart' | 'module' | 'tree' | 'upload' | 'toggle' | 'log' | 'user'
	| 'idCard' | 'inbox' | 'clipboard' | 'calendar' | 'award' | 'archive' | 'clock' | 'building' | 'swap'
	| 'file' | 'search' | 'shield';
export interface NavEntry {
	href: string;
	label: string;
	icon: NavIcon;
	group: 'main' | 'admin';
}

type Ability = ReturnType<typeof buildAbility>;

/** Whether some rule grants `action` on `subject` to every visible row (no conditions). */
function unconditioned(ability: Ability, action: Parameters<Ability['can']>[0], subject: 'Deputy'): boolean {
	return ability.rulesFor(action, subject).some((r) => !r.inverted && !r.conditions);
}

/**
 * Entries of the deputies and duties modules. A deputy's own pages follow the rule that lets
 * them record activities for themselves (a `deputyUserId` condition); staff pages follow
 * verification and registry rights; upper tiers and committee members only read.
 */
function dutyNav(me: Me, ability: Ability): NavEntry[] {
	const on = (key: string) => me.modules.some((x) => x.key === key && x.enabled);
	const deputies = on('deputies');
	const duties = on('duties');
	const ownSeat = ability
		.rulesFor('create', 'Activity')
		.some((r) => !r.inverted && !!r.conditions && 'deputyUserId' in (r.conditions as object));
	const main = (href: string, label: string, icon: NavIcon): NavEntry => ({ href, label, icon, group: 'main' });
	const entries: [boolean, NavEntry][] = [
		[duties && ownSeat, main('/my/activities', m.nav_my_activities(), 'clipboard')],
		[duties && ownSeat, main('/my/archive', m.nav_my_archive(), 'archive')],
		[duties && ownSeat, main('/my/events', m.nav_my_events(), 'calendar')],
		[deputies && unconditioned(ability, 'read', 'Deputy'), main('/deputies', m.nav_deputies(), 'idCard')],
		[duties && ability.can('verify', 'Activity'), main('/duties/queue', m.nav_queue(), 'inbox')],
		[duties && ability.can('verify', 'Activity'), main('/duties/activities', m.nav_duty_activities(), 'clipboard')],
		[duties && ability.can('create', 'Event'), main('/events', m.nav_events(), 'calendar')],
		[duties && ability.can('read', 'Evaluation'), main('/evaluation', m.nav_evaluation(), 'award')]
	];
	return entries.filter(([allowed]) => allowed).map(([, entry]) => entry);
}

/**
 * Entries of the cases module: the roll-up list and the overdue board for staff, the queue of
 * their units for unit officers, and the scenario, calendar and integration settings.
 */
function caseNav(me: Me, ability: Ability): NavEntry[] {
	if (!me.modules.some((x) => x.key === 'cases' && x.enabled)) return [];
	const readsAll = ability.rulesFor('read', 'Case').some((r) => !r.inverted && !r.conditions);
	const entry = (href: string, label: string, icon: NavIcon, group: NavEntry['group'] = 'main'): NavEntry => ({ href, label, icon, group });
	// A deputy's own inbox follows the rule that lets them handle cases addressed to them.
	const ownSeat = ability.rulesFor('handle', 'Case').some((r) => !r.inverted && !!r.conditions && 'deputyUserId' in (r.conditions as object));
	const entries: [boolean, NavEntry][] = [
		[ownSeat, entry('/my/cases', m.cases_nav_my(), 'inbox')],
		[readsAll, entry('/cases', m.casesadmin_nav_cases(), 'inbox')],
		[ability.can('urge', 'Case'), entry('/cases/overdue', m.casesadmin_nav_overdue(), 'clock')],
		[ability.can('process', 'Case'), entry('/unit/cases', m.casesadmin_nav_unit(), 'building')],
		[ability.can('update', 'Scenario'), entry('/admin/scenarios', m.casesadmin_nav_scenarios(), 'module', 'admin')],
		[ability.can('update', 'Calendar'), entry('/admin/calendar', m.casesadmin_nav_calendar(), 'calendar', 'admin')],
		[ability.can('read', 'Webhook'), entry('/admin/integrations', m.casesadmin_nav_integrations(), 'swap', 'admin')]
	];
	return entries.filter(([allowed]) => allowed).map(([, e]) => e);
}

/**
 * Entries of the suggestions module: a deputy's own motions and suggestions; staff's review list,
 * overdue board, statistics and topics; the database (everyone who reads filed ones); the unit
 * queue; a committee member's supervised ones; sessions and categories for staff.
 */
function suggestionNav(me: Me, ability: Ability): NavEntry[] {
	if (!me.modules.some((x) => x.key === 'suggestions' && x.enabled)) return [];
	const readsAll = ability.rulesFor('read', 'Suggestion').some((r) => !r.inverted && !r.conditions);
	const reads = ability.rulesFor('read', 'Suggestion').some((r) => !r.inverted && (!r.conditions || 'filed' in (r.conditions as object)));
	const supervises = ability.rulesFor('urge', 'Suggestion').some((r) => !r.inverted && !!r.conditions && 'supervisorUserId' in (r.conditions as object));
	const entry = (href: string, label: string, icon: NavIcon, group: NavEntry['group'] = 'main'): NavEntry => ({ href, label, icon, group });
	const entries: [boolean, NavEntry][] = [
		[ability.can('create', 'Suggestion'), entry('/my/suggestions', m.sugg_nav_my(), 'file')],
		[ability.can('review', 'Suggestion'), entry('/suggestions', m.sugg_nav_review(), 'file')],
		[ability.can('review', 'Suggestion'), entry('/suggestions/overdue', m.sugg_nav_overdue(), 'clock')],
		[supervises, entry('/suggestions/supervised', m.sugg_nav_supervised(), 'shield')],
		[ability.can('process', 'Suggestion'), entry('/unit/suggestions', m.sugg_nav_unit(), 'building')],
		[reads, entry('/suggestions/search', m.sugg_nav_search(), 'search')],
		[readsAll, entry('/suggestions/stats', m.sugg_nav_stats(), 'chart')],
		[readsAll, entry('/suggestions/topics', m.sugg_nav_topics(), 'chart')],
		[ability.can('read', 'SupervisionSubject'), entry('/suggestions/subjects', m.sugg_nav_subjects(), 'award')],
		[ability.can('update', 'SuggestionConfig'), entry('/admin/suggestions', m.sugg_nav_settings(), 'module', 'admin')]
	];
	return entries.filter(([allowed]) => allowed).map(([, e]) => e);
}

function buildNav(me: Me | null, ability: Ability): NavEntry[] {
	if (!me) return [];
	const entries: NavEntry[] = [{ href: '/', label: m.nav_home(), icon: 'home', group: 'main' }, ...dutyNav(me, ability)];
	const cases = caseNav(me, ability);
	entries.push(...cases.filter((e) => e.group === 'main'));
	const suggestions = suggestionNav(me, ability);
	entries.push(...suggestions.filter((e) => e.group === 'main'));
	for (const mod of me.modules) {
		// Deputies and duties have several pages, listed by dutyNav according to the role.
		if (!mod.enabled || !mod.route || mod.key === 'deputies' || mod.key === 'duties') continue;
		entries.push({
			href: mod.route,
			label: localized(mod.name),
			icon: mod.key === 'insights' ? 'chart' : 'module',
			group: 'main'
		});
	}
	const admin: [boolean, NavEntry][] = [
		[ability.can('read', 'Tenant'), { href: '/admin/tenants', label: m.nav_tenants(), icon: 'tree', group: 'admin' }],
		[ability.can('import', 'Membership'), { href: '/admin/import', label: m.nav_import(), icon: 'upload', group: 'admin' }],
		[ability.can('update', 'Module'), { href: '/admin/modules', label: m.nav_modules(), icon: 'toggle', group: 'admin' }],
		[ability.can('read', 'AuditLog'), { href: '/admin/audit', label: m.nav_audit(), icon: 'log', group: 'admin' }]
	];
	for (const [allowed, entry] of admin) if (allowed) entries.push(entry);
	entries.push(...cases.filter((e) => e.group === 'admin'));
	entries.push(...suggestions.filter((e) => e.group === 'admin'));
	return entries;
}

class Session {
	me = $state.raw<Me | null>(null);
	ability = $derived(buildAbility(this.me?.rules ?? []));
	nav = $derived(buildNav(this.me, this.ability));
	membership = $derived(this.me?.memberships.find((x) => x.id === this.me?.activeMembershipId) ?? null);
	#pending: Promise<Me | null> | null = null;

	/** Returns the cached `me`, loading it once; `null` when nobody is signed in. */
	ensure(fetcher?: typeof fetch): Promise<Me | null> {
		if (this.me) return Promise.resolve(this.me);
		this.#pending ??= this.#load(fetcher).finally(() => (this.#pending = null));
		return this.#pending;
	}

	/** Re-reads `me` (after a module or security change). */
	refresh(): Promise<Me | null> {
		return this.#load();
	}

	async #load(fetcher?: typeof fetch): Promise<Me | null> {
		try {
			this.me = await api.me(fetcher);
		} catch (error) {
			if (error instanceof ApiError && error.status === 401) {
				this.me = null;
				return null;
			}
			throw error;
		}
		return this.me;
	}

	set(me: Me) {
		this.me = me;
	}

	async switchTo(membershipId: string): Promise<Me> {
		const me = await api.switchMembership(membershipId);
		this.me = me;
		return me;
	}

	async logout() {
		try {
			await api.logout();
		} finally {
			this.me = null;
		}
	}

	/** Whether the current role set includes one of `roles`. */
	hasRole(...roles: string[]): boolean {
		return roles.some((r) => this.me?.roles.includes(r));
	}
}

export const session = new Session();

/** Where to send someone whose session ended, keeping the page they were on. */
export function loginHref(from: URL | Location): string {
	const next = from.pathname + from.search;
	return next === '/' || next.startsWith('/login') ? '/login' : `/login?next=${encodeURIComponent(next)}`;
}

// An expired session or a newly required TOTP enrolment can surface on any request.
setAuthErrorHandler((error) => {
	if (error.slug === 'unauthenticated') {
		session.me = null;
		void goto(loginHref(location), { replace: true });
	} else if (error.slug === 'totp-setup-required' && location.pathname !== '/account') {
		void session.refresh().then(() => goto('/account', { replace: true }));
	}
});
