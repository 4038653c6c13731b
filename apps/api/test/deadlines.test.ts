import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { asOwner, rowsOf, withContext, type RequestContext } from '@renda/db';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';
import { applyCaseAction, findScenario, openCase } from '../src/modules/cases/cases.flow.ts';
import { addWorkingDays } from '../src/modules/cases/calendar.service.ts';
import { scanDeadlines } from '../src/modules/cases/deadlines.ts';

let tp: TestPlatform;
let funing: RequestContext & { id: string };
let people: string;
let wangSeat: string;
let phoneSeq = 0;

async function owner<T>(query: SQL): Promise<T[]> {
  return asOwner(tp.platform.owner!, async (tx) => rowsOf<T>(await tx.execute(query)));
}

beforeAll(async () => {
  tp = await startTestPlatform();
  const [t] = await owner<{ id: string; path: string }>(sql`select id, path::text from tenants where code = '320923'`);
  funing = { id: t.id, tenantId: t.id, scopePath: t.path };
  [{ id: people }] = await owner<{ id: string }>(sql`select s.id from case_scenarios s join tenants t on t.id = s.tenant_id where t.code = '32' and s.key = 'people'`);
  [{ id: wangSeat }] = await owner<{ id: string }>(sql`select id from deputies where public_code = 'FNWANG23'`);
});
afterAll(async () => { await tp?.close(); });

const publicActor = { kind: 'public' as const, id: null, name: '群众' };

async function publicCase(title: string) {
  return withContext(tp.platform.deps.handle, funing, async (tx) => openCase(tx, tp.platform.deps, {
    tenantId: funing.id, scenario: (await findScenario(tx, people))!, source: 'public', deputyId: wangSeat, actor: publicActor,
    content: { category: 'road', title, body: '', fields: {}, location: '', lat: null, lng: null, fileIds: [] },
    contact: { name: '', phone: `1370000${String(++phoneSeq).padStart(4, '0')}`, phoneVerified: true },
  }));
}

async function state(id: string) {
  const [row] = await owner<{ dueStep: string | null; dueAt: Date | null; remindedAt: Date | null; escalatedAt: Date | null; state: string }>(sql`
    select due_step as "dueStep", due_at as "dueAt", reminded_at as "remindedAt", escalated_at as "escalatedAt", state from cases where id = ${id}`);
  const kinds = (await owner<{ kind: string }>(sql`select kind from case_events where case_id = ${id} order by seq`)).map((e) => e.kind);
  return { ...row, dueAt: row.dueAt && new Date(row.dueAt), kinds };
}

async function notices(username: string, caseId: string, kind: string): Promise<number> {
  const [{ n }] = await owner<{ n: number }>(sql`select count(*)::int as n from notifications x join users u on u.id = x.user_id
    where u.username = ${username} and x.data->>'caseId' = ${caseId} and x.kind = ${kind}`);
  return n;
}

const minute = 60_000;

describe('the deadline scan', () => {
  let id: string;
  let dueAt: Date;

  beforeAll(async () => {
    ({ id } = await publicCase('路灯不亮'));
    dueAt = (await state(id)).dueAt!;
  });

  it('leaves a step alone until its deadline has passed', async () => {
    await scanDeadlines(tp.platform.deps, new Date(dueAt.getTime() - minute));
    expect((await state(id)).kinds).toEqual(['submitted']);
  });

  it('reminds the holder once, however often it runs', async () => {
    const now = new Date(dueAt.getTime() + minute);
    const first = await scanDeadlines(tp.platform.deps, now);
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    await scanDeadlines(tp.platform.deps, now);
    await scanDeadlines(tp.platform.deps, new Date(now.getTime() + minute));
    const s = await state(id);
    expect(s.kinds).toEqual(['submitted', 'overdue']);
    expect(s.remindedAt).not.toBeNull();
    expect(s.escalatedAt).toBeNull();
    expect(await notices('deputy.wang', id, 'case.overdue')).toBe(1);
  });

  it('escalates to the congress\'s staff once, after the configured working days, even when two scans race', async () => {
    const threshold = await withContext(tp.platform.deps.handle, funing, (tx) => addWorkingDays(tx, funing.id, dueAt, 1));
    await scanDeadlines(tp.platform.deps, new Date(threshold.getTime() - minute));
    expect((await state(id)).escalatedAt).toBeNull();
    const escalations = async () => (await owner<{ n: number }>(sql`select count(*)::int as n from case_events where kind = 'escalated'`))[0].n;
    const before = await escalations();
    const now = new Date(threshold.getTime() + minute);
    const results = await Promise.all([scanDeadlines(tp.platform.deps, now), scanDeadlines(tp.platform.deps, now)]);
    const s = await state(id);
    expect(s.kinds).toEqual(['submitted', 'overdue', 'escalated']);
    expect(s.escalatedAt).not.toBeNull();
    expect(await notices('funing.staff', id, 'case.escalated')).toBe(1);
    expect(await notices('deputy.wang', id, 'case.escalated')).toBe(0);
    // Each case escalated in exactly one of the two runs.
    expect(results[0].escalated + results[1].escalated).toBe((await escalations()) - before);
    expect(results[0].escalated + results[1].escalated).toBeGreaterThanOrEqual(1);
    await scanDeadlines(tp.platform.deps, new Date(now.getTime() + 10 * 86_400_000));
    expect((await state(id)).kinds).toEqual(['submitted', 'overdue', 'escalated']);
  });

  it('starts over when the step changes', async () => {
    await withContext(tp.platform.deps.handle, funing, (tx) => applyCaseAction(tx, tp.platform.deps, id, 'accept', { kind: 'system', id: null, name: '测试' }, {}));
    const s = await state(id);
    expect(s).toMatchObject({ state: 'accepted', dueStep: 'reply', remindedAt: null, escalatedAt: null });
    await scanDeadlines(tp.platform.deps, new Date(s.dueAt!.getTime() + minute));
    expect((await state(id)).kinds).toEqual(['submitted', 'overdue', 'escalated', 'accepted', 'overdue']);
  });

  it('reminds the officers of a unit that has not signed for a transferred case', async () => {
    const [demo] = await owner<{ id: string; dueAt: Date }>(sql`select id, due_at as "dueAt" from cases where title = '益林镇老街违章搭建占用消防通道'`);
    await scanDeadlines(tp.platform.deps, new Date(new Date(demo.dueAt).getTime() + minute));
    expect(await notices('unit.housing', demo.id, 'case.overdue')).toBe(1);
    expect(await notices('unit.water', demo.id, 'case.overdue')).toBe(0);
  });

  it('waits as many working days as the congress configured before escalating', async () => {
    const admin = await tp.as('funing.admin');
    expect((await admin.put('/api/v1/modules/cases/config', { config: { escalateAfterWorkingDays: 3 } })).status).toBe(200);
    const { id: other } = await publicCase('井盖缺失');
    const due = (await state(other)).dueAt!;
    const at = (days: number) => withContext(tp.platform.deps.handle, funing, (tx) => addWorkingDays(tx, funing.id, due, days));
    await scanDeadlines(tp.platform.deps, new Date(due.getTime() + minute));
    await scanDeadlines(tp.platform.deps, new Date((await at(2)).getTime() + minute));
    expect((await state(other)).kinds).toEqual(['submitted', 'overdue']);
    await scanDeadlines(tp.platform.deps, new Date((await at(3)).getTime() + minute));
    expect((await state(other)).kinds).toEqual(['submitted', 'overdue', 'escalated']);
  });

  it('closes an expired rating window without an entry, after which rating is refused', async () => {
    const { id: done } = await publicCase('已答复的咨询');
    const system = { kind: 'system' as const, id: null, name: '测试' };
    await withContext(tp.platform.deps.handle, funing, async (tx) => {
      await applyCaseAction(tx, tp.platform.deps, done, 'accept', system, {});
      await applyCaseAction(tx, tp.platform.deps, done, 'answer', system, { answer: '已答复' });
    });
    const closed = await state(done);
    expect(closed.dueStep).toBe('rate');
    await scanDeadlines(tp.platform.deps, new Date(closed.dueAt!.getTime() + minute));
    const after = await state(done);
    expect(after).toMatchObject({ state: 'closed', dueStep: null, dueAt: null, remindedAt: null });
    expect(after.kinds).toEqual(['submitted', 'accepted', 'answered']);
    await expect(withContext(tp.platform.deps.handle, funing, (tx) => applyCaseAction(tx, tp.platform.deps, done, 'rate', publicActor, { rating: 1 })))
      .rejects.toMatchObject({ status: 409 });
  });
});
