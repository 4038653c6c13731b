import { describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD, login, newContext, useServerAndBrowser } from './support/browser.ts';

describe('account import', () => {
	const env = useServerAndBrowser();

	/** The status and reason of each report row, keyed by its CSV line number. */
	async function reportRows(page: Page) {
		return page.locator('[data-testid="import-report"] tbody tr').evaluateAll((rows) =>
			rows.map((row) => ({
				line: Number(row.getAttribute('data-line')),
				status: row.getAttribute('data-status'),
				text: row.textContent ?? ''
			}))
		);
	}

	async function run(page: Page, button: 'import-check' | 'import-run', expectHeading: RegExp) {
		await page.getByTestId(button).click();
		await expect.poll(() => page.locator('#report-title').textContent()).toMatch(expectHeading);
	}

	test('funing.admin checks, imports, and re-imports a CSV with one unknown tenant code', async () => {
		const context = await newContext(env.browser, { baseUrl: env.server.baseUrl, device: 'desktop' });
		const page = await context.newPage();
		// Unique names keep the test independent of earlier runs against the same server.
		const tag = Date.now().toString(36);
		const csv = [
			'username,display_name,phone,tenant_code,roles,password,unit_code',
			`e2e.${tag}.a,测试甲,,320923,staff,Start-2026-pass,`,
			`e2e.${tag}.b,测试乙,,320923,deputy,Start-2026-pass,`,
			`e2e.${tag}.c,测试丙,,999999,staff,Start-2026-pass,`
		].join('\n');
		try {
			await login(page, 'funing.admin', DEMO_PASSWORD);
			await page.goto('/admin/import');
			await page.locator('#csv-text').fill(csv);
			expect(await page.getByTestId('import-run').isDisabled()).toBe(true);

			// 1. Dry run: the bad row is reported with its line number and a reason.
			await run(page, 'import-check', /试运行/);
			let rows = await reportRows(page);
			expect(rows.map((r) => [r.line, r.status])).toEqual([
				[2, 'create'],
				[3, 'create'],
				[4, 'rejected']
			]);
			expect(rows[2].text).toContain('999999');
			const reason = await page.locator('tr[data-line="4"] .reason').textContent();
			expect(reason?.trim().length).toBeGreaterThan(0);
			expect(await page.locator('.count-create .count-value').textContent()).toBe('2');
			expect(await page.locator('.count-rejected .count-value').textContent()).toBe('1');

			// 2. The real import creates the two good accounts.
			await run(page, 'import-run', /^导入结果$/);
			rows = await reportRows(page);
			expect(rows.filter((r) => r.status === 'create').map((r) => r.line)).toEqual([2, 3]);
			expect(rows.find((r) => r.line === 4)?.status).toBe('rejected');

			// 3. Running it again changes nothing: the two accounts are unchanged.
			await run(page, 'import-check', /试运行/);
			await run(page, 'import-run', /^导入结果$/);
			rows = await reportRows(page);
			expect(rows.map((r) => [r.line, r.status])).toEqual([
				[2, 'unchanged'],
				[3, 'unchanged'],
				[4, 'rejected']
			]);
			expect(await page.locator('.count-unchanged .count-value').textContent()).toBe('2');
		} finally {
			await context.close();
		}
	});
});
