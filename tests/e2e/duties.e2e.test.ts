import { describe, expect, test } from 'vitest';
import sharp from 'sharp';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, login, newContext, switchTier, useServerAndBrowser } from './support/browser.ts';

/** `YYYY-MM-DDTHH:mm` in China time, the value a datetime-local field takes in the test browser. */
function chinaLocal(date: Date): string {
	return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

/** A GET of the API from inside the page, with the page's own session cookie. */
async function apiGet<T>(page: Page, path: string): Promise<{ status: number; body: T }> {
	return page.evaluate(async (url) => {
		const res = await fetch(url);
		return { status: res.status, body: await res.json() };
	}, path);
}

/** Waits for the archive volume of `tenant` and returns the titles of its timeline. */
async function archiveTitles(page: Page, tenant: string): Promise<string[]> {
	await page.goto('/my/archive');
	await page.locator('.archive-volume .volume', { hasText: tenant }).waitFor();
	return (await page.locator('.timeline a.title').allTextContents()).map((t) => t.trim());
}

describe('deputies and duties', () => {
	const env = useServerAndBrowser();
	const contexts: BrowserContext[] = [];
	async function open(device: 'phone' | 'desktop'): Promise<Page> {
		const context = await newContext(env.browser, { baseUrl: env.server.baseUrl, device });
		contexts.push(context);
		return context.newPage();
	}
	async function closeAll() {
		await Promise.all(contexts.splice(0).map((c) => c.close()));
	}

	test('staff create an event; deputy.wang confirms it; a check-in through the QR link; the activity appears verified in his archive at 阜宁县 but not at 盐城市', async () => {
		const tag = Date.now().toString(36);
		const title = `E2E 视察水利设施 ${tag}`;
		try {
			// 1. funing.staff creates the event through the form and invites deputy.wang by name.
			const staff = await open('desktop');
			await login(staff, 'funing.staff', DEMO_PASSWORD);
			await staff.goto('/events/new');
			await staff.locator('#e-kind').selectOption('inspection');
			await staff.locator('#e-akind').selectOption('inspection');
			await staff.locator('#e-title').fill(title);
			// The start lies a few minutes ahead: a deputy answers an invitation only before it starts,
			// and the check-in opens two hours before the start.
			const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 5 * 60_000);
			await staff.locator('#e-start').fill(chinaLocal(start));
			await staff.locator('#e-end').fill(chinaLocal(new Date(start.getTime() + 2 * 3600_000)));
			await staff.locator('#e-place').fill('沟墩镇王庄村');
			await staff.getByRole('combobox', { name: '邀请个别代表' }).fill('王建国');
			await staff.getByRole('option', { name: /王建国/ }).click();
			await staff.locator('.chips .chip', { hasText: '王建国' }).waitFor();
			await staff.getByRole('button', { name: '创建并发出邀请' }).click();
			await staff.waitForURL(/\/events\/[0-9a-f-]{36}$/);
			const eventId = new URL(staff.url()).pathname.split('/').pop()!;
			await staff.locator('#event-title', { hasText: title }).waitFor();
			const row = staff.locator('tbody tr', { hasText: '王建国' });
			expect(await row.textContent()).toContain('待确认');
			const deputyId = (await row.locator('th a').getAttribute('href'))!.split('/').pop()!;

			// 2. deputy.wang, on his phone, confirms from his invitations at 阜宁县.
			const wang = await open('phone');
			await login(wang, 'deputy.wang', DEMO_PASSWORD);
			await switchTier(wang, '阜宁县');
			await wang.goto('/my/events');
			const card = wang.locator('article.event', { hasText: title });
			await card.getByRole('button', { name: '确认参加' }).click();
			await card.locator('button.accept[aria-pressed="true"]').waitFor();
			await staff.reload();
			await staff.locator('#event-title').waitFor();
			expect(await row.textContent()).toContain('已确认参加');

			// 3. The check-in link drawn on the door screen works while another tier is active.
			await switchTier(wang, '盐城市');
			await staff.goto(`/events/${eventId}/screen`);
			const checkinUrl = await staff.locator('[data-checkin-url]').getAttribute('data-checkin-url');
			expect(checkinUrl).toMatch(/\/checkin\/[\w-]+\.[\w-]+$/);
			await wang.goto(checkinUrl!);
			await wang.locator('#checkin-title', { hasText: '签到成功' }).waitFor();
			expect(await wang.locator('.event-title').textContent()).toBe(title);
			expect(await wang.locator('.event-tenant').textContent()).toContain('阜宁县');
			await staff.goto(`/events/${eventId}`);
			await row.locator('.ok').waitFor();

			// 4. The activity counts in his county archive, not in his city seat's archive.
			await switchTier(wang, '阜宁县');
			expect(await archiveTitles(wang, '阜宁县')).toContain(title);
			await switchTier(wang, '盐城市');
			const city = await archiveTitles(wang, '盐城市');
			expect(city).not.toContain(title);

			// 5. The API tells the same to staff: one record from the event, counted.
			const list = await apiGet<{ items: { eventId: string | null; state: string; source: string; title: string }[] }>(
				staff,
				`/api/v1/activities?deputyId=${deputyId}`
			);
			expect(list.status).toBe(200);
			const records = list.body.items.filter((a) => a.eventId === eventId);
			expect(records).toHaveLength(1);
			expect(records[0].source).toBe('event');
			expect(['verified', 'published']).toContain(records[0].state);
		} finally {
			await closeAll();
		}
	});

	test('the public profile opens without a session on a phone and never shows the phone number', async () => {
		try {
			const page = await open('phone');
			// Every API answer the page received, read in full, is checked as well as the page itself.
			const answers: Promise<string>[] = [];
			page.on('response', (res) => {
				if (res.url().includes('/api/')) answers.push(res.text().catch(() => ''));
			});
			await page.goto('/d/FNWANG23');
			await page.locator('#deputy-name', { hasText: '王建国' }).waitFor();
			await page.locator('#feed-title').waitFor();
			expect(page.url()).toMatch(/\/d\/FNWANG23$/);
			expect(await page.getByTestId('tier-switcher').count()).toBe(0);
			expect(await page.content()).not.toContain('13800000006');
			const bodies = await Promise.all(answers);
			expect(bodies.some((b) => b.includes('王建国'))).toBe(true);
			for (const body of bodies) expect(body).not.toContain('13800000006');
		} finally {
			await closeAll();
		}
	});

	test('a deputy records an activity with a photo; staff verify it from the queue; it is published on the public profile', async () => {
		const title = `E2E 走访村民 ${Date.now().toString(36)}`;
		const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#b91c1c' } }).png().toBuffer();
		try {
			// deputy.li records it on her phone, with a photo, and submits it for review.
			const li = await open('phone');
			await login(li, 'deputy.li', DEMO_PASSWORD);
			await li.goto('/my/activities/new');
			await li.locator('input[name="kind"][value="constituents"]').check();
			await li.locator('#act-title').fill(title);
			await li.locator('#act-place').fill('沟墩镇王庄村');
			await li.locator('#act-files').setInputFiles({ name: 'visit.png', mimeType: 'image/png', buffer: png });
			const tiles = li.locator('.tiles li.tile:not(.add-tile)');
			await tiles.first().waitFor();
			await tiles.getByRole('progressbar').waitFor({ state: 'detached' });
			expect(await tiles.getByRole('alert').count()).toBe(0);
			await li.getByRole('button', { name: '提交审核' }).click();
			await li.waitForURL(/\/my\/activities\/[0-9a-f-]{36}$/);
			const activityId = new URL(li.url()).pathname.split('/').pop()!;

			// funing.staff finds it in the queue, with the photo, and verifies it.
			const staff = await open('desktop');
			await login(staff, 'funing.staff', DEMO_PASSWORD);
			await staff.goto('/duties/queue');
			const item = staff.locator(`article[data-activity="${activityId}"]`);
			await item.locator('h3', { hasText: title }).waitFor();
			await item.locator('.thumbs img').waitFor();
			await item.getByRole('button', { name: '通过' }).click();
			await item.waitFor({ state: 'detached' });

			// Published on verify (the default): the public profile shows it with its photo.
			const visitor = await open('phone');
			await visitor.goto('/d/FNLXY234');
			const entry = visitor.locator('.feed li.item', { has: visitor.locator('h3', { hasText: title }) });
			await entry.waitFor();
			await entry.locator('.photos img').waitFor();
			const detail = await apiGet<{ state: string }>(staff, `/api/v1/activities/${activityId}`);
			expect(detail.body.state).toBe('published');
		} finally {
			await closeAll();
		}
	});
});
