import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';

/** Terms of the demo congresses: [division code, term number, first day]. */
const demoTerms = [
  ['32', 14, '2023-01-16'],
  ['3209', 9, '2022-01-10'],
  ['320923', 18, '2021-12-28'],
  ['320924', 18, '2021-12-27'],
  ['320923100', 19, '2021-11-20'],
] as const;

const demoGroups = [
  ['3209', '阜宁代表团', '阜宁县选出的市人大代表'],
  ['320923', '沟墩代表小组', '沟墩镇片区县人大代表'],
  ['320923', '益林代表小组', '益林镇片区县人大代表'],
  ['320924', '合德代表小组', '合德镇片区县人大代表'],
  ['320923100', '沟墩镇第一代表小组', '镇人大代表'],
] as const;

/** [owner code, name, address, phone, hours, public code]. */
const demoStations = [
  ['320923100', '沟墩镇人大代表联络站', '阜宁县沟墩镇人民路18号', '0515-87310001', '每月15日 9:00–11:30', 'GDSTATN2'],
  ['320923', '阜宁县人大代表之家', '阜宁县阜城街道香港路1号', '0515-87220002', '工作日 8:30–17:30', 'FNHMSTN3'],
  ['320924', '合德镇代表联络站', '射阳县合德镇解放路66号', '0515-82330003', '每周三 9:00–11:30', 'HDSTATN4'],
] as const;

/**
 * Deputies of the demo: [username, name, phone, seats]. A seat is [division code, group, station
 * code, sector, workplace, public code]. deputy.wang sits in the city, the county and his town.
 */
const demoDeputies = [
  ['deputy.wang', '王建国', '13800000006', [
    ['3209', '阜宁代表团', 'FNHMSTN3', 'farmer', '阜宁县沟墩镇王庄村党总支书记', 'YCWANG23'],
    ['320923', '沟墩代表小组', 'GDSTATN2', 'farmer', '阜宁县沟墩镇王庄村党总支书记', 'FNWANG23'],
    ['320923100', '沟墩镇第一代表小组', 'GDSTATN2', 'farmer', '王庄村党总支书记', 'GDWANG23'],
  ]],
  ['deputy.li', '李秀英', '13800000011', [['320923', '沟墩代表小组', 'GDSTATN2', 'professional', '沟墩镇中心卫生院副院长', 'FNLXY234']]],
  ['deputy.zhang', '张伟', '13800000012', [['320923', '益林代表小组', 'FNHMSTN3', 'business', '益林镇一家农机合作社理事长', 'FNZHW234']]],
  ['deputy.chen', '陈静', '13800000013', [['320923', '益林代表小组', 'FNHMSTN3', 'worker', '阜宁县纺织厂车间主任', 'FNCHJ234']]],
  ['deputy.zhao', '赵海涛', '13800000014', [['320924', '合德代表小组', 'HDSTATN4', 'official', '合德镇农业农村局副局长', 'SYZHT234']]],
] as const;

/** A few records per seat so that archives, queues and rankings have something to show. */
const demoActivities = [
  ['FNWANG23', 'meeting', '出席县十八届人大五次会议', '2026-01-08', '阜宁县人民会堂', 'published'],
  ['FNWANG23', 'inspection', '视察沟墩镇农田水利设施', '2026-03-12', '沟墩镇王庄村', 'published'],
  ['FNWANG23', 'constituents', '代表接待日接待选民8人次', '2026-04-15', '沟墩镇人大代表联络站', 'verified'],
  ['FNWANG23', 'suggestion', '提出关于农村饮水安全的建议', '2026-05-20', '', 'submitted'],
  ['FNLXY234', 'constituents', '走访沟墩镇居民了解就医需求', '2026-02-26', '沟墩镇', 'published'],
  ['FNLXY234', 'group', '沟墩代表小组集中学习', '2026-03-30', '沟墩镇人大代表联络站', 'submitted'],
  ['FNZHW234', 'inspection', '调研益林镇农机合作社运营', '2026-04-02', '益林镇', 'verified'],
  ['FNCHJ234', 'meeting', '列席县人大常委会会议', '2026-06-18', '阜宁县人大常委会', 'submitted'],
  ['YCWANG23', 'meeting', '出席市九届人大五次会议', '2026-01-20', '盐城市会议中心', 'published'],
  ['SYZHT234', 'inspection', '视察合德镇河道整治', '2026-05-09', '射阳县合德镇', 'published'],
] as const;

/** Seed the deputies, groups, stations, activities and one upcoming event of the demo. */
export async function seedDeputiesDemo(tx: Tx, tenantId: (code: string) => Promise<string>, userId: (username: string) => Promise<string>) {
  for (const [code, number, startsOn] of demoTerms) {
    await tx.execute(sql`insert into terms (tenant_id, tenant_path, number, starts_on) values (${await tenantId(code)}, '', ${number}, ${startsOn})`);
  }
  for (const [code, name, description] of demoGroups) {
    await tx.execute(sql`insert into delegation_groups (tenant_id, tenant_path, name, description) values (${await tenantId(code)}, '', ${name}, ${description})`);
  }
  for (const [code, name, address, phone, hours, publicCode] of demoStations) {
    await tx.execute(sql`insert into stations (tenant_id, tenant_path, name, address, phone, open_hours, public_code)
      values (${await tenantId(code)}, '', ${name}, ${address}, ${phone}, ${hours}, ${publicCode})`);
  }
  const deputyIds = new Map<string, { id: string; tenantId: string }>();
  for (const [username, , , seats] of demoDeputies) {
    const uid = await userId(username);
    for (const [code, group, station, sector, workplace, publicCode] of seats) {
      const tid = await tenantId(code);
      const [row] = rowsOf<{ id: string }>(await tx.execute(sql`
        insert into deputies (tenant_id, tenant_path, user_id, term_id, public_code, level, constituency, group_id, sector, station_id, workplace, elected_on, gender)
        select ${tid}, '', ${uid}, tm.id, ${publicCode}, t.level, ${group.replace(/代表(团|小组).*$/, '')}, g.id, ${sector}, s.id, ${workplace}, tm.starts_on,
               ${username === 'deputy.li' || username === 'deputy.chen' ? 'female' : 'male'}
        from tenants t join terms tm on tm.tenant_id = t.id
        left join delegation_groups g on g.tenant_id = t.id and g.name = ${group}
        left join stations s on s.public_code = ${station}
        where t.id = ${tid}
        returning id`));
      deputyIds.set(publicCode, { id: row.id, tenantId: tid });
    }
  }
  for (const [publicCode, kind, title, occurredOn, place, state] of demoActivities) {
    const d = deputyIds.get(publicCode)!;
    await tx.execute(sql`insert into activities (tenant_id, tenant_path, deputy_id, kind, title, occurred_on, place, state, source, submitted_at, reviewed_at, published_at)
      values (${d.tenantId}, '', ${d.id}, ${kind}, ${title}, ${occurredOn}, ${place}, ${state}, 'self', now(),
        ${state === 'submitted' ? null : sql`now()`}, ${state === 'published' ? sql`now()` : null})`);
  }
  // An inspection next month in the county, with deputy.wang and deputy.li invited.
  const county = await tenantId('320923');
  const [event] = rowsOf<{ id: string }>(await tx.execute(sql`
    insert into events (tenant_id, tenant_path, kind, activity_kind, title, starts_at, ends_at, place, description, checkin_secret)
    values (${county}, '', 'inspection', 'inspection', '视察全县农村饮水安全工程', date_trunc('day', now()) + interval '30 days 9 hours',
      date_trunc('day', now()) + interval '30 days 11 hours 30 minutes', '阜宁县水利局', '实地查看三灶镇、郭墅镇供水站运行情况', uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()))
    returning id`));
  for (const code of ['FNWANG23', 'FNLXY234']) {
    await tx.execute(sql`insert into event_invitations (tenant_id, tenant_path, event_id, deputy_id) values (${county}, '', ${event.id}, ${deputyIds.get(code)!.id})`);
  }
}

/** Accounts the deputies seed needs beyond the platform's demo accounts. */
export const demoDeputyAccounts = demoDeputies
  .filter(([username]) => username !== 'deputy.wang')
  .map(([username, name, phone, seats]) => ({ username, name, phone, seats: seats.map(([code]) => [code, ['deputy']] as const) }));
