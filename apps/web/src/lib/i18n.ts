// Thin helpers over the Paraglide runtime: the active locale, localized API text, and the
// names of levels and roles. Messages themselves are `m.key()` from '#lib/paraglide/messages.js'.

import { m } from './paraglide/messages.js';
import { cookieMaxAge, cookieName, getLocale, locales, setLocale } from './paraglide/runtime.js';
import type { Locale, LocalizedText, TenantLevel } from './types.ts';

export { m };
export const supportedLocales = locales as readonly Locale[];

export function locale(): Locale {
	return getLocale() as Locale;
}

/** Picks the active locale's text from an API `{ "zh-CN", en }` object. */
export function localized(text: LocalizedText | null | undefined): string {
	if (!text) return '';
	return text[locale()] ?? text['zh-CN'] ?? Object.values(text)[0] ?? '';
}

/** Switches language: writes the shared `renda_locale` cookie and reloads the page. */
export function changeLocale(next: Locale) {
	if (next !== locale()) setLocale(next);
}

/**
 * Makes the locale explicit in the cookie on first visit, so the API (which otherwise falls
 * back to Accept-Language) answers problem details in the same language as the interface.
 */
export function syncLocale() {
	const has = document.cookie.split(/;\s*/).some((c) => c.startsWith(`${cookieName}=`));
	if (!has) {
		document.cookie = `${cookieName}=${locale()}; path=/; max-age=${cookieMaxAge}; SameSite=Lax`;
	}
	document.documentElement.lang = locale();
}

const levelNames: Record<TenantLevel, () => string> = {
	province: m.level_province,
	city: m.level_city,
	county: m.level_county,
	township: m.level_township
};

export function levelName(level: string): string {
	return levelNames[level as TenantLevel]?.() ?? level;
}

const roleNames: Record<string, () => string> = {
	platform_admin: m.role_platform_admin,
	tenant_admin: m.role_tenant_admin,
	staff: m.role_staff,
	committee_member: m.role_committee_member,
	deputy: m.role_deputy,
	unit_officer: m.role_unit_officer,
	station_admin: m.role_station_admin
};

export function roleName(role: string): string {
	return roleNames[role]?.() ?? role;
}

export function formatDateTime(iso: string | null | undefined): string {
	if (!iso) return '—';
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return iso;
	return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

export function formatNumber(value: number): string {
	return new Intl.NumberFormat(locale()).format(value);
}

/** Rates may arrive as fractions (0.82) or percentages (82); both print as "82%". */
export function toPercent(rate: number): number {
	if (!Number.isFinite(rate)) return 0;
	return rate <= 1 ? Math.round(rate * 1000) / 10 : Math.round(rate * 10) / 10;
}
