import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, login, newContext, useServerAndBrowser } from './support/browser.ts';

describe('tier switch', () => {
	const env = useServerAndBrowser();

	test('deputy.wang switches between his three memberships and the header follows', async () => {
		const context = await newContext(env.browser, { baseUrl: env.server.baseUrl, device: 'desktop' });
		const page = await context.newPage();
		try {
			await login(page, 'deputy.wang', DEMO_PASSWORD);
			const tenantName = page.getByTestId('tenant-name');
			const dialog = page.getByRole('dialog');

			await page.getByTestId('tier-switcher').click();
			await dialog.waitFor();
			const names = (await dialog.locator('.membership .name').allTextContents()).map((n) => n.trim());
			expect(names).toHaveLength(3);
			expect(names).toEqual(expect.arrayContaining(['盐城市', '阜宁县']));
			await page.keyboard.press('Escape');
			await dialog.waitFor({ state: 'hidden' });

			const start = (await tenantName.textContent())?.trim();
			// Visit every other membership, then come back to where we started.
			const order = [...names.filter((n) => n !== start), start!];
			for (const name of order) {
				await page.getByTestId('tier-switcher').click();
				await dialog.locator('.membership', { hasText: name }).click();
				await dialog.waitFor({ state: 'hidden' });
				await expect.poll(() => tenantName.textContent()).toBe(name);
				// The page data follows the switch too: the home card shows the new tenant.
				await expect.poll(() => page.locator('#tenant-title').textContent()).toBe(name);
			}
		} finally {
			await context.close();
		}
	});
});
