import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { applyCaseAction } from '../src/modules/cases/cases.flow.ts';
import { createChannels } from '../src/modules/notify/channels.ts';
import { verifySignature } from '../src/modules/notify/signature.ts';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { contextOf } from './support/isolation.ts';

let tp: TestPlatform;
let scenarioId = ''; // 民生码上见, shared down from 江苏省 to 阜宁县
let nextPhone = 0;
let nextIp = 0;

beforeAll(async () => {
  tp = await startTestPlatform();
  scenarioId = (await publicClient().get('/api/v1/public/cases/scenarios?code=FNWANG23')).body.items.find((s: any) => s.key === 'people').id;
});
afterAll(async () => { await tp?.close(); });

/** A phone nobody in this file used yet (each has its own budgets). */
const freshPhone = () => `1390000${String(++nextPhone).padStart(4, '0')}`;
/** A member of the public at an address of their own, so per-address budgets do not cross tests. */
function publicClient(ip = `10.0.${Math.floor(++nextIp / 250)}.${nextIp % 250}`): Client {
  const client = tp.client();
  client.headers['x-forwarded-for'] = ip;
  return client;
}

async function photo(): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 30, g: 140, b: 60 } } }).jpeg().toBuffer());
}

async function upload(client: Client, code: string, bytes: Uint8Array, type = 'image/jpeg') {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart], { type }), 'IMG_1.jpg');
  const res = await tp.app.request(`http://localhost/api/v1/public/cases/uploads?code=${code}`, {
    method: 'POST', body: form, headers: { origin: 'http://localhost', host: 'localhost', ...client.headers },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

async function devCode(client: Client, phone: string): Promise<string> {
  const res = await client.post('/api/v1/public/cases/otp', { phone });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toMatchObject({ sent: true, expiresIn: 300, devCode: expect.stringMatching(/^\d{6}$/) });
  return res.body.devCode;
}

const submit = (client: Client, body: Record<string, unknown>, key?: string) =>
  client.post('/api/v1/public/cases', body, key ? { 'idempotency-key': key } : {});

/** A valid submission to deputy.wang in 阜宁县, with a verified phone. */
async function form(client: Client, extra: Record<string, unknown> = {}) {
  const phone = freshPhone();
  return { code: 'FNWANG23', scenarioId, category: 'water', title: '村里的井干了', body: '王庄村东头的水井已经干了一周。', phone, name: '张三', otp: await devCode(client, phone), ...extra };
}

const casesWithKey = (key: string) => asOwner(tp.platform.owner!, async (tx) =>
  Number(rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from cases where submit_key = ${key}`))[0].n));

const caseOf = (ticket: string) => asOwner(tp.platform.owner!, async (tx) =>
  rowsOf<{ id: string; tenant_id: string; state: string; round: number }>(await tx.execute(sql`select id, tenant_id, state, round from cases where ticket = ${ticket}`))[0]);

describe('public scenarios behind a code', () => {
  it('lists the public forms of the deputy\'s congress, with who the code reaches', async () => {
    const res = await publicClient().get('/api/v1/public/cases/scenarios?code=fnwang23');
    expect(res.status).toBe(200);
    expect(res.body.target).toEqual({ kind: 'deputy', code: 'FNWANG23', name: '王建国', tenantName: '阜宁县', photoFileId: null });
    const people = res.body.items.find((s: any) => s.key === 'people');
    expect(people).toMatchObject({ name: '民生码上见', phoneVerification: true, photosMax: 6, location: 'optional', ratingEnabled: true });
    expect(people.categories).toContainEqual({ key: 'water', name: '供水用水' });
    // Deputies' own scenarios (随手拍, 代表督事) are not offered to the public.
    expect(res.body.items.map((s: any) => s.key)).not.toContain('snapshot');
  });

  it('resolves a station\'s code to the station\'s congress', async () => {
    const res = await publicClient().get('/api/v1/public/cases/scenarios?code=HDSTATN4');
    expect(res.status).toBe(200);
    expect(res.body.target).toMatchObject({ kind: 'station', name: '合德镇代表联络站', tenantName: '射阳县' });
    expect(res.body.items.map((s: any) => s.key)).toContain('people');
  });

  it('answers 404 for an unknown or malformed code, and for a deputy who left', async () => {
    const client = publicClient();
    for (const code of ['ZZZZZZZZ', 'FNWANG2O', 'abc', "x'or'1'='1"]) {
      expect((await client.get(`/api/v1/public/cases/scenarios?code=${encodeURIComponent(code)}`)).status, code).toBe(404);
    }
    await asOwner(tp.platform.owner!, (tx) => tx.execute(sql`update deputies set status = 'resigned', left_on = '2026-01-01' where public_code = 'FNCHJ234'`));
    try {
      const res = await client.get('/api/v1/public/cases/scenarios?code=FNCHJ234');
      expect(res.status).toBe(404);
      expect(res.body.detail).toContain('不在任');
    } finally {
      await asOwner(tp.platform.owner!, (tx) => tx.execute(sql`update deputies set status = 'serving', left_on = null where public_code = 'FNCHJ234'`));
    }
  });

  it('answers 404 when the congress turned the cases module off', async () => {
    const admin = await tp.as('funing.admin');
    expect((await admin.put('/api/v1/modules/cases', { state: 'off' })).status).toBe(200);
    try {
      const res = await publicClient().get('/api/v1/public/cases/scenarios?code=FNWANG23');
      expect(res.status).toBe(404);
      expect(res.body.type).toBe('https://renda.dev/problems/module-disabled');
    } finally {
      expect((await admin.put('/api/v1/modules/cases', { state: 'inherit' })).status).toBe(200);
    }
  });
});

describe('public submission', () => {
  it('opens a case with a photo and a verified phone, and follows it by the secret link', async () => {
    const client = publicClient();
    const up = await upload(client, 'FNWANG23', await photo());
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({ id: expect.any(String), contentType: 'image/jpeg', width: 320, height: 240 });
    const body = await form(client, { fileIds: [up.body.id], fields: { village: '王庄村' } });
    const res = await submit(client, body, 'first-submission-0001');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ ticket: expect.any(String), token: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/), state: 'submitted' });
    expect(res.body.followUrl).toBe(`/t/${res.body.ticket}?k=${res.body.token}`);

    const stored = await caseOf(res.body.ticket);
    const contact = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ name: string; phone: string; phone_verified: boolean }>(
      await tx.execute(sql`select name, phone, phone_verified from case_contacts where case_id = ${stored.id}`))[0]);
    expect(contact).toEqual({ name: '张三', phone: body.phone, phone_verified: true });

    const view = await publicClient().get(`/api/v1/public/cases/${res.body.ticket}?k=${res.body.token}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      ticket: res.body.ticket, title: '村里的井干了', scenarioName: '民生码上见', tenantName: '阜宁县', deputyName: '王建国',
      state: 'submitted', canRate: false, rating: null, files: [{ id: up.body.id, stage: 'submission' }],
    });
    expect(view.body.events.map((e: any) => e.kind)).toContain('submitted');
    // Neither the name nor any digits of the phone reach the public JSON.
    const json = JSON.stringify(view.body);
    expect(json).not.toContain(body.phone);
    expect(json).not.toContain(body.phone.slice(-4));
    expect(json).not.toContain('张三');
    expect(json).not.toMatch(/contact|phone/i);

    const bytes = await tp.app.request(`http://localhost/api/v1/public/cases/${res.body.ticket}/files/${up.body.id}?k=${res.body.token}`, { headers: { host: 'localhost' } });
    expect(bytes.status).toBe(200);
    expect(bytes.headers.get('content-type')).toBe('image/jpeg');
    expect((await sharp(Buffer.from(await bytes.arrayBuffer())).metadata()).width).toBe(320);
    const wrong = await tp.app.request(`http://localhost/api/v1/public/cases/${res.body.ticket}/files/${up.body.id}?k=${'A'.repeat(22)}`, { headers: { host: 'localhost' } });
    expect(wrong.status).toBe(404);
  });

  it('reads the code from the signed SMS sent through the configured gateway', async () => {
    const received: { body: any; signature: string | null; raw: string }[] = [];
    const server: Server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => { raw += chunk; });
      req.on('end', () => {
        received.push({ raw, body: JSON.parse(raw), signature: req.headers['x-renda-signature'] as string | null });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const deps = tp.platform.deps;
    const channels = deps.channels;
    deps.channels = createChannels({ sms: { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`, secret: 'gateway-secret' } });
    try {
      const client = publicClient();
      const phone = freshPhone();
      const res = await client.post('/api/v1/public/cases/otp', { phone });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ sent: true, expiresIn: 300 }); // no devCode once SMS is configured
      expect(received).toHaveLength(1);
      expect(verifySignature('gateway-secret', received[0].signature, received[0].raw)).toBe(true);
      expect(received[0].body).toMatchObject({ channel: 'sms', to: phone });
      const code = /\d{6}/.exec(received[0].body.body)![0];
      const submitted = await submit(client, { code: 'FNWANG23', scenarioId, category: 'consult', title: '医保报销咨询', phone, otp: code }, 'sms-gateway-0001');
      expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    } finally {
      deps.channels = channels;
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('answers 503 outside a demo when no SMS gateway is configured, and keeps no code', async () => {
    const deps = tp.platform.deps;
    deps.demo = false;
    try {
      const client = publicClient();
      const phone = freshPhone();
      const res = await client.post('/api/v1/public/cases/otp', { phone });
      expect(res.status).toBe(503);
      expect(res.body.devCode).toBeUndefined();
      expect(await deps.shared.get(`public:cases:otp:${phone}`)).toBeNull();
    } finally {
      deps.demo = true;
    }
  });

  it('refuses a submission without a verified phone when the scenario asks for one', async () => {
    const client = publicClient();
    const phone = freshPhone();
    const base = { code: 'FNWANG23', scenarioId, category: 'consult', title: '咨询' };
    const none = await submit(client, base, 'no-phone-000001');
    expect(none.status).toBe(422);
    expect(none.body.errors.map((e: any) => e.path)).toEqual(['phone']);
    const wrong = await submit(client, { ...base, phone, otp: '000000' }, 'wrong-otp-000001');
    expect(wrong.status).toBe(422);
    expect(wrong.body.errors).toEqual([{ path: 'otp', message: expect.stringContaining('验证码') }]);
    expect(await casesWithKey('no-phone-000001') + await casesWithKey('wrong-otp-000001')).toBe(0);
  });

  it('kills a code after five wrong tries', async () => {
    const client = publicClient();
    const phone = freshPhone();
    const code = await devCode(client, phone);
    const wrongCode = code === '111111' ? '222222' : '111111';
    const base = { code: 'FNWANG23', scenarioId, category: 'consult', title: '咨询', phone };
    // The phone's hourly budget (5) would stop the sixth try first; raise it for this test.
    const admin = await tp.as('funing.admin');
    expect((await admin.put('/api/v1/modules/cases/config', { config: { submissionsPerHour: 20 } })).status).toBe(200);
    try {
      for (let i = 0; i < 5; i++) expect((await submit(client, { ...base, otp: wrongCode }, `guess-${i}-0000`)).status).toBe(422);
      const late = await submit(client, { ...base, otp: code }, 'guess-right-0000');
      expect(late.status).toBe(422);
      expect(late.body.errors[0].path).toBe('otp');
    } finally {
      expect((await admin.put('/api/v1/modules/cases/config', { config: {} })).status).toBe(200);
    }
  });

  it('accepts only photos of its own congress uploaded by the public, and only images', async () => {
    const client = publicClient();
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
    const refused = await upload(client, 'FNWANG23', pdf, 'image/jpeg');
    expect(refused.status).toBe(415);
    expect((await upload(client, 'ZZZZZZZZ', await photo())).status).toBe(404);
    const sheyang = await upload(client, 'SYZHT234', await photo());
    expect(sheyang.status).toBe(201);
    const res = await submit(client, await form(client, { fileIds: [sheyang.body.id] }), 'foreign-photo-0001');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'fileIds.0', message: expect.any(String) }]);
  });

  it('requires an Idempotency-Key of 8 to 200 characters', async () => {
    const client = publicClient();
    const body = await form(client);
    const missing = await submit(client, body);
    expect(missing.status).toBe(400);
    expect(missing.body.detail).toContain('Idempotency-Key');
    expect((await submit(client, body, 'short')).status).toBe(400);
    expect((await submit(client, body, 'x'.repeat(201))).status).toBe(400);
  });
});

describe('duplicate submissions with one Idempotency-Key', () => {
  it('answers a sequential retry with the same ticket and token, and keeps one case', async () => {
    const client = publicClient();
    const body = await form(client);
    const first = await submit(client, body, 'retry-key-000001');
    expect(first.status).toBe(201);
    // The answer was lost on the way; the phone sends the same request again.
    const again = await submit(client, body, 'retry-key-000001');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await casesWithKey('retry-key-000001')).toBe(1);
  });

  it('gives the follow link to a retry whose first answer was lost', async () => {
    const client = publicClient();
    const body = await form(client);
    await submit(client, body, 'lost-answer-0001'); // the body of this answer never arrives
    // The code was used up by the first request; the retry may leave it out (it is not hashed).
    const retry = await submit(client, { ...body, otp: null }, 'lost-answer-0001');
    expect(retry.status).toBe(200);
    const view = await publicClient().get(`/api/v1/public/cases/${retry.body.ticket}?k=${retry.body.token}`);
    expect(view.status).toBe(200);
    expect(view.body.title).toBe('村里的井干了');
  });

  it('opens exactly one case for ten concurrent requests with one key, and all answer its ticket', async () => {
    const client = publicClient();
    const body = await form(client);
    const answers = await Promise.all(Array.from({ length: 10 }, () => submit(client, body, 'concurrent-key-0001')));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => a.body.ticket)).size).toBe(1);
    expect(new Set(answers.map((a) => a.body.token)).size).toBe(1);
    expect(await casesWithKey('concurrent-key-0001')).toBe(1);
  });

  it('answers 422 idempotency-conflict for the same key with another body', async () => {
    const client = publicClient();
    const body = await form(client);
    expect((await submit(client, body, 'conflict-key-0001')).status).toBe(201);
    const other = await submit(client, { ...body, title: '另一件事' }, 'conflict-key-0001');
    expect(other.status).toBe(422);
    expect(other.body.type).toBe('https://renda.dev/problems/idempotency-conflict');
    expect(await casesWithKey('conflict-key-0001')).toBe(1);
  });
});

describe('the ticket page and rating', () => {
  async function openCaseWithLink() {
    const client = publicClient();
    const res = await submit(client, await form(client), `ticket-${Math.random().toString(36).slice(2, 12)}`);
    expect(res.status).toBe(201);
    return res.body as { ticket: string; token: string };
  }

  /** Accept and answer the case as 阜宁县's staff (accepted → closed). */
  async function answerDirectly(ticket: string) {
    const staff = await contextOf(tp, 'funing.staff');
    const { id } = await caseOf(ticket);
    const actor = { kind: 'user' as const, id: staff.userId!, name: '阜宁县人大工作人员' };
    await withContext(tp.platform.deps.handle, staff, (tx) => applyCaseAction(tx, tp.platform.deps, id, 'accept', actor, { note: '' }));
    await withContext(tp.platform.deps.handle, staff, (tx) => applyCaseAction(tx, tp.platform.deps, id, 'answer', actor, { answer: '已协调水利站送水并安排打井。', fileIds: [] }));
  }

  it('answers 404 for a wrong or missing link and for an unknown ticket', async () => {
    const { ticket, token } = await openCaseWithLink();
    const client = publicClient();
    const flipped = (token[0] === 'A' ? 'B' : 'A') + token.slice(1);
    expect((await client.get(`/api/v1/public/cases/${ticket}?k=${flipped}`)).status).toBe(404);
    expect((await client.get(`/api/v1/public/cases/${ticket}`)).status).toBe(404);
    expect((await client.get(`/api/v1/public/cases/${ticket}?k=${token.slice(0, 21)}`)).status).toBe(404);
    expect((await client.get(`/api/v1/public/cases/NOPE-000000?k=${token}`)).status).toBe(404);
  });

  it('refuses a rating before the case is closed', async () => {
    const { ticket, token } = await openCaseWithLink();
    const res = await publicClient().post(`/api/v1/public/cases/${ticket}/rating?k=${token}`, { rating: 1 });
    expect(res.status).toBe(409);
    expect((await caseOf(ticket)).state).toBe('submitted');
  });

  it('records a satisfied rating on a closed case', async () => {
    const { ticket, token } = await openCaseWithLink();
    await answerDirectly(ticket);
    const client = publicClient();
    const closed = await client.get(`/api/v1/public/cases/${ticket}?k=${token}`);
    expect(closed.body).toMatchObject({ state: 'closed', canRate: true, answer: '已协调水利站送水并安排打井。' });
    const rated = await client.post(`/api/v1/public/cases/${ticket}/rating?k=${token}`, { rating: 1, comment: '很及时' });
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    expect(rated.body).toMatchObject({ state: 'rated', rating: 1, ratingComment: '很及时', canRate: false });
    expect((await client.post(`/api/v1/public/cases/${ticket}/rating?k=${token}`, { rating: 1 })).status).toBe(409);
  });

  it('closes the rating after the snapshot\'s rate window (7 working days)', async () => {
    const { ticket, token } = await openCaseWithLink();
    await answerDirectly(ticket);
    await asOwner(tp.platform.owner!, (tx) => tx.execute(sql`update cases set closed_at = now() - interval '30 days' where ticket = ${ticket}`));
    const client = publicClient();
    expect((await client.get(`/api/v1/public/cases/${ticket}?k=${token}`)).body).toMatchObject({ state: 'closed', canRate: false });
    expect((await client.post(`/api/v1/public/cases/${ticket}/rating?k=${token}`, { rating: 1 })).status).toBe(409);
  });

  it('keeps internal notes off the ticket page', async () => {
    const { ticket, token } = await openCaseWithLink();
    const staff = await contextOf(tp, 'funing.staff');
    const { id } = await caseOf(ticket);
    await withContext(tp.platform.deps.handle, staff, (tx) =>
      applyCaseAction(tx, tp.platform.deps, id, 'note', { kind: 'user', id: staff.userId!, name: '阜宁县人大工作人员' }, { note: '内部备注：提交人是老上访户' }));
    const view = await publicClient().get(`/api/v1/public/cases/${ticket}?k=${token}`);
    expect(view.status).toBe(200);
    expect(JSON.stringify(view.body)).not.toContain('内部备注');
    expect(view.body.events.map((e: any) => e.kind)).not.toContain('note');
  });

  it('derives the link from the case id with the platform secret (HMAC-SHA256, 22 characters)', async () => {
    const { ticket, token } = await openCaseWithLink();
    const { id } = await caseOf(ticket);
    const [secret] = await asOwner(tp.platform.owner!, async (tx) =>
      rowsOf<{ value: string }>(await tx.execute(sql`select encode(value, 'base64') as value from platform_secrets where name = 'case-link'`)));
    expect(token).toBe(createHmac('sha256', Buffer.from(secret.value, 'base64')).update(id).digest('base64url').slice(0, 22));
  });

  it('reopens the case for a second round on an unsatisfied rating', async () => {
    const { ticket, token } = await openCaseWithLink();
    await answerDirectly(ticket);
    const rated = await publicClient().post(`/api/v1/public/cases/${ticket}/rating?k=${token}`, { rating: 3, comment: '井还是没水' });
    expect(rated.status, JSON.stringify(rated.body)).toBe(200);
    expect(rated.body.canRate).toBe(false);
    const row = await caseOf(ticket);
    expect(row).toMatchObject({ state: 'accepted', round: 2 });
    expect(rated.body.events.map((e: any) => e.kind)).toEqual(expect.arrayContaining(['rated', 'reopened']));
  });
});

describe('rate limits', () => {
  it('sends one code per phone a minute (429 with Retry-After)', async () => {
    const client = publicClient();
    const phone = freshPhone();
    await devCode(client, phone);
    const again = await publicClient().post('/api/v1/public/cases/otp', { phone });
    expect(again.status).toBe(429);
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(again.body.type).toBe('https://renda.dev/problems/too-many-attempts');
  });

  it('limits the codes one address asks for', async () => {
    const client = publicClient();
    for (let i = 0; i < 20; i++) expect((await client.post('/api/v1/public/cases/otp', { phone: freshPhone() })).status).toBe(200);
    const over = await client.post('/api/v1/public/cases/otp', { phone: freshPhone() });
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('limits submissions per phone by the congress\'s submissionsPerHour', async () => {
    const admin = await tp.as('funing.admin');
    expect((await admin.put('/api/v1/modules/cases/config', { config: { submissionsPerHour: 1 } })).status).toBe(200);
    try {
      const client = publicClient();
      const body = await form(client);
      expect((await submit(client, body, 'per-phone-0001')).status).toBe(201);
      const second = await submit(publicClient(), { ...body, title: '第二件事', otp: null }, 'per-phone-0002');
      expect(second.status).toBe(429);
      expect(second.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await casesWithKey('per-phone-0002')).toBe(0);
      // A retry of the first one still replays: budgets are spent only on new submissions.
      expect((await submit(client, body, 'per-phone-0001')).status).toBe(200);
    } finally {
      expect((await admin.put('/api/v1/modules/cases/config', { config: {} })).status).toBe(200);
    }
  });

  it('limits uploads per address', async () => {
    const client = publicClient();
    const bytes = await photo();
    for (let i = 0; i < 60; i++) expect((await upload(client, 'FNWANG23', bytes)).status).toBe(201);
    const over = await upload(client, 'FNWANG23', bytes);
    expect(over.status).toBe(429);
  });
});

describe('the API document', () => {
  it('lists the public case routes and the inbound integration route', async () => {
    const doc = (await publicClient().get('/api/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/v1/public/cases', '/api/v1/public/cases/otp', '/api/v1/public/cases/uploads', '/api/v1/public/cases/scenarios',
      '/api/v1/public/cases/{ticket}', '/api/v1/public/cases/{ticket}/rating', '/api/v1/integrations/cases/{ticket}/events',
    ]));
    expect(JSON.stringify(doc.paths['/api/v1/public/cases'].post.parameters)).toContain('Idempotency-Key');
  });
});
