import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { addWorkingDays } from '../src/modules/cases/calendar.service.ts';
import { scanSuggestionDeadlines } from '../src/modules/suggestions/suggestions.deadlines.ts';
import { jobRunner } from '../src/jobs/index.ts';
import { JOB } from '../src/platform/queue.ts';

let tp: TestPlatform;
const as: Record<string, Client> = {};
const unit: Record<string, string> = {};
let funingId: string;

async function owner<T>(query: SQL): Promise<T[]> {
  return asOwner(tp.platform.owner!, async (tx) => rowsOf<T>(await tx.execute(query)));
}

beforeAll(async () => {
  tp = await startTestPlatform();
  for (const login of ['funing.staff', 'deputy.li', 'deputy.zhang', 'unit.water', 'unit.housing']) as[login] = await tp.as(login);
  for (const r of await owner<{ code: string; id: string }>(sql`select u.code, u.id from units u join tenants t on t.id = u.tenant_id where t.code = '320923'`)) unit[r.code] = r.id;
  [{ id: funingId }] = await owner<{ id: string }>(sql`select id from tenants where code = '320923'`);
});
afterAll(async () => { await tp?.close(); });

async function act(c: Client, id: string, action: string, body: Record<string, unknown> = {}) {
  const res = await c.post(`/api/v1/suggestions/${id}/${action}`, body);
  expect(res.status, `${action}: ${JSON.stringify(res.body)}`).toBe(200);
  return res.body;
}

/** A suggestion of deputy.li assigned to the water bureau (lead) and housing (co). */
async function assigned(title: string) {
  const made = (await as['deputy.li'].post('/api/v1/suggestions', { kind: 'suggestion', title })).body;
  await act(as['deputy.li'], made.id, 'submit');
  await act(as['funing.staff'], made.id, 'accept');
  return act(as['funing.staff'], made.id, 'assign', { leadUnitId: unit.water, coUnitIds: [unit.housing] });
}

async function state(id: string) {
  const [row] = await owner<{ dueStep: string | null; dueAt: string | null; remindedAt: string | null; escalatedAt: string | null }>(sql`
    select due_step as "dueStep", due_at as "dueAt", reminded_at as "remindedAt", escalated_at as "escalatedAt" from suggestions where id = ${id}`);
  const kinds = (await owner<{ kind: string }>(sql`select kind from suggestion_events where suggestion_id = ${id} order by seq`)).map((e) => e.kind);
  return { ...row, kinds };
}

async function notices(username: string, id: string, kind: string): Promise<number> {
  const [{ n }] = await owner<{ n: number }>(sql`select count(*)::int as n from notifications x join users u on u.id = x.user_id
    where u.username = ${username} and x.data->>'suggestionId' = ${id} and x.kind = ${kind}`);
  return n;
}

const minute = 60_000;

describe('the deadlines job', () => {
  it('runs in the deadlines job beside the cases scan, and reminds the demo\'s overdue sign-for', async () => {
    const [demo] = await owner<{ id: string }>(sql`select id from suggestions where title = '关于加快农村饮用水管网改造的建议'`);
    const logs: object[] = [];
    const result = await jobRunner(tp.platform.deps, (line) => logs.push(line))(JOB.deadlines, {}, { retryCount: 0 });
    expect(result).toMatchObject({ reminded: expect.any(Number), escalated: expect.any(Number) });
    expect(await notices('unit.water', demo.id, 'suggestion.overdue')).toBe(1);
    expect((await state(demo.id)).kinds.at(-1)).toBe('overdue');
  });
});

describe('the suggestion deadline scan', () => {
  let id: string;
  let dueAt: Date;

  beforeAll(async () => {
    const row = await assigned('关于疏浚沟墩镇排涝河道的建议');
    id = row.id;
    dueAt = new Date(row.dueAt);
  });

  it('leaves a step alone until its deadline has passed', async () => {
    await scanSuggestionDeadlines(tp.platform.deps, new Date(dueAt.getTime() - minute));
    expect((await state(id)).kinds.at(-1)).toBe('assigned');
  });

  it('reminds the units that have not signed once, however often it runs', async () => {
    await act(as['unit.housing'], id, 'sign');
    const now = new Date(dueAt.getTime() + minute);
    const first = await scanSuggestionDeadlines(tp.platform.deps, now);
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    await scanSuggestionDeadlines(tp.platform.deps, now);
    await scanSuggestionDeadlines(tp.platform.deps, new Date(now.getTime() + minute));
    const s = await state(id);
    expect(s.kinds.filter((k) => k === 'overdue')).toHaveLength(1);
    expect(s.remindedAt).not.toBeNull();
    expect(s.escalatedAt).toBeNull();
    expect(await notices('unit.water', id, 'suggestion.overdue')).toBe(1);
    // The co unit signed: it owes nothing and is not reminded.
    expect(await notices('unit.housing', id, 'suggestion.overdue')).toBe(0);
  });

  it('escalates to the congress\'s staff once, after the configured working days, even when two scans race', async () => {
    const threshold = await withContext(tp.platform.deps.handle, { tenantId: funingId, scopePath: '32.3209.320923' }, (tx) => addWorkingDays(tx, funingId, dueAt, 3));
    await scanSuggestionDeadlines(tp.platform.deps, new Date(threshold.getTime() - minute));
    expect((await state(id)).escalatedAt).toBeNull();
    const later = new Date(threshold.getTime() + minute);
    await Promise.all([scanSuggestionDeadlines(tp.platform.deps, later), scanSuggestionDeadlines(tp.platform.deps, later)]);
    await scanSuggestionDeadlines(tp.platform.deps, new Date(later.getTime() + minute));
    const s = await state(id);
    expect(s.kinds.filter((k) => k === 'escalated')).toHaveLength(1);
    expect(s.escalatedAt).not.toBeNull();
    expect(await notices('funing.staff', id, 'suggestion.escalated')).toBe(1);
    expect(await notices('unit.water', id, 'suggestion.escalated')).toBe(0);
  });

  it('starts over with the next step: the lead\'s signature owes the reply, whose holder is the lead unit', async () => {
    const signed = await act(as['unit.water'], id, 'sign');
    expect(signed).toMatchObject({ state: 'signed', dueStep: 'reply' });
    const s = await state(id);
    expect(s).toMatchObject({ remindedAt: null, escalatedAt: null });
    await scanSuggestionDeadlines(tp.platform.deps, new Date(new Date(signed.dueAt).getTime() + minute));
    expect(await notices('unit.water', id, 'suggestion.overdue')).toBe(2);
    expect(await notices('unit.housing', id, 'suggestion.overdue')).toBe(0);
  });

  it('reminds the authors when the rating is overdue', async () => {
    const replied = await act(as['unit.water'], id, 'reply', { reply: '已列入今年计划。', category: 'B' });
    await scanSuggestionDeadlines(tp.platform.deps, new Date(new Date(replied.dueAt).getTime() + minute));
    expect(await notices('deputy.li', id, 'suggestion.overdue')).toBe(1);
    expect(await notices('unit.water', id, 'suggestion.overdue')).toBe(2);
  });
});
