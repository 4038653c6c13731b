import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';
import { routeIsolation } from './support/isolation.ts';

let tp: TestPlatform;

beforeAll(async () => { tp = await startTestPlatform(); });
afterAll(async () => { await tp?.close(); });

describe('GET /api/v1/suggestions/cosigners', () => {
  it('lists the serving deputies of the active congress, names and groups only', async () => {
    const res = await (await tp.as('deputy.li')).get('/api/v1/suggestions/cosigners');
    expect(res.status).toBe(200);
    const names = res.body.items.map((d: any) => d.displayName).sort();
    expect(names).toEqual(['张伟', '李秀英', '王建国', '陈静'].sort());
    for (const d of res.body.items) expect(Object.keys(d).sort()).toEqual(['deputyId', 'displayName', 'groupName', 'userId']);
    expect(res.body.items.find((d: any) => d.displayName === '李秀英').groupName).toBe('沟墩代表小组');
  });

  it('narrows by name, and a LIKE wildcard is only a character', async () => {
    const li = await tp.as('deputy.li');
    expect((await li.get('/api/v1/suggestions/cosigners?q=王')).body.items.map((d: any) => d.displayName)).toEqual(['王建国']);
    expect((await li.get('/api/v1/suggestions/cosigners?q=%25')).body.items).toEqual([]);
  });

  it('never lists a deputy of another congress', async () => {
    const res = await (await tp.as('funing.staff')).get('/api/v1/suggestions/cosigners?q=赵');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    const sheyang = await (await tp.as('sheyang.staff')).get('/api/v1/suggestions/cosigners');
    expect(sheyang.body.items.map((d: any) => d.displayName)).toEqual(['赵海涛']);
  });

  routeIsolation(() => tp, { method: 'GET', path: '/api/v1/suggestions/cosigners', forbiddenFor: 'unit.water' });
});
