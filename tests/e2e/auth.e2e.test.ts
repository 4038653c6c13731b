import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, login, logout, newContext, useServerAndBrowser } from './support/browser.ts';

describe('sign in and out (phone)', () => {
	const env = useServerAndBrowser();

	test('funing.staff signs in, sees 阜宁县 in the header, and signs out', async () => {
		const context = await newContext(env.browser, { baseUrl: env.server.baseUrl, device: 'phone' });
		const page = await context.newPage();
		try {
			await login(page, 'funing.staff', DEMO_PASSWORD);
			expect(new URL(page.url()).pathname).toBe('/');
			await expect.poll(() => page.getByTestId('tenant-name').textContent()).toBe('阜宁县');
			expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');

			await logout(page);
			expect(new URL(page.url()).pathname).toBe('/login');

			// The session is gone: the workspace sends us back to the login page, keeping the target.
			await page.goto('/admin/modules');
			await page.waitForURL(/\/login\?next=%2Fadmin%2Fmodules/);
		} finally {
			await context.close();
		}
	});

	test('a wrong password shows the error from the API and stays on the login page', async () => {
		const context = await newContext(env.browser, { baseUrl: env.server.baseUrl, device: 'phone' });
		const page = await context.newPage();
		try {
			await page.goto('/login');
			await page.locator('#login').fill('funing.staff');
			await page.locator('#password').fill('not-the-password');
			await page.locator('form button[type="submit"]').click();
			const alert = page.getByRole('alert');
			await alert.waitFor();
			expect((await alert.textContent())?.trim().length).toBeGreaterThan(0);
			expect(new URL(page.url()).pathname).toBe('/login');
			expect(await page.getByTestId('tier-switcher').count()).toBe(0);
		} finally {
			await context.close();
		}
	});
});
