import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf } from '@renda/db';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';

let tp: TestPlatform;
beforeAll(async () => { tp = await startTestPlatform(); });
afterAll(async () => { await tp?.close(); });

/** Every key of a JSON value, at any depth. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) keysOf(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.add(k);
      keysOf(v, into);
    }
  }
  return into;
}

const configure = async (config: Record<string, unknown>) =>
  expect((await (await tp.as('funing.admin')).put('/api/v1/modules/deputies/config', { config })).status).toBe(200);

describe('public deputy profile', () => {
  it('shows the profile behind a code without a session, and no contact of the person', async () => {
    const res = await tp.client().get('/api/v1/public/deputies/FNWANG23');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      code: 'FNWANG23', displayName: '王建国', tenant: { code: '320923', name: '阜宁县', level: 'county' }, level: 'county',
      termNumber: 18, groupName: '沟墩代表小组', sector: 'farmer', status: 'serving', photoUrl: null,
      station: { name: '沟墩镇人大代表联络站', address: '阜宁县沟墩镇人民路18号', openHours: '每月15日 9:00–11:30' },
      summary: { total: 2, byKind: { meeting: 1, inspection: 1 }, byYear: [{ year: 2026, total: 2 }] },
    });
    expect(res.body.kinds.map((k: any) => k.key)).toEqual(['meeting', 'inspection', 'suggestion', 'constituents', 'group']);
    expect(res.body.kinds[0].label).toEqual({ 'zh-CN': '出席会议', en: 'attending meetings' });
    const keys = keysOf(res.body);
    for (const secret of ['phone', 'username', 'userId', 'tenantId']) expect(keys.has(secret), secret).toBe(false);
    expect(JSON.stringify(res.body)).not.toContain('13800000006');
  });

  it('reads a code in lower case, and answers 404 for an unknown or malformed one', async () => {
    const client = tp.client();
    expect((await client.get('/api/v1/public/deputies/fnwang23')).body.code).toBe('FNWANG23');
    for (const code of ['ZZZZZZZZ', 'FNWANG2O', 'ABC', 'FNWANG23X', "x'or'1'='1"]) {
      expect((await client.get(`/api/v1/public/deputies/${encodeURIComponent(code)}`)).status, code).toBe(404);
    }
  });

  it('pages the published activities, newest first', async () => {
    const client = tp.client();
    const first = await client.get('/api/v1/public/deputies/FNWANG23/activities?limit=1');
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([expect.objectContaining({ kind: 'inspection', title: '视察沟墩镇农田水利设施', occurredOn: '2026-03-12', photos: [] })]);
    const second = await client.get(`/api/v1/public/deputies/FNWANG23/activities?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items.map((a: any) => a.occurredOn)).toEqual(['2026-01-08']);
    expect(second.body.nextCursor).toBeNull();
    // Verified and submitted records stay private.
    const all = await client.get('/api/v1/public/deputies/FNWANG23/activities');
    expect(all.body.items.map((a: any) => a.kind)).toEqual(['inspection', 'meeting']);
  });

  it('links the photo and the activity evidence through the public file URLs', async () => {
    const [file] = await asOwner(tp.platform.owner!, async (tx) => {
      const rows = rowsOf<{ id: string }>(await tx.execute(sql`
        insert into files (tenant_id, tenant_path, storage_key, thumb_key, content_type, size, sha256)
        select d.tenant_id, '', 'test/photo.jpg', 'test/photo.webp', 'image/jpeg', 10, 'x' from deputies d where d.public_code = 'FNWANG23'
        returning id`));
      await tx.execute(sql`update deputies set photo_file_id = ${rows[0].id} where public_code = 'FNWANG23'`);
      await tx.execute(sql`insert into activity_files (tenant_id, tenant_path, activity_id, file_id)
        select a.tenant_id, '', a.id, ${rows[0].id} from activities a where a.title = '视察沟墩镇农田水利设施'`);
      // A PDF among the evidence has no public preview and is left out of the photos.
      await tx.execute(sql`with pdf as (
          insert into files (tenant_id, tenant_path, storage_key, content_type, size, sha256)
          select d.tenant_id, '', 'test/report.pdf', 'application/pdf', 10, 'y' from deputies d where d.public_code = 'FNWANG23'
          returning id, tenant_id)
        insert into activity_files (tenant_id, tenant_path, activity_id, file_id, position)
        select a.tenant_id, '', a.id, pdf.id, 1 from activities a join pdf on pdf.tenant_id = a.tenant_id
        where a.title = '视察沟墩镇农田水利设施'`);
      return rows;
    });
    const profile = await tp.client().get('/api/v1/public/deputies/FNWANG23');
    expect(profile.body.photoUrl).toBe(`/api/v1/public/files/${file.id}/thumb`);
    const items = (await tp.client().get('/api/v1/public/deputies/FNWANG23/activities')).body.items;
    expect(items[0].photos).toEqual([{ url: `/api/v1/public/files/${file.id}`, thumbUrl: `/api/v1/public/files/${file.id}/thumb` }]);
    expect(items[1].photos).toEqual([]);
  });

  it('follows the congress settings: station phone, no station, custom kinds', async () => {
    await configure({ publicContact: 'station-phone' });
    expect((await tp.client().get('/api/v1/public/deputies/FNWANG23')).body.station.phone).toBe('0515-87310001');
    await configure({ publicContact: 'none' });
    expect((await tp.client().get('/api/v1/public/deputies/FNWANG23')).body.station).toBeNull();
    await configure({});
    const duties = await (await tp.as('funing.admin')).put('/api/v1/modules/duties/config', { config: { customActivityKinds: ['代表接待日'] } });
    expect(duties.status).toBe(200);
    const kinds = (await tp.client().get('/api/v1/public/deputies/FNWANG23')).body.kinds;
    expect(kinds.at(-1)).toEqual({ key: 'custom:代表接待日', label: { 'zh-CN': '代表接待日', en: '代表接待日' } });
  });

  it('answers 404 once the congress turns public profiles off, in its subtree only', async () => {
    await configure({ publicProfileEnabled: false });
    const client = tp.client();
    expect((await client.get('/api/v1/public/deputies/FNWANG23')).status).toBe(404);
    expect((await client.get('/api/v1/public/deputies/FNWANG23/activities')).status).toBe(404);
    // The setting is inherited by the county's townships, not by the city or a sibling county.
    expect((await client.get('/api/v1/public/deputies/GDWANG23')).status).toBe(404);
    expect((await client.get('/api/v1/public/deputies/YCWANG23')).status).toBe(200);
    expect((await client.get('/api/v1/public/deputies/SYZHT234')).status).toBe(200);
    await configure({});
    expect((await client.get('/api/v1/public/deputies/FNWANG23')).status).toBe(200);
  });

  it('answers 404 when the congress switched the deputies module off', async () => {
    const admin = await tp.as('funing.admin');
    await admin.put('/api/v1/modules/deputies', { state: 'off' });
    const res = await tp.client().get('/api/v1/public/deputies/FNWANG23');
    await admin.put('/api/v1/modules/deputies', { state: 'inherit' });
    expect(res.status).toBe(404);
  });

  it('limits requests per address with 429 and Retry-After', async () => {
    const client = tp.client();
    client.headers = { 'x-forwarded-for': '203.0.113.9' };
    for (let i = 0; i < 120; i++) expect((await client.get('/api/v1/public/deputies/BAD')).status).toBe(404);
    const limited = await client.get('/api/v1/public/deputies/FNWANG23');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    client.headers = { 'x-forwarded-for': '203.0.113.10' };
    expect((await client.get('/api/v1/public/deputies/FNWANG23')).status).toBe(200);
  });
});
