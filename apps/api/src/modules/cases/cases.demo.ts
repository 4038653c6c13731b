import { sql } from 'drizzle-orm';
import type { TimeLimit } from '@renda/contracts';
import { rowsOf, type CaseActorKind, type CaseState, type Tx } from '@renda/db';
import { dueAfter } from './calendar.service.ts';
import type { DueStep } from './cases.queries.ts';
import { maskPhone, snapshotOf } from './cases.open.ts';
import { stepOf } from './due.ts';
import { findScenarioRow } from './scenarios.queries.ts';

/**
 * Demo cases of 阜宁县 in several states, one of them overdue. None is addressed to deputy.wang
 * or assigned to the water bureau, whose QR code and queue the browser test drives.
 */

interface DemoStep {
  kind: string;
  /** Hours before the seed. */
  hoursAgo: number;
  actor: [CaseActorKind, string];
  note?: string;
  data?: Record<string, unknown>;
  public: boolean;
  /** The step completes what the case owed in this state (its timeliness is recorded). */
  completes?: CaseState;
}

interface DemoCase {
  scenario: 'people' | 'snapshot' | 'supervise';
  via: { deputy: string } | { station: string };
  submitter?: string;
  category: string;
  title: string;
  body: string;
  fields?: Record<string, string>;
  location?: string;
  contact?: [string, string];
  state: CaseState;
  answer?: string;
  resolution?: 'answered' | 'handled';
  rating?: number;
  units?: { code: string; role: 'lead' | 'co'; signedHoursAgo?: number; repliedHoursAgo?: number }[];
  steps: DemoStep[];
}

const demoCases: DemoCase[] = [
  {
    scenario: 'people', via: { deputy: 'FNLXY234' }, category: 'road', title: '沟墩镇人民路路灯不亮',
    body: '人民路从菜市场到卫生院一段的路灯已经一周不亮了，晚上老人出门很不方便。', contact: ['张女士', '13900000101'], state: 'submitted',
    steps: [{ kind: 'submitted', hoursAgo: 2, actor: ['public', '张女士'], public: true }],
  },
  {
    scenario: 'people', via: { deputy: 'FNZHW234' }, category: 'consult', title: '咨询城乡居民医保缴费标准',
    body: '想问一下今年城乡居民医保个人缴费是多少，在哪里可以交。', contact: ['刘先生', '13900000102'], state: 'accepted',
    steps: [
      { kind: 'submitted', hoursAgo: 26, actor: ['public', '刘先生'], public: true },
      { kind: 'accepted', hoursAgo: 20, actor: ['user', '张伟'], note: '已了解，正在向医保部门核实。', public: true, completes: 'submitted' },
    ],
  },
  {
    scenario: 'snapshot', via: { deputy: 'FNCHJ234' }, submitter: 'deputy.chen', category: 'housing', title: '益林镇老街违章搭建占用消防通道',
    body: '老街东段一户在消防通道上搭建彩钢棚，消防车无法通行。', location: '阜宁县益林镇老街东段', state: 'transferred',
    units: [{ code: 'housing', role: 'lead' }],
    steps: [
      { kind: 'submitted', hoursAgo: 240, actor: ['user', '陈静'], public: true },
      { kind: 'accepted', hoursAgo: 240, actor: ['system', '系统'], data: { auto: true }, public: true },
      { kind: 'transferred', hoursAgo: 240, actor: ['system', '系统'], data: { auto: true, round: 1 }, public: true },
    ],
  },
  {
    scenario: 'supervise', via: { deputy: 'FNZHW234' }, submitter: 'deputy.zhang', category: 'env', title: '督办益林镇化工园区异味扰民问题',
    body: '园区周边居民多次反映夜间有刺鼻异味，请督促生态环境部门查明来源并整改。', fields: { basis: '群众反映' }, location: '阜宁县益林镇化工园区',
    state: 'replied', answer: '经夜间巡查，异味来自一家企业的废气处理设施故障，已责令停产整改，设施已修复并通过复测。',
    units: [{ code: 'env', role: 'lead', signedHoursAgo: 250, repliedHoursAgo: 20 }],
    steps: [
      { kind: 'submitted', hoursAgo: 290, actor: ['user', '张伟'], public: true },
      { kind: 'accepted', hoursAgo: 268, actor: ['user', '阜宁县人大工作人员'], public: true, completes: 'submitted' },
      { kind: 'transferred', hoursAgo: 266, actor: ['user', '阜宁县人大工作人员'], data: { round: 1 }, public: true, completes: 'accepted' },
      { kind: 'signed', hoursAgo: 250, actor: ['user', '盐城市阜宁生态环境局'], public: true, completes: 'transferred' },
      { kind: 'replied', hoursAgo: 20, actor: ['user', '盐城市阜宁生态环境局'], note: '经夜间巡查，异味来自一家企业的废气处理设施故障，已责令停产整改，设施已修复并通过复测。', public: true, completes: 'signed' },
    ],
  },
  {
    scenario: 'people', via: { deputy: 'FNLXY234' }, category: 'consult', title: '询问沟墩镇老年人助餐点开放时间',
    body: '听说镇上开了老年人助餐点，想问问几点开门、怎么办卡。', contact: ['王大爷', '13900000105'], state: 'closed', resolution: 'answered',
    answer: '助餐点在沟墩镇社区服务中心一楼，每天 10:30–12:30 供餐，带身份证到服务中心即可办卡。',
    steps: [
      { kind: 'submitted', hoursAgo: 120, actor: ['public', '王大爷'], public: true },
      { kind: 'accepted', hoursAgo: 118, actor: ['user', '李秀英'], public: true, completes: 'submitted' },
      { kind: 'answered', hoursAgo: 100, actor: ['user', '李秀英'], note: '助餐点在沟墩镇社区服务中心一楼，每天 10:30–12:30 供餐，带身份证到服务中心即可办卡。', public: true, completes: 'accepted' },
    ],
  },
  {
    scenario: 'people', via: { station: 'FNHMSTN3' }, category: 'housing', title: '阜城街道香港路小区楼道墙皮脱落',
    body: '3 号楼楼道墙皮大面积脱落，有砸伤人的危险。', contact: ['陈女士', '13900000106'], state: 'rated', resolution: 'handled', rating: 1,
    answer: '已安排物业对 3 号楼楼道进行铲除重刷，并纳入今年老旧小区改造计划。',
    units: [{ code: 'housing', role: 'lead', signedHoursAgo: 470, repliedHoursAgo: 360 }],
    steps: [
      { kind: 'submitted', hoursAgo: 500, actor: ['public', '陈女士'], public: true },
      { kind: 'accepted', hoursAgo: 490, actor: ['user', '阜宁县人大工作人员'], public: true, completes: 'submitted' },
      { kind: 'transferred', hoursAgo: 488, actor: ['user', '阜宁县人大工作人员'], data: { round: 1 }, public: true, completes: 'accepted' },
      { kind: 'signed', hoursAgo: 470, actor: ['user', '阜宁县住房和城乡建设局联络员'], public: true, completes: 'transferred' },
      { kind: 'replied', hoursAgo: 360, actor: ['user', '阜宁县住房和城乡建设局联络员'], note: '已安排物业对 3 号楼楼道进行铲除重刷，并纳入今年老旧小区改造计划。', public: true, completes: 'signed' },
      { kind: 'closed', hoursAgo: 340, actor: ['user', '阜宁县人大工作人员'], public: true, completes: 'replied' },
      { kind: 'rated', hoursAgo: 300, actor: ['public', '陈女士'], data: { rating: 1, round: 1 }, public: true },
    ],
  },
];

const ago = (now: Date, hours: number) => new Date(now.getTime() - hours * 3600_000);

/** Seed the demo cases (as the owner, after the demo congresses, deputies and units exist). */
export async function seedCasesDemo(tx: Tx, tenantId: (code: string) => Promise<string>, userId: (username: string) => Promise<string>): Promise<void> {
  const county = await tenantId('320923');
  const province = await tenantId('32');
  const now = new Date();
  for (const d of demoCases) {
    const [{ id: scenarioId }] = rowsOf<{ id: string }>(await tx.execute(sql`select id from case_scenarios where tenant_id = ${province} and key = ${d.scenario}`));
    const snapshot = snapshotOf((await findScenarioRow(tx, scenarioId))!);
    const [via] = 'deputy' in d.via
      ? rowsOf<{ deputyId: string | null; stationId: string | null }>(await tx.execute(sql`select id as "deputyId", null as "stationId" from deputies where public_code = ${(d.via as { deputy: string }).deputy}`))
      : rowsOf<{ deputyId: string | null; stationId: string | null }>(await tx.execute(sql`select null as "deputyId", id as "stationId" from stations where public_code = ${(d.via as { station: string }).station}`));
    // Deadlines and timeliness by the county's calendar, step by step as the flow would have set them.
    const timed: Record<string, unknown>[] = [];
    let since = ago(now, d.steps[0].hoursAgo);
    for (const s of d.steps) {
      const at = ago(now, s.hoursAgo);
      const step = s.completes ? stepOf(s.completes, snapshot) : null;
      const limit = step ? snapshot.deadlines[step] : undefined;
      const due = step && limit ? await dueAfter(tx, county, since, limit) : null;
      timed.push({ ...(s.data ?? {}), ...(due ? { due: { dueStep: step, dueAt: due.toISOString(), onTime: at <= due } } : {}) });
      if (s.completes) since = at;
    }
    const last = ago(now, d.steps[d.steps.length - 1].hoursAgo);
    const owes: DueStep | null = stepOf(d.state, snapshot);
    const limit = owes ? snapshot.deadlines[owes] : undefined;
    const dueAt = owes && limit ? await dueAfter(tx, county, last, limit) : null;
    const accepted = d.steps.find((s) => s.kind === 'accepted');
    const closed = d.steps.find((s) => s.kind === 'closed' || s.kind === 'answered');
    const rated = d.steps.find((s) => s.kind === 'rated');
    const [row] = rowsOf<{ id: string }>(await tx.execute(sql`
      insert into cases (tenant_id, tenant_path, ticket, scenario_id, scenario_snapshot, source, deputy_id, station_id, submitted_by, category, title,
        body, fields, location, phone_masked, state, answer, resolution, due_step, due_at, rating, rated_at, event_seq, created_at, updated_at,
        accepted_at, closed_at)
      values (${county}, '', 'C' || to_char(now() at time zone 'Asia/Shanghai', 'YY') || lpad(nextval('case_ticket_seq')::text, 7, '0'),
        ${scenarioId}, ${JSON.stringify(snapshot)}::jsonb, ${d.submitter ? 'deputy' : 'public'}, ${via.deputyId}, ${via.stationId},
        ${d.submitter ? await userId(d.submitter) : null}, ${d.category}, ${d.title}, ${d.body}, ${JSON.stringify(d.fields ?? {})}::jsonb,
        ${d.location ?? ''}, ${d.contact ? maskPhone(d.contact[1]) : null}, ${d.state}, ${d.answer ?? null}, ${d.resolution ?? null},
        ${owes}, ${dueAt?.toISOString() ?? null}, ${d.rating ?? null}, ${rated ? ago(now, rated.hoursAgo).toISOString() : null}, ${d.steps.length},
        ${ago(now, d.steps[0].hoursAgo).toISOString()}, ${last.toISOString()},
        ${accepted ? ago(now, accepted.hoursAgo).toISOString() : null}, ${closed ? ago(now, closed.hoursAgo).toISOString() : null})
      returning id`));
    if (d.contact) {
      await tx.execute(sql`insert into case_contacts (tenant_id, tenant_path, case_id, name, phone, phone_verified)
        values (${county}, '', ${row.id}, ${d.contact[0]}, ${d.contact[1]}, true)`);
    }
    for (const [i, s] of d.steps.entries()) {
      await tx.execute(sql`insert into case_events (tenant_id, tenant_path, case_id, seq, kind, actor_kind, actor_name, note, data, public, created_at)
        values (${county}, '', ${row.id}, ${i + 1}, ${s.kind}, ${s.actor[0]}, ${s.actor[1]}, ${s.note ?? ''}, ${JSON.stringify(timed[i])}::jsonb,
          ${s.public}, ${ago(now, s.hoursAgo).toISOString()})`);
    }
    await seedAssignments(tx, county, row.id, d, now, snapshot.deadlines.sign);
  }
}

async function seedAssignments(tx: Tx, county: string, caseId: string, d: DemoCase, now: Date, signLimit: TimeLimit | undefined): Promise<void> {
  const transferred = d.steps.find((s) => s.kind === 'transferred');
  if (!transferred || !d.units) return;
  const assignedAt = ago(now, transferred.hoursAgo);
  const signDueAt = signLimit ? await dueAfter(tx, county, assignedAt, signLimit) : null;
  for (const u of d.units) {
    const signedAt = u.signedHoursAgo !== undefined ? ago(now, u.signedHoursAgo) : null;
    const repliedAt = u.repliedHoursAgo !== undefined ? ago(now, u.repliedHoursAgo) : null;
    const state = repliedAt ? 'replied' : signedAt ? 'signed' : 'assigned';
    await tx.execute(sql`insert into case_assignments (tenant_id, tenant_path, case_id, unit_id, round, role, state, assigned_at, sign_due_at, signed_at, replied_at, reply)
      select ${county}::uuid, '', ${caseId}::uuid, u.id, 1, ${u.role}, ${state}, ${assignedAt.toISOString()}::timestamptz,
        ${signDueAt?.toISOString() ?? null}::timestamptz, ${signedAt?.toISOString() ?? null}::timestamptz,
        ${repliedAt?.toISOString() ?? null}::timestamptz, ${repliedAt ? d.answer ?? null : null}
      from units u where u.tenant_id = ${county} and u.code = ${u.code}`);
  }
}
