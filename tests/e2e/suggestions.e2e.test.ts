import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_PASSWORD, launchBrowser, login, newContext, switchTier } from './support/browser.ts';
import { startGateway, type Gateway, type GatewayMessage } from './support/gateway.ts';
import { startServer, type RunningServer } from './support/server.ts';

// Issue 5 in a real browser: a suggestion of deputy.wang travels from his draft through a
// co-signer, the county's staff and two units, is rated unsatisfied and handed out again, and
// shows in the city's statistics — on PostgreSQL with the worker, every SMS leaving through the
// signed gateway calls to a local gateway that checks their signature.

const SHOTS = '/tmp/e2e-suggestions';
const WANG_PHONE = '13800000006';
const LI_PHONE = '13800000011';
const WATER_PHONE = '13800000007';
const HOUSING_PHONE = '13800000008';
const WATER = '阜宁县水利局';
const HOUSING = '阜宁县住房和城乡建设局';

interface Assignment { unitId: string; unitName: string; round: number; role: 'lead' | 'co'; state: string; replyDueAt: string | null; reply: string | null; replyCategory: string | null; rating: number | null }
interface Detail { id: string; state: string; round: number; numberLabel: string | null; replyCategory: string | null; signers: { name: string; state: string }[]; assignments: Assignment[] }
interface Figures { total: number; motions: number; accepted: number; assigned: number; replied: number; closed: number; overdue: number; rated: number; satisfied: number }
interface Stats { totals: Figures; tenants: (Figures & { tenantId: string; name: string; level: string })[] }

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
		if (res.url().includes('/api/') && !res.headers()['content-type']?.startsWith('text/event-stream')) answers.push(res.text().catch(() => ''));
	});
	return answers;
}

async function shot(page: Page, name: string): Promise<void> {
	await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

/** The action panel of the suggestion page (not the notification panel, also a `.panel`). */
const panel = (page: Page): Locator => page.locator('section.panel[aria-labelledby="actions-title"]');

/** Opens a step's dialog from the action panel, fills it, confirms it and waits for it to close. */
async function act(page: Page, button: string, confirm: string, fill?: (dialog: Locator) => Promise<void>): Promise<void> {
	await panel(page).getByRole('button', { name: button, exact: true }).click();
	const dialog = page.getByRole('dialog');
	await dialog.waitFor();
	if (fill) await fill(dialog);
	await dialog.getByRole('button', { name: confirm, exact: true }).click();
	await dialog.waitFor({ state: 'hidden' });
}

/** Waits until the suggestion page's header shows the state `label`. */
async function stateIs(page: Page, label: string): Promise<void> {
	await page.locator('header.head .tags .badge').getByText(label, { exact: true }).waitFor();
}

/** The texts of the cells of a statistics table row, number columns only. */
async function rowNumbers(row: Locator): Promise<number[]> {
	return (await row.locator('td.num').allTextContents()).map((t) => Number(t.replace(/[,\s]/g, '')));
}

describe('suggestions: drafted, co-signed, handled by two units, rated unsatisfied, handled again, counted by the city', () => {
	let gateway: Gateway;
	let server: RunningServer;
	let browser: Browser;
	const contexts: BrowserContext[] = [];

	beforeAll(async () => {
		rmSync(SHOTS, { recursive: true, force: true });
		mkdirSync(SHOTS, { recursive: true });
		gateway = await startGateway();
		server = await startServer({ env: gateway.env, worker: true });
		browser = await launchBrowser();
	});
	afterAll(async () => {
		await Promise.all(contexts.splice(0).map((c) => c.close()));
		await browser?.close();
		await server?.stop();
		await gateway?.close();
	});

	async function open(device: 'phone' | 'desktop'): Promise<Page> {
		const context = await newContext(browser, { baseUrl: server.baseUrl, device });
		contexts.push(context);
		return context.newPage();
	}

	test('deputy.wang → deputy.li co-signs → funing.staff accepts and assigns → 住建局 opinion, 水利局 reply → 不满意 → round 2 → yancheng.staff’s statistics; sheyang.staff sees nothing', async () => {
		const marker = `E2E${Date.now().toString(36).toUpperCase()}`;
		const title = `关于加快农村供水管网改造的建议 ${marker}`;
		const body = '沟墩镇部分村组供水管网老化，夏季经常停水。建议县水利局会同住建部门制定改造计划，分年度实施。';
		const opinion = `住建局会办意见：已将沿线道路修复纳入年度计划 ${marker}`;
		const reply = `水利局答复：管网改造已列入明年计划，先行抢修主干管 ${marker}`;
		const since = Date.now();
		const fresh = (m: GatewayMessage) => m.receivedAt >= since && m.body.includes(title);

		// The city's figures before anything happens, read as yancheng.staff through the API.
		const city = await open('desktop');
		await login(city, 'yancheng.staff', DEMO_PASSWORD);
		const before = await apiGet<Stats>(city, '/api/v1/suggestions/stats');
		expect(before.status).toBe(200);
		const funingBefore = before.body.tenants.find((r) => r.name === '阜宁县');
		expect(funingBefore, 'the city statistics list 阜宁县').toBeTruthy();

		// 1. deputy.wang, on his phone at 阜宁县, drafts a suggestion with deputy.li as co-signer.
		const wang = await open('phone');
		await login(wang, 'deputy.wang', DEMO_PASSWORD);
		await switchTier(wang, '阜宁县');
		await wang.goto('/my/suggestions');
		await wang.getByRole('heading', { name: '我的议案建议', level: 1 }).waitFor();
		await wang.getByRole('link', { name: '起草议案建议' }).click();
		await wang.waitForURL(/\/my\/suggestions\/new$/);
		await wang.getByRole('radio', { name: /^建议/ }).check();
		await wang.locator('#sugg-title').fill(title);
		await wang.locator('#sugg-body').fill(body);
		await wang.locator('#sugg-cosigners').fill('李秀英');
		await wang.locator('#sugg-cosigners-list').getByRole('option', { name: /李秀英/ }).click();
		await wang.locator('.picker .chips li', { hasText: '李秀英' }).waitFor();
		await shot(wang, '01-wang-draft-form');
		await wang.getByRole('button', { name: '保存草稿', exact: true }).click();
		await wang.waitForURL(/\/suggestions\/[0-9a-f-]{36}$/);
		const id = new URL(wang.url()).pathname.split('/').pop()!;
		await wang.locator('h1', { hasText: title }).waitFor();
		await stateIs(wang, '草稿');
		const signers = wang.locator('section[aria-labelledby="signers-title"]');
		await signers.locator('li', { hasText: '李秀英' }).getByText('待回应').waitFor();
		await shot(wang, '02-wang-draft-saved');

		// deputy.li is told (in-app and by SMS), and signs from 待我附议 on her own phone.
		const toLi = await gateway.waitFor((m) => fresh(m) && m.channel === 'sms' && m.to === LI_PHONE, 'to deputy.li about the invitation');
		expect(toLi.subject).toBe('邀请您联名或附议');
		const li = await open('phone');
		await login(li, 'deputy.li', DEMO_PASSWORD);
		await li.getByTestId('notification-bell').click();
		await li.locator('#notify-panel a.unread', { hasText: marker }).waitFor();
		await shot(li, '03-li-bell');
		await li.getByTestId('notification-bell').click();
		await li.goto('/my/suggestions');
		await li.getByRole('link', { name: /^待我附议/ }).click();
		await li.waitForURL(/view=invited/);
		const invitation = li.locator('article.sugg', { hasText: title });
		await invitation.waitFor();
		await shot(li, '04-li-invited');
		await invitation.getByRole('link', { name: title }).click();
		await li.waitForURL(`**/suggestions/${id}`);
		await act(li, '签名附议', '确认签名');
		await li.locator('section[aria-labelledby="signers-title"] li', { hasText: '李秀英' }).getByText('已签名').waitFor();
		await shot(li, '05-li-signed');

		// deputy.wang sees the signature and submits.
		await wang.reload();
		await signers.locator('li', { hasText: '李秀英' }).getByText('已签名').waitFor();
		await act(wang, '提交', '提交');
		await stateIs(wang, '已提交');
		await shot(wang, '06-wang-submitted');

		// 2. funing.staff finds it in the review queue, accepts it (第N号) and assigns it.
		const staff = await open('desktop');
		await login(staff, 'funing.staff', DEMO_PASSWORD);
		await staff.locator('nav.sidebar a[data-nav="/suggestions"]').click();
		await staff.waitForURL(/\/suggestions$|\/suggestions\?/);
		await staff.getByRole('link', { name: '待审查' }).waitFor();
		const queued = staff.locator(`tr[data-suggestion="${id}"]`);
		await queued.waitFor();
		expect(await queued.textContent()).toContain('王建国');
		await shot(staff, '07-staff-review-queue');
		await queued.getByRole('link', { name: title }).click();
		await staff.waitForURL(`**/suggestions/${id}`);
		await act(staff, '审查立案', '审查立案', async (dialog) => {
			await dialog.locator('#acc-session').waitFor();
		});
		await stateIs(staff, '已立案');
		const number = (await staff.locator('header.head .number').textContent())?.trim() ?? '';
		expect(number).toMatch(/^第\d+号$/);
		await act(staff, '交办', '交办', async (dialog) => {
			await dialog.locator('#asg-lead option', { hasText: WATER }).waitFor({ state: 'attached' });
			await dialog.locator('#asg-lead').selectOption({ label: WATER });
			await dialog.getByRole('checkbox', { name: HOUSING }).check();
			// A reply deadline of its own for round 1, so that round 2's (the module's 90 days) differs.
			await dialog.locator('#asg-days').fill('30');
			await shot(staff, '08-staff-assign-dialog');
		});
		await stateIs(staff, '已交办');
		const units = staff.locator('section[aria-labelledby="units-title"]');
		await units.locator('li.unit', { hasText: WATER }).getByText('主办', { exact: true }).waitFor();
		await units.locator('li.unit', { hasText: HOUSING }).getByText('会办', { exact: true }).waitFor();
		await shot(staff, '09-staff-assigned');
		await gateway.waitFor((m) => fresh(m) && m.channel === 'sms' && m.to === WATER_PHONE && m.subject === '议案建议交办待签收', 'to unit.water about the assignment');
		await gateway.waitFor((m) => fresh(m) && m.channel === 'sms' && m.to === HOUSING_PHONE && m.subject === '议案建议交办待签收', 'to unit.housing about the assignment');
		expect((await apiGet<Detail>(staff, `/api/v1/suggestions/${id}`)).body.numberLabel).toBe(number);

		// 3. unit.housing signs for it in its queue and sends its opinion to the lead unit.
		const housing = await open('desktop');
		await login(housing, 'unit.housing', DEMO_PASSWORD);
		await housing.locator('nav.sidebar a[data-nav="/unit/suggestions"]').click();
		await housing.waitForURL(/\/unit\/suggestions/);
		const toSign = housing.locator('article.task', { hasText: title });
		await toSign.waitFor();
		expect(await toSign.textContent()).toContain(`${HOUSING} · 会办`);
		await shot(housing, '10-housing-queue');
		await toSign.getByRole('button', { name: '签收', exact: true }).click();
		await toSign.waitFor({ state: 'detached' });
		await housing.getByRole('link', { name: /^会办意见/ }).click();
		const toOpine = housing.locator('article.task', { hasText: title });
		await toOpine.getByRole('link', { name: '提会办意见' }).click();
		await housing.waitForURL(`**/suggestions/${id}`);
		await act(housing, '提出会办意见', '送主办单位', async (dialog) => {
			await dialog.locator('#act-text').fill(opinion);
		});
		await housing.locator('section[aria-labelledby="units-title"] li.unit', { hasText: HOUSING }).getByText('已提会办意见').waitFor();
		await shot(housing, '11-housing-opinion');
		await gateway.waitFor((m) => fresh(m) && m.channel === 'sms' && m.to === WATER_PHONE && m.subject === '会办意见（阜宁县住房和城乡建设局）', 'to unit.water about the opinion');

		// unit.water reads the opinion before it replies, signs for it and replies (category B).
		const water = await open('desktop');
		await login(water, 'unit.water', DEMO_PASSWORD);
		await water.locator('nav.sidebar a[data-nav="/unit/suggestions"]').click();
		await water.waitForURL(/\/unit\/suggestions/);
		const waterTask = water.locator('article.task', { hasText: title });
		await waterTask.waitFor();
		expect(await waterTask.textContent()).toContain(`${WATER} · 主办`);
		await waterTask.getByRole('link', { name: title }).click();
		await water.waitForURL(`**/suggestions/${id}`);
		const seenOpinion = water.locator('section[aria-labelledby="units-title"] li.unit', { hasText: HOUSING }).locator('.reply.co');
		await seenOpinion.getByText(opinion).waitFor();
		await act(water, '签收', '签收');
		await stateIs(water, '办理中');
		await act(water, '答复代表', '提交答复', async (dialog) => {
			await dialog.getByRole('radio', { name: /^B类/ }).check();
			await dialog.locator('#act-text').fill(reply);
			await shot(water, '12-water-reply-dialog');
		});
		await stateIs(water, '已答复');
		await shot(water, '13-water-replied');
		const toWang = await gateway.waitFor((m) => fresh(m) && m.channel === 'sms' && m.to === WANG_PHONE && m.subject === '承办单位已答复，请测评（阜宁县水利局）', 'to deputy.wang about the reply');
		expect(toWang.body).toContain(number);
		await gateway.waitFor((m) => fresh(m) && m.channel === 'sms' && m.to === LI_PHONE && m.subject === '承办单位已答复，请测评（阜宁县水利局）', 'to deputy.li (a co-signer) about the reply');

		// 4. deputy.wang rates 水利局 不满意 and 住建局 满意: it goes back to 水利局 for round 2.
		await wang.reload();
		await stateIs(wang, '已答复');
		await wang.locator('section[aria-labelledby="units-title"]').getByText(reply).waitFor();
		const rateForm = panel(wang).locator('form.rate');
		await rateForm.locator('fieldset.unit', { hasText: WATER }).getByRole('radio', { name: '不满意', exact: true }).check();
		await rateForm.locator('fieldset.unit', { hasText: WATER }).locator('textarea').fill('只答复了计划，没有说明具体时间表。');
		await rateForm.locator('fieldset.unit', { hasText: HOUSING }).getByRole('radio', { name: '满意', exact: true }).check();
		await shot(wang, '14-wang-rating');
		await rateForm.getByRole('button', { name: '提交评价' }).click();
		const confirm = wang.getByRole('dialog');
		await confirm.getByText(`因对${WATER}不满意，将退回重新办理一次`, { exact: false }).waitFor();
		await confirm.getByRole('button', { name: '提交评价', exact: true }).click();
		await confirm.waitFor({ state: 'hidden' });
		await stateIs(wang, '已交办');
		await wang.locator('header.head .tags').getByText('重新办理', { exact: true }).waitFor();
		const round2 = wang.locator('section.round[aria-label="第 2 轮办理"]');
		const round2Water = round2.locator('li.unit', { hasText: WATER });
		await round2Water.getByText('待签收').waitFor();
		await round2Water.locator('.due').nth(1).waitFor();
		expect(await round2.locator('li.unit', { hasText: HOUSING }).count()).toBe(0);
		await shot(wang, '15-wang-round2');
		const reopened = await apiGet<Detail>(wang, `/api/v1/suggestions/${id}`);
		expect(reopened.body.state).toBe('assigned');
		expect(reopened.body.round).toBe(2);
		const lead1 = reopened.body.assignments.find((a) => a.round === 1 && a.role === 'lead')!;
		const lead2 = reopened.body.assignments.find((a) => a.round === 2 && a.role === 'lead')!;
		expect(lead1.rating).toBe(3);
		expect(lead1.replyCategory).toBe('B');
		expect(reopened.body.assignments.find((a) => a.round === 1 && a.role === 'co')!.rating).toBe(1);
		expect(lead2.unitName).toBe(WATER);
		expect(lead2.state).toBe('assigned');
		expect(reopened.body.assignments.filter((a) => a.round === 2)).toHaveLength(1);
		expect(lead2.replyDueAt).toBeTruthy();
		expect(new Date(lead2.replyDueAt!).getTime()).toBeGreaterThan(new Date(lead1.replyDueAt!).getTime());
		await gateway.waitFor((m) => fresh(m) && m.channel === 'sms' && m.to === WATER_PHONE && m.subject === '代表不满意，重新办理', 'to unit.water about round 2');

		// It is back in 水利局's queue, as re-handling; 住建局, rated 满意, owes nothing more.
		await water.goto('/unit/suggestions');
		const again = water.locator('article.task', { hasText: title });
		await again.waitFor();
		await again.getByText('重新办理').waitFor();
		await shot(water, '16-water-queue-round2');
		await housing.goto('/unit/suggestions');
		await housing.getByRole('heading', { name: '建议承办', level: 1 }).waitFor();
		for (const tab of ['待签收', '待答复', '会办意见']) {
			await housing.getByRole('link', { name: new RegExp(`^${tab}`) }).click();
			await housing.locator('nav.tabs a[aria-current="page"]', { hasText: tab }).waitFor();
			expect(await housing.locator('article.task', { hasText: title }).count()).toBe(0);
		}

		// 5. yancheng.staff finds it counted under 阜宁县 in the city's statistics.
		await city.locator('nav.sidebar a[data-nav="/suggestions/stats"]').click();
		await city.waitForURL(/\/suggestions\/stats/);
		await city.getByRole('heading', { name: '议案建议办理统计', level: 1 }).waitFor();
		const after = await apiGet<Stats>(city, '/api/v1/suggestions/stats');
		expect(after.status).toBe(200);
		const funing = after.body.tenants.find((r) => r.name === '阜宁县')!;
		const was = funingBefore!;
		expect(funing.total - was.total).toBe(1);
		expect(funing.accepted - was.accepted).toBe(1);
		expect(funing.assigned - was.assigned).toBe(1);
		expect(funing.rated - was.rated).toBe(2);
		expect(funing.satisfied - was.satisfied).toBe(1);
		expect(after.body.totals.total - before.body.totals.total).toBe(1);
		const table = city.locator('section[aria-labelledby="st-table"]');
		const funingRow = table.locator('tbody tr', { has: city.locator('th a', { hasText: /^阜宁县$/ }) });
		await funingRow.waitFor();
		// Columns: total, motions, assigned, replied, closed, overdue (then two rates).
		const cells = await rowNumbers(funingRow);
		expect(cells.slice(0, 6)).toEqual([funing.total, funing.motions, funing.assigned, funing.replied, funing.closed, funing.overdue]);
		const kpi = city.locator('ul.kpis li', { hasText: '议案建议总数' }).locator('.v');
		expect(Number((await kpi.textContent())!.replace(/[,\s]/g, ''))).toBe(after.body.totals.total);
		await shot(city, '17-city-stats');
		await funingRow.getByRole('link', { name: '阜宁县' }).click();
		await city.waitForURL(/\/suggestions\?tab=all&tenantId=/);
		const cityRow = city.locator(`tr[data-suggestion="${id}"]`);
		await cityRow.waitFor();
		expect(await cityRow.textContent()).toContain(WATER);
		await shot(city, '18-city-list');

		// sheyang.staff, a sibling county, has no such suggestion and no row of 阜宁县.
		const other = await open('desktop');
		const otherAnswers = recordAnswers(other);
		await login(other, 'sheyang.staff', DEMO_PASSWORD);
		await other.goto(`/suggestions/${id}`);
		await other.locator('#error-title', { hasText: '页面不存在' }).waitFor();
		expect(await other.content()).not.toContain(title);
		expect((await apiGet(other, `/api/v1/suggestions/${id}`)).status).toBe(404);
		await shot(other, '19-sheyang-not-found');
		await other.goto('/suggestions/stats');
		await other.getByRole('heading', { name: '议案建议办理统计', level: 1 }).waitFor();
		const theirs = await apiGet<Stats>(other, '/api/v1/suggestions/stats');
		expect(theirs.status).toBe(200);
		expect(theirs.body.tenants.map((r) => r.name)).not.toContain('阜宁县');
		expect(await other.locator('table th', { hasText: '阜宁县' }).count()).toBe(0);
		await shot(other, '20-sheyang-stats');
		for (const text of await Promise.all(otherAnswers)) expect(text).not.toContain(marker);

		// Every message left once: no delivery id came twice, and no message was queued twice.
		expect(gateway.rejected).toEqual([]);
		expect(gateway.duplicates).toEqual([]);
		for (const [delivery, n] of gateway.hits) expect(n, `delivery ${delivery}`).toBe(1);
		const seen = new Map<string, number>();
		for (const m of gateway.messages.filter(fresh)) {
			const key = `${m.channel}|${m.to}|${m.subject}|${m.body}`;
			seen.set(key, (seen.get(key) ?? 0) + 1);
		}
		expect([...seen].filter(([, n]) => n > 1)).toEqual([]);
		// Each unit's signature is its own step, and its message names the unit.
		for (const to of [WANG_PHONE, LI_PHONE]) {
			for (const unit of ['阜宁县水利局', '阜宁县住房和城乡建设局']) expect(seen.get(`sms|${to}|承办单位已签收（${unit}）|建议《${title}》${number}`), `${to} ${unit}`).toBe(1);
		}
		const about = (to: string, subject: string) => gateway.messages.filter((m) => fresh(m) && m.channel === 'sms' && m.to === to && m.subject === subject);
		expect(about(LI_PHONE, '邀请您联名或附议')).toHaveLength(1);
		expect(about(WATER_PHONE, '议案建议交办待签收')).toHaveLength(1);
		expect(about(HOUSING_PHONE, '议案建议交办待签收')).toHaveLength(1);
		expect(about(WATER_PHONE, '会办意见（阜宁县住房和城乡建设局）')).toHaveLength(1);
		expect(about(WANG_PHONE, '承办单位已答复，请测评（阜宁县水利局）')).toHaveLength(1);
		expect(about(WATER_PHONE, '代表不满意，重新办理')).toHaveLength(1);
		expect(about(HOUSING_PHONE, '代表不满意，重新办理')).toHaveLength(0);
		// deputy.wang acted on each of his steps himself: he is never told of his own.
		expect(gateway.messages.filter((m) => fresh(m) && m.to === WANG_PHONE).map((m) => m.subject)).not.toContain('议案建议待审查');

		// The worker sent them and logged no error; nor did the API.
		const worker = server.workerOutput();
		if (!server.embedded) {
			expect(worker).not.toBeNull();
			expect(worker!.stderr).toBe('');
			expect(worker!.stdout).not.toMatch(/"level":"error"|\berror\b/i);
		}
		expect(server.apiOutput()).not.toMatch(/"level":"error"/);
	}, 300_000);
});
