import { describe, expect, test } from 'vitest';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { DEMO_PASSWORD, login, logout, newContext, useServerAndBrowser } from './support/browser.ts';

describe('two-step verification', () => {
	const env = useServerAndBrowser();

	test('sheyang.staff enrols TOTP from the QR step, then needs a code to sign in', async () => {
		const context = await newContext(env.browser, { baseUrl: env.server.baseUrl, device: 'phone' });
		const page = await context.newPage();
		try {
			await login(page, 'sheyang.staff', DEMO_PASSWORD);
			await page.goto('/account');
			await page.getByTestId('totp-start').click();
			const secret = (await page.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
			expect(await page.locator('img.qr').getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
			const key = decodeBase32IgnorePadding(secret);

			// A wrong code is refused next to the field.
			await page.locator('#totp-confirm').fill('000000');
			await page.getByRole('button', { name: '确认启用' }).click();
			await page.locator('#totp-confirm-error').waitFor();

			await page.locator('#totp-confirm').fill(generateTOTP(key, 30, 6));
			await page.getByRole('button', { name: '确认启用' }).click();
			await page.locator('#totp-disable').waitFor();

			await logout(page);
			await page.locator('#login').fill('sheyang.staff');
			await page.locator('#password').fill(DEMO_PASSWORD);
			await page.locator('form button[type="submit"]').click();
			await page.locator('#totp').waitFor();
			await page.locator('#totp').fill(generateTOTP(key, 30, 6));
			await page.locator('form button[type="submit"]').click();
			await expect.poll(() => page.getByTestId('tenant-name').textContent()).toBe('射阳县');

			// Leave the shared demo account as it was.
			await page.goto('/account');
			await page.locator('#totp-disable').fill(generateTOTP(key, 30, 6));
			await page.getByRole('button', { name: '停用两步验证' }).click();
			await page.getByTestId('totp-start').waitFor();
		} finally {
			await context.close();
		}
	});
});
