import { afterAll, beforeAll } from 'vitest';
import { startServer } from './server.ts';
// Browser helpers for the end-to-end tests: Debian's Chromium driven by playwright-core (never a
// downloaded browser build), one fresh context per test, and a login helper.

import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const PHONE = { width: 390, height: 844 } as const;
export const DESKTOP = { width: 1280, height: 860 } as const;

/** Launches headless Chromium; fails with a clear message when it is not installed. */
export async function launchBrowser(): Promise<Browser> {
	if (!existsSync(CHROMIUM_PATH)) {
		throw new Error(`Chromium not found at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium"`);
	}
	return chromium.launch({
		executablePath: CHROMIUM_PATH,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

export interface ContextOptions {
	baseUrl: string;
	/** 'phone' is 390×844 with touch; 'desktop' is 1280×860. */
	device?: 'phone' | 'desktop';
	/** The interface language; sets the `renda_locale` cookie the app and the API share. */
	locale?: 'zh-CN' | 'en';
}

/** A fresh, isolated browser context (own cookies) for one test. */
export async function newContext(browser: Browser, options: ContextOptions): Promise<BrowserContext> {
	const phone = options.device === 'phone';
	const locale = options.locale ?? 'zh-CN';
	const context = await browser.newContext({
		baseURL: options.baseUrl,
		viewport: phone ? PHONE : DESKTOP,
		deviceScaleFactor: phone ? 2 : 1,
		isMobile: phone,
		hasTouch: phone,
		locale,
		timezoneId: 'Asia/Shanghai'
	});
	const url = new URL(options.baseUrl);
	await context.addCookies([{ name: 'renda_locale', value: locale, domain: url.hostname, path: '/' }]);
	context.setDefaultTimeout(15_000);
	return context;
}

/** Signs in through the login form and waits for the workspace header. */
export async function login(page: Page, username: string, password: string): Promise<void> {
	await page.goto('/login');
	await page.locator('#login').fill(username);
	await page.locator('#password').fill(password);
	await page.locator('form button[type="submit"]').click();
	await page.getByTestId('tier-switcher').waitFor();
}

/**
 * Makes `tenant` the active tier through the header's tier switcher (nothing to do when it
 * already is) and waits until the header names it.
 */
export async function switchTier(page: Page, tenant: string): Promise<void> {
	const name = page.getByTestId('tenant-name');
	if ((await name.textContent())?.trim() === tenant) return;
	await page.getByTestId('tier-switcher').click();
	const dialog = page.getByRole('dialog');
	await dialog.locator('.membership', { has: page.locator('.name', { hasText: new RegExp(`^${tenant}$`) }) }).click();
	await dialog.waitFor({ state: 'hidden' });
	await name.filter({ hasText: new RegExp(`^\\s*${tenant}\\s*$`) }).waitFor();
}

/** Signs out through the user menu and waits for the login page. */
export async function logout(page: Page): Promise<void> {
	await page.getByTestId('user-menu').click();
	await page.getByTestId('logout').click();
	await page.waitForURL(/\/login/);
}

/** The navigation links currently shown (desktop sidebar), by their href. */
export async function navHrefs(page: Page): Promise<string[]> {
	return page.locator('nav.sidebar a[data-nav]').evaluateAll((links) => links.map((a) => a.getAttribute('data-nav') ?? ''));
}

export const DEMO_PASSWORD = 'renda-demo-2026';

/**
 * One platform server and one browser for the tests of a file, started before them and closed
 * after: `const env = useServerAndBrowser();` then `env.server.baseUrl`, `env.browser`.
 */
export function useServerAndBrowser() {
	const env = {} as { server: Awaited<ReturnType<typeof startServer>>; browser: Browser };
	beforeAll(async () => {
		env.server = await startServer();
		env.browser = await launchBrowser();
	});
	afterAll(async () => {
		await env.browser?.close();
		await env.server?.stop();
	});
	return env;
}
