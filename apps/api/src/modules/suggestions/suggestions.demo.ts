import { sql, type SQL } from 'drizzle-orm';
import { rowsOf, type ReplyCategory, type SuggestionState, type Tx } from '@renda/db';
import { addWorkingDays } from '../cases/calendar.service.ts';
import { calendarDaysAfter } from './suggestions.steps.ts';
import { extractKeywords, searchVector } from './text.ts';

/**
 * Demo motions and suggestions: open sessions of 阜宁县, 盐城市 and 射阳县, eight suggestions of
 * 阜宁县 in the states of the lifecycle (one awaiting review, one overdue for sign-for, a key one
 * under funing.committee's supervision, a closed and published one …), a draft of deputy.wang
 * and one of 射阳县. Seeded as the owner, with deadlines by the county's calendar.
 */

const demoSessions = [
  ['320923', '阜宁县第十八届人民代表大会第四次会议', 2025, 'congress', '2025-01-07', '2025-01-10', 'closed'],
  ['320923', '阜宁县第十八届人民代表大会第五次会议', 2026, 'congress', '2026-01-06', '2026-01-09', 'open'],
  ['3209', '盐城市第九届人民代表大会第五次会议', 2026, 'congress', '2026-01-19', '2026-01-22', 'open'],
  ['320924', '射阳县第十八届人民代表大会第五次会议', 2026, 'congress', '2026-01-07', '2026-01-10', 'open'],
] as const;

interface DemoUnit {
  code: string;
  role: 'lead' | 'co';
  signed?: number;
  replied?: number;
  reply?: string;
  category?: ReplyCategory;
  rating?: 1 | 2 | 3;
}

interface DemoSuggestion {
  code: string;
  author: string;
  cosigners?: [string, 'invited' | 'signed'][];
  title: string;
  body: string;
  category: string;
  state: SuggestionState;
  /** Hours before the seed of each step that happened. */
  at: { created: number; submitted?: number; accepted?: number; assigned?: number; replied?: number; closed?: number };
  units?: DemoUnit[];
  publicAgreed?: boolean;
  published?: boolean;
  supervisedBy?: string;
}

const day = 24;
const demoSuggestions: DemoSuggestion[] = [
  {
    code: '320923', author: 'deputy.li', cosigners: [['deputy.chen', 'signed']], category: '老旧小区改造', state: 'submitted',
    title: '关于加快推进城区老旧小区改造的建议',
    body: '阜城街道香港路、人民路一带不少小区建于上世纪九十年代，楼道墙皮脱落、雨污管网老化、缺少停车位和电梯，居民反映强烈。建议将这些小区整体纳入今明两年老旧小区改造计划，同步实施管网更新、加装电梯和适老化改造，并在改造前充分征求居民意见。',
    at: { created: 3 * day, submitted: 2 * day },
  },
  {
    code: '320923', author: 'deputy.wang', cosigners: [['deputy.li', 'signed']], category: '生态环境', state: 'accepted',
    title: '关于加强农村饮用水安全保障的建议',
    body: '沟墩镇部分村庄仍存在供水压力不足、水质浑浊的情况，夏季用水高峰时尤为突出。建议对镇级水厂进行提标改造，定期公开水质检测结果，并建立村级供水管护员制度，确保群众喝上放心水。',
    at: { created: 20 * day, submitted: 19 * day, accepted: 15 * day },
  },
  {
    code: '320923', author: 'deputy.zhang', cosigners: [['deputy.chen', 'signed'], ['deputy.wang', 'signed']], category: '水资源保护', state: 'assigned',
    title: '关于实施农村河道综合整治的建议',
    body: '益林镇境内多条村庄河道淤积严重，水体发黑发臭，部分河段岸坡坍塌。建议县水利部门牵头制定农村河道三年整治计划，住建部门配合做好沿河生活污水截流，建立河长巡河长效机制。',
    at: { created: 30 * day, submitted: 29 * day, accepted: 25 * day, assigned: 2 * day },
    units: [{ code: 'water', role: 'lead' }, { code: 'housing', role: 'co' }], supervisedBy: 'funing.committee',
  },
  {
    code: '320923', author: 'deputy.wang', category: '交通出行', state: 'replied',
    title: '关于改善沟墩镇农村公路通行条件的建议',
    body: '沟墩镇王庄村至镇区的农村公路路面破损、会车困难，雨天积水，学生上学和农产品外运很不方便。建议将该路段纳入农村公路提档升级工程，拓宽路面并增设错车道和安全防护设施。',
    at: { created: 60 * day, submitted: 59 * day, accepted: 55 * day, assigned: 50 * day, replied: 3 * day },
    units: [{ code: 'housing', role: 'lead', signed: 48 * day, replied: 3 * day, category: 'B', reply: '该路段已列入2026年农村公路提档升级计划，拟于三季度开工，拓宽至6米并增设错车道4处，完工前先行修补坑槽。' }],
  },
  {
    code: '320923', author: 'deputy.chen', cosigners: [['deputy.zhang', 'signed']], category: '垃圾分类', state: 'closed',
    title: '关于加强城区垃圾分类设施建设的建议',
    body: '城区部分小区垃圾分类投放点数量不足、标识不清，分类后又被混合清运，居民参与积极性受挫。建议增设分类投放点和智能回收设备，实行分类运输、分类处理，并加强宣传督导。',
    at: { created: 120 * day, submitted: 119 * day, accepted: 115 * day, assigned: 110 * day, replied: 40 * day, closed: 30 * day },
    units: [{ code: 'env', role: 'lead', signed: 108 * day, replied: 40 * day, category: 'A', rating: 1, reply: '已在城区新增分类投放点46处、智能回收设备12台，分类运输车辆实行专车专运，下一步将把分类成效纳入物业考核。' }],
    publicAgreed: true, published: true,
  },
  {
    code: '320923', author: 'deputy.li', category: '水资源保护', state: 'assigned',
    title: '关于加快农村饮用水管网改造的建议',
    body: '部分村庄供水管网铺设年代久远，跑冒滴漏严重，管网漏损率高，停水检修频繁。建议分年度实施农村供水管网改造，优先改造漏损严重的片区，并建立管网运行监测平台。',
    at: { created: 45 * day, submitted: 44 * day, accepted: 40 * day, assigned: 12 * day },
    units: [{ code: 'water', role: 'lead' }],
  },
  {
    code: '320923', author: 'deputy.zhang', category: '城乡建设', state: 'signed',
    title: '关于提升城区防汛排涝能力的建议',
    body: '去年汛期城区多处路段积水严重，部分小区地下车库进水。建议对城区排水管网进行全面排查，实施雨污分流和易涝点改造，增加排涝泵站能力。',
    at: { created: 40 * day, submitted: 39 * day, accepted: 35 * day, assigned: 5 * day },
    units: [{ code: 'water', role: 'lead', signed: 4 * day }, { code: 'housing', role: 'co' }],
  },
  {
    code: '320923', author: 'deputy.wang', cosigners: [['deputy.li', 'invited']], category: '社会保障', state: 'draft',
    title: '关于在沟墩镇增设老年人助餐点的建议',
    body: '沟墩镇60岁以上老人占比较高，独居和空巢老人吃饭难问题突出。建议在镇区和中心村增设老年人助餐点，对高龄、独居老人给予就餐补贴。',
    at: { created: 1 * day },
  },
  {
    code: '320924', author: 'deputy.zhao', category: '交通出行', state: 'accepted',
    title: '关于加强射阳港区疏港公路养护的建议',
    body: '疏港公路重型货车通行量大，路面车辙、坑槽较多，夜间照明不足，存在安全隐患。建议加大养护投入，完善照明和交通标志标线。',
    at: { created: 25 * day, submitted: 24 * day, accepted: 20 * day },
  },
];

const ago = (now: Date, hours: number) => new Date(now.getTime() - hours * 3600_000);
const ts = (d: Date | null | undefined) => d?.toISOString() ?? null;
const textArray = (list: string[]): SQL => (list.length ? sql`array[${sql.join(list.map((k) => sql`${k}`), sql`, `)}]::text[]` : sql`'{}'::text[]`);

type Lookup = (key: string) => Promise<string>;

/** Seed the demo sessions and motions and suggestions (as the owner, after deputies and units exist). */
export async function seedSuggestionsDemo(tx: Tx, tenantId: Lookup, userId: Lookup): Promise<void> {
  const sessions = new Map<string, string>();
  for (const [code, name, year, kind, startsOn, endsOn, state] of demoSessions) {
    const [row] = rowsOf<{ id: string }>(await tx.execute(sql`insert into suggestion_sessions (tenant_id, tenant_path, name, year, kind, starts_on, ends_on, state)
      values (${await tenantId(code)}, '', ${name}, ${year}, ${kind}, ${startsOn}::date, ${endsOn}::date, ${state}) returning id`));
    if (state === 'open') sessions.set(code, row.id);
  }
  const now = new Date();
  for (const d of demoSuggestions) await seedOne(tx, d, { tenantId: await tenantId(d.code), sessionId: sessions.get(d.code)!, userId, now });
}

async function seat(tx: Tx, tenantId: string, userId: string): Promise<string> {
  return rowsOf<{ id: string }>(await tx.execute(sql`select id from deputies where tenant_id = ${tenantId} and user_id = ${userId}`))[0].id;
}

async function seedOne(tx: Tx, d: DemoSuggestion, o: { tenantId: string; sessionId: string; userId: Lookup; now: Date }) {
  const { tenantId, now } = o;
  const author = await o.userId(d.author);
  const [category] = rowsOf<{ id: string }>(await tx.execute(sql`select id from suggestion_categories where name = ${d.category} limit 1`));
  const at = (h: number | undefined) => (h === undefined ? null : ago(now, h));
  const assignedAt = at(d.at.assigned);
  const signDueAt = assignedAt ? await addWorkingDays(tx, tenantId, assignedAt, 5) : null;
  const replyDueAt = assignedAt ? calendarDaysAfter(assignedAt, 90) : null;
  const repliedAt = at(d.at.replied);
  const lead = d.units?.find((u) => u.role === 'lead');
  const dueStep = d.state === 'assigned' ? 'sign' : d.state === 'signed' ? 'reply' : d.state === 'replied' ? 'rate' : null;
  const dueAt = dueStep === 'sign' ? signDueAt : dueStep === 'reply' ? replyDueAt : dueStep === 'rate' ? calendarDaysAfter(repliedAt!, 30) : null;
  const numbered = d.at.accepted !== undefined;
  const number = numbered ? rowsOf<{ n: number }>(await tx.execute(sql`update suggestion_sessions set suggestion_seq = suggestion_seq + 1
    where id = ${o.sessionId} returning suggestion_seq as n`))[0].n : null;
  const supervisor = d.supervisedBy ? await o.userId(d.supervisedBy) : null;
  const [{ id }] = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into suggestions (tenant_id, tenant_path, session_id, kind, number, title, body, category_id, key, supervisor_kind, supervisor_user_id,
      supervisor_name, state, created_by, lead_deputy_id, due_step, due_at, reply_category, rating, public_agreed, published_at, keywords, search,
      created_at, updated_at, submitted_at, accepted_at, assigned_at, replied_at, closed_at)
    values (${tenantId}, '', ${numbered ? o.sessionId : null}, 'suggestion', ${number}, ${d.title}, ${d.body}, ${category?.id ?? null},
      ${Boolean(supervisor)}, ${supervisor ? 'committee' : null}, ${supervisor}, ${supervisor ? '阜宁县人大常委会委员' : ''}, ${d.state}, ${author},
      ${await seat(tx, tenantId, author)}, ${dueStep}, ${ts(dueAt)}, ${lead?.replied ? lead.category ?? null : null}, ${d.state === 'closed' ? lead?.rating ?? null : null},
      ${d.publicAgreed ?? false}, ${d.published ? ts(at(d.at.closed)) : null}, ${textArray(extractKeywords(d.title, d.body))}, ${searchVector(d.title, d.body)},
      ${ts(at(d.at.created))}, ${ts(now)}, ${ts(at(d.at.submitted))}, ${ts(at(d.at.accepted))}, ${ts(assignedAt)}, ${ts(repliedAt)}, ${ts(at(d.at.closed))})
    returning id`));
  const signers: [string, 'author' | 'cosigner', string][] = [[author, 'author', 'signed'], ...(await Promise.all((d.cosigners ?? []).map(async ([u, s]) => [await o.userId(u), 'cosigner', s] as [string, 'cosigner', string])))];
  for (const [i, [uid, role, state]] of signers.entries()) {
    await tx.execute(sql`insert into suggestion_signers (tenant_id, tenant_path, suggestion_id, user_id, deputy_id, role, state, position, responded_at)
      values (${tenantId}, '', ${id}, ${uid}, ${await seat(tx, tenantId, uid)}, ${role}, ${state}, ${i}, ${state === 'signed' ? ts(at(d.at.created)) : null})`);
  }
  for (const u of d.units ?? []) {
    const signedAt = at(u.signed);
    const state = u.replied ? 'replied' : signedAt ? 'signed' : 'assigned';
    await tx.execute(sql`insert into suggestion_assignments (tenant_id, tenant_path, suggestion_id, unit_id, round, role, state, assigned_at, sign_due_at,
        signed_at, reply_due_at, replied_at, reply, reply_category, public_agreed, rating, rated_at)
      select ${tenantId}::uuid, '', ${id}::uuid, u.id, 1, ${u.role}, ${state}, ${ts(assignedAt)}::timestamptz, ${ts(signDueAt)}::timestamptz,
        ${ts(signedAt)}::timestamptz, ${ts(replyDueAt)}::timestamptz, ${ts(at(u.replied))}::timestamptz, ${u.reply ?? null}, ${u.category ?? null},
        ${Boolean(d.publicAgreed)}, ${u.rating ?? null}, ${u.rating ? ts(at(d.at.closed)) : null}::timestamptz
      from units u where u.tenant_id = ${tenantId} and u.code = ${u.code}`);
  }
  await seedEvents(tx, d, { id, tenantId, author, at });
}

/** The timeline of a demo row, step by step as the flow would have written it. */
async function seedEvents(tx: Tx, d: DemoSuggestion, o: { id: string; tenantId: string; author: string; at: (h: number | undefined) => Date | null }) {
  const [names] = rowsOf<{ author: string; staff: string }>(await tx.execute(sql`select (select display_name from users where id = ${o.author}) as author,
    (select name || '人大工作人员' from tenants where id = ${o.tenantId}) as staff`));
  const unitName = async (code: string) => rowsOf<{ name: string }>(await tx.execute(sql`select name from units where tenant_id = ${o.tenantId} and code = ${code}`))[0].name;
  const events: [string, number, string, string][] = [['created', d.at.created, names.author, '']];
  if (d.at.submitted !== undefined) events.push(['submitted', d.at.submitted, names.author, '']);
  if (d.at.accepted !== undefined) events.push(['accepted', d.at.accepted, names.staff, '']);
  if (d.at.assigned !== undefined) events.push(['assigned', d.at.assigned, names.staff, '']);
  for (const u of d.units ?? []) {
    if (u.signed !== undefined) events.push(['signed', u.signed, await unitName(u.code), '']);
    if (u.replied !== undefined) events.push(['replied', u.replied, await unitName(u.code), u.reply ?? '']);
  }
  if (d.supervisedBy && d.at.assigned !== undefined) events.push(['supervised', d.at.assigned - 1, names.staff, '列为常委会组成人员重点督办建议']);
  if (d.at.closed !== undefined) events.push(['rated', d.at.closed, names.author, ''], ['closed', d.at.closed, names.author, '']);
  if (d.published && d.at.closed !== undefined) events.push(['published', d.at.closed - 1, names.staff, '']);
  // Oldest first; a stable sort keeps the order above for steps at the same hour (rated, then closed).
  events.sort((a, b) => b[1] - a[1]);
  for (const [i, [kind, hours, actor, note]] of events.entries()) {
    await tx.execute(sql`insert into suggestion_events (tenant_id, tenant_path, suggestion_id, seq, kind, actor_kind, actor_name, note, created_at)
      values (${o.tenantId}, '', ${o.id}, ${i + 1}, ${kind}, 'user', ${actor}, ${note}, ${ts(o.at(hours))})`);
  }
  await tx.execute(sql`update suggestions set event_seq = ${events.length} where id = ${o.id}`);
}
