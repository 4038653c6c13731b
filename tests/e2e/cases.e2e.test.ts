import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, launchBrowser, login, newContext, switchTier } from './support/browser.ts';
import { startGateway, type Gateway, type GatewayMessage } from './support/gateway.ts';
import { startServer, type RunningServer } from './support/server.ts';

// The closed loop of issue 4 in a real browser, with real notifications: every SMS and WeChat
// message leaves the platform through its signed gateway calls (sent by the worker process on
// PostgreSQL, by the API's in-process jobs on the embedded start) and arrives at a local gateway
// that checks the signature; the test reads the one-time code and the follow link from there.

const SHOTS = '/tmp/e2e-cases';
const PUBLIC_PHONE = '13912345678';
const PUBLIC_PHONE_MASKED = '139****5678';
const WANG_PHONE = '13800000006';
const WATER_PHONE = '13800000007';

/** A GET of the API from inside the page, with the page's own session cookie. */
async function apiGet<T>(page: Page, path: string): Promise<{ status: number; body: T }> {
	return page.evaluate(async (url) => {
		const res = await fetch(url);
		return { status: res.status, body: await res.json() };
	}, path);
}

/** The texts of every API answer a page receives from now on (read when awaited), but the live stream. */
function recordAnswers(page: Page): Promise<string>[] {
	const answers: Promise<string>[] = [];
	page.on('response', (res) => {
		// The notification stream never ends; what it carries is checked through the bell.
		if (res.url().includes('/api/') && !res.headers()['content-type']?.startsWith('text/event-stream')) answers.push(res.text().catch(() => ''));
	});
	return answers;
}

async function shot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** Opens the step's dialog from the case page's action panel and confirms it. */
async function act(page: Page, button: string, confirm: string, fill?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>): Promise<void> {
	await page.locator('.panel').getByRole('button', { name: button, exact: true }).click();
	const dialog = page.getByRole('dialog');
	await dialog.waitFor();
	if (fill) await fill(dialog);
	await dialog.getByRole('button', { name: confirm, exact: true }).click();
	await dialog.waitFor({ state: 'hidden' });
}

/** Waits until the case page's header shows `state` (the badge's text). */
async function stateIs(page: Page, label: string): Promise<void> {
	await page.locator('header.head .tags .badge').getByText(label, { exact: true }).waitFor();
}

describe('cases: the closed loop', () => {
	let gateway: Gateway;
	let server: RunningServer;
	let browser: Browser;
	let photoDir: string;
	const contexts: BrowserContext[] = [];

	beforeAll(async () => {
		rmSync(SHOTS, { recursive: true, force: true });
		mkdirSync(SHOTS, { recursive: true });
		photoDir = mkdtempSync(join(tmpdir(), 'renda-e2e-photo-'));
		gateway = await startGateway();
		server = await startServer({ env: gateway.env, worker: true });
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await Promise.all(contexts.splice(0).map((c) => c.close()));
		await browser?.close();
		await server?.stop();
		await gateway?.close();
		if (photoDir) rmSync(photoDir, { recursive: true, force: true });
	});

	async function open(device: 'phone' | 'desktop'): Promise<Page> {
		const context = await newContext(browser, { baseUrl: server.baseUrl, device });
		contexts.push(context);
		return context.newPage();
	}

	test('the gateway refuses a call without a valid signature', async () => {
		const body = JSON.stringify({ id: 'forged-1', channel: 'sms', to: PUBLIC_PHONE, subject: '', body: 'x' });
		const forged = await fetch(gateway.env.SMS_WEBHOOK_URL, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-renda-delivery': 'forged-1', 'x-renda-channel': 'sms', 'x-renda-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}` },
			body
		});
		expect(forged.status).toBe(401);
		expect(gateway.messages).toHaveLength(0);
		expect(gateway.rejected.map((r) => r.reason)).toEqual(['bad signature']);
	});

	test('public submits through deputy.wang’s QR page → he accepts and transfers to 阜宁县水利局 → unit.water signs and replies → he closes → the public rates from the SMS link → yancheng.staff sees it masked, sheyang.staff not at all', async () => {
		const marker = `E2E${Date.now().toString(36).toUpperCase()}`;
		const title = `村东头自来水停水三天 ${marker}`;
		const since = Date.now();
		const rejectedBefore = gateway.rejected.length;
		const photo = join(photoDir, 'pipe.jpg');
		writeFileSync(photo, await sharp({ create: { width: 96, height: 64, channels: 3, background: '#1d4ed8' } }).jpeg({ quality: 80 }).toBuffer());
		const fresh = (m: GatewayMessage) => m.receivedAt >= since;

		// deputy.wang is signed in at 阜宁县 before anything arrives: his bell must light up live.
		const wang = await open('desktop');
		await login(wang, 'deputy.wang', DEMO_PASSWORD);
		await switchTier(wang, '阜宁县');
		const badge = wang.getByTestId('notification-count');
		const unreadBefore = (await badge.count()) ? Number(await badge.textContent()) : 0;

		// 1. The public, on a phone and without a session, writes to deputy.wang from his QR page.
		const citizen = await open('phone');
		await citizen.goto('/d/FNWANG23');
		await citizen.locator('#deputy-name', { hasText: '王建国' }).waitFor();
		await citizen.getByRole('link', { name: /有事找代表/ }).click();
		await citizen.waitForURL(/\/d\/FNWANG23\/write$/);
		await citizen.locator('#form-title', { hasText: '民生码上见' }).waitFor();
		await citizen.getByRole('radio', { name: '供水用水' }).check();
		await citizen.locator('#case-title').fill(title);
		await citizen.locator('#case-body').fill('自来水已经停了三天，村里老人吃水困难，希望尽快恢复供水。');
		await citizen.getByLabel('所在村（社区）').fill('沟墩镇王庄村');
		await citizen.locator('#case-photos').setInputFiles(photo);
		const tiles = citizen.locator('.tiles li.tile:not(.add-tile)');
		await tiles.first().waitFor();
		await tiles.getByRole('progressbar').waitFor({ state: 'detached' });
		expect(await tiles.getByRole('alert').count()).toBe(0);
		await citizen.locator('#case-name').fill('李大妈');
		await citizen.locator('#case-phone').fill(PUBLIC_PHONE);
		await citizen.getByRole('button', { name: '获取验证码' }).click();
		const otpSms = await gateway.waitFor((m) => fresh(m) && m.channel === 'sms' && m.to === PUBLIC_PHONE && /\d{6}/.test(m.body), 'with the one-time code');
		// The API has a gateway: the code only travels by SMS, the page shows no demo code.
		await citizen.locator('#case-otp-help', { hasText: PUBLIC_PHONE_MASKED }).waitFor();
		expect(await citizen.locator('.demo').count()).toBe(0);
		await citizen.locator('#case-otp').fill(otpSms.body.match(/\d{6}/)![0]);
		await shot(citizen, '01-public-form');
		await citizen.getByRole('button', { name: '提交', exact: true }).click();
		await citizen.waitForURL(/\/t\/C\d{9}\?k=[\w-]+/);
		const ticket = new URL(citizen.url()).pathname.split('/').pop()!;
		await citizen.locator('.ticket strong', { hasText: ticket }).waitFor();
		await citizen.locator('h1', { hasText: title }).waitFor();
		await shot(citizen, '02-ticket-page');

		// 2. deputy.wang's bell shows the new case without a reload; he follows it to the case.
		await expect.poll(async () => ((await badge.count()) ? Number(await badge.textContent()) : 0), { timeout: 20_000 }).toBeGreaterThan(unreadBefore);
		await wang.getByTestId('notification-bell').click();
		const notice = wang.locator('#notify-panel a.unread', { hasText: ticket });
		await notice.waitFor();
		expect(await notice.textContent()).toContain(marker);
		await shot(wang, '03-wang-bell');
		await notice.click();
		await wang.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
		const caseId = new URL(wang.url()).pathname.split('/').pop()!;
		await wang.locator('h1', { hasText: title }).waitFor();
		// The handling deputy reads the submitter's name and full phone.
		await wang.locator(`a[href="tel:${PUBLIC_PHONE}"]`, { hasText: PUBLIC_PHONE }).waitFor();
		await wang.getByText('李大妈', { exact: true }).waitFor();
		await wang.locator('.layout img').first().waitFor();
		// And deputy.wang was told by SMS and WeChat as well.
		await gateway.waitFor((m) => fresh(m) && m.channel === 'sms' && m.to === WANG_PHONE && m.body.includes(ticket), 'to deputy.wang about the new case');
		await gateway.waitFor((m) => fresh(m) && m.channel === 'wechat' && m.to === WANG_PHONE && m.body.includes(ticket), 'by WeChat to deputy.wang');

		await act(wang, '受理', '受理');
		await stateIs(wang, '已受理');
		await act(wang, '转交办理', '转交办理', async (dialog) => {
			await dialog.locator('#act-lead option', { hasText: '阜宁县水利局' }).waitFor({ state: 'attached' });
			await dialog.locator('#act-lead').selectOption({ label: '阜宁县水利局' });
		});
		await stateIs(wang, '已交办');
		await wang.locator('.layout').getByText('阜宁县水利局').first().waitFor();
		await shot(wang, '04-wang-transferred');
		// The scenario's channels include SMS and WeChat: the unit's officer is told on both.
		const toWater = await gateway.waitFor((m) => fresh(m) && m.channel === 'sms' && m.to === WATER_PHONE && m.body.includes(ticket), 'to unit.water about the transfer');
		expect(toWater.body).toContain('阜宁县水利局');
		expect(toWater.body).toContain(title);
		await gateway.waitFor((m) => fresh(m) && m.channel === 'wechat' && m.to === WATER_PHONE && m.body.includes(ticket), 'by WeChat to unit.water');

		// 3. unit.water signs for it and replies, from its queue.
		const water = await open('desktop');
		await login(water, 'unit.water', DEMO_PASSWORD);
		await water.getByTestId('notification-bell').click();
		await water.locator('#notify-panel a.unread', { hasText: ticket }).waitFor();
		await water.getByTestId('notification-bell').click();
		await water.locator('nav.sidebar a[data-nav="/unit/cases"]').click();
		await water.waitForURL(/\/unit\/cases/);
		const queued = water.locator('article.item', { hasText: ticket });
		await queued.waitFor();
		await shot(water, '05-unit-queue');
		await queued.getByRole('link', { name: title }).click();
		await water.waitForURL(`**/cases/${caseId}`);
		await water.locator('h1', { hasText: title }).waitFor();
		// A unit sees the number masked, never in full.
		expect(await water.content()).not.toContain(PUBLIC_PHONE);
		await act(water, '签收', '签收');
		await stateIs(water, '办理中');
		await act(water, '答复', '提交答复', async (dialog) => {
			await dialog.locator('#act-text').fill('已派维修队抢修主管道，今日18时前恢复供水。');
		});
		await stateIs(water, '已答复');
		await shot(water, '06-unit-replied');
		await gateway.waitFor((m) => fresh(m) && m.channel === 'sms' && m.to === WANG_PHONE && m.body.includes(ticket) && m.body.includes('答复'), 'to deputy.wang about the reply');

		// 4. deputy.wang reviews the reply and closes the case (replied → closed).
		await wang.reload();
		await stateIs(wang, '已答复');
		await act(wang, '办结', '办结');
		await stateIs(wang, '已办结');
		await shot(wang, '07-wang-closed');

		// 5. The public gets the follow link by SMS, opens it on the phone, and rates 满意.
		const closedSms = await gateway.waitFor((m) => fresh(m) && m.channel === 'sms' && m.to === PUBLIC_PHONE && m.body.includes(ticket) && m.body.includes('/t/'), 'with the follow link to the public');
		const link = closedSms.body.match(/\/t\/C\d{9}\?k=[\w-]+/)?.[0];
		expect(link).toBeTruthy();
		const follower = await open('phone');
		await follower.goto(link!);
		await follower.locator('.ticket strong', { hasText: ticket }).waitFor();
		await follower.locator('#answer-title').waitFor();
		expect(await follower.locator('.answer').textContent()).toContain('今日18时前恢复供水');
		await follower.getByRole('radio', { name: '满意', exact: true }).check();
		await follower.locator('#rate-comment').fill('修得很快，谢谢代表。');
		await follower.locator('form.rate').getByRole('button', { name: '提交评价' }).click();
		const confirm = follower.getByRole('dialog');
		await confirm.getByRole('button', { name: '提交评价' }).click();
		await follower.locator('#rated-title', { hasText: '感谢您的评价' }).waitFor();
		expect(await follower.locator('.rated .verdict').textContent()).toContain('满意');
		await shot(follower, '08-public-rated');

		// 6. yancheng.staff finds it in the city roll-up with the phone masked, nowhere in full.
		const city = await open('desktop');
		const cityAnswers = recordAnswers(city);
		await login(city, 'yancheng.staff', DEMO_PASSWORD);
		await city.goto(`/cases?q=${marker}`);
		const row = city.locator(`tr[data-case="${ticket}"]`);
		await row.waitFor();
		expect(await row.textContent()).toContain(title);
		expect(await row.textContent()).toContain('阜宁县');
		expect(await row.locator('td.mono').textContent()).toBe(PUBLIC_PHONE_MASKED);
		expect(await city.content()).not.toContain(PUBLIC_PHONE);
		await shot(city, '09-city-rollup');
		await row.getByRole('link', { name: title }).click();
		await city.waitForURL(`**/cases/${caseId}`);
		await city.locator('h1', { hasText: title }).waitFor();
		await city.getByText(PUBLIC_PHONE_MASKED, { exact: true }).waitFor();
		expect(await city.locator('a[href^="tel:"]').count()).toBe(0);
		expect(await city.getByText('李大妈').count()).toBe(0);
		expect(await city.content()).not.toContain(PUBLIC_PHONE);
		const detail = await apiGet<{ contact: unknown; phoneMasked: string; rating: number; state: string }>(city, `/api/v1/cases/${caseId}`);
		expect(detail.status).toBe(200);
		expect(detail.body.contact).toBeNull();
		expect(detail.body.phoneMasked).toBe(PUBLIC_PHONE_MASKED);
		expect(detail.body.state).toBe('rated');
		expect(detail.body.rating).toBe(1);
		for (const body of await Promise.all(cityAnswers)) expect(body).not.toContain(PUBLIC_PHONE);
		await shot(city, '10-city-case');

		// 7. sheyang.staff, another county, does not see it at all.
		const other = await open('desktop');
		await login(other, 'sheyang.staff', DEMO_PASSWORD);
		await other.goto(`/cases?q=${marker}`);
		await other.locator('#cf-q').waitFor();
		expect(await other.locator('#cf-q').inputValue()).toBe(marker);
		await other.locator('section[aria-labelledby="cases-title"]').getByText('没有符合条件的诉求。').waitFor();
		expect(await other.locator(`tr[data-case="${ticket}"]`).count()).toBe(0);
		expect(await other.content()).not.toContain(ticket);
		await other.goto(`/cases/${caseId}`);
		await other.locator('#error-title', { hasText: '页面不存在' }).waitFor();
		expect(await other.content()).not.toContain(ticket);
		expect(await other.content()).not.toContain(title);
		expect((await apiGet(other, `/api/v1/cases/${caseId}`)).status).toBe(404);
		await shot(other, '11-sheyang-not-found');

		// Every message left once: no delivery id came twice, and no message was queued twice.
		expect(gateway.rejected.slice(rejectedBefore)).toEqual([]);
		expect(gateway.duplicates).toEqual([]);
		for (const [id, n] of gateway.hits) expect(n, `delivery ${id}`).toBe(1);
		const seen = new Map<string, number>();
		for (const m of gateway.messages.filter(fresh)) {
			const key = `${m.channel}|${m.to}|${m.body}`;
			seen.set(key, (seen.get(key) ?? 0) + 1);
		}
		expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
		const about = (channel: string, to: string, words: string) => gateway.messages.filter((m) => m.channel === channel && m.to === to && m.body.includes(ticket) && m.body.includes(words));
		expect(about('sms', WATER_PHONE, '交办')).toHaveLength(1);
		expect(about('wechat', WATER_PHONE, '交办')).toHaveLength(1);
		expect(about('sms', PUBLIC_PHONE, '办结')).toHaveLength(1);

		// The worker (on PostgreSQL) sent them and logged no error; nor did the API.
		const worker = server.workerOutput();
		if (!server.embedded) {
			expect(worker).not.toBeNull();
			expect(worker!.stderr).toBe('');
			expect(worker!.stdout).not.toMatch(/"level":"error"|\berror\b/i);
		}
		expect(server.apiOutput()).not.toMatch(/"level":"error"/);
	});
});
