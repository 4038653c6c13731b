import { describe, expect, test } from 'vitest';
import { DEMO_PASSWORD, login, navHrefs, newContext, useServerAndBrowser } from './support/browser.ts';

describe('module switch', () => {
	const env = useServerAndBrowser();

	test('funing.admin switches insights off and its navigation entry disappears without a reload', async () => {
		const context = await newContext(env.browser, { baseUrl: env.server.baseUrl, device: 'desktop' });
		const page = await context.newPage();
		try {
			await login(page, 'funing.admin', DEMO_PASSWORD);
			expect(await navHrefs(page)).toContain('/insights');
			expect(await page.locator('nav.sidebar').textContent()).toContain('全过程人民民主展示窗');

			await page.locator('nav.sidebar a[data-nav="/admin/modules"]').click();
			await page.waitForURL('**/admin/modules');
			// A marker on window proves the page is never reloaded.
			await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
			const card = page.locator('[data-module="insights"]');
			await card.getByRole('radio', { name: '关闭', exact: true }).check();

			await expect.poll(() => navHrefs(page)).not.toContain('/insights');
			await expect.poll(() => card.getByTestId('module-resolved').textContent()).toContain('已停用');
			expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);

			// Restore the shared server's state: follow the parent again, and the entry is back.
			await card.getByRole('radio', { name: '跟随上级', exact: true }).check();
			await expect.poll(() => navHrefs(page)).toContain('/insights');
			await expect.poll(() => card.getByTestId('module-resolved').textContent()).toContain('已启用');
		} finally {
			// Whatever happened above, leave insights following the parent for the other tests.
			await page.request
				.put('/api/v1/modules/insights', { data: { state: 'inherit' }, headers: { Origin: env.server.baseUrl } })
				.catch(() => undefined);
			await context.close();
		}
	});
});
