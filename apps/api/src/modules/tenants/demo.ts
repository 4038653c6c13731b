import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import { hashPassword } from '@renda/auth';
import { DEMO_PASSWORD } from '@renda/config';
import { provisionTree } from './provision.ts';
import { demoDeputyAccounts, seedDeputiesDemo } from '../deputies/deputies.demo.ts';
import { seedCasesDemo } from '../cases/cases.demo.ts';
import { seedSuggestionsDemo } from '../suggestions/suggestions.demo.ts';

/** Demo accounts listed in the README; all share the demo password. */
export const demoAccounts = [
  { username: 'province.admin', name: '省项目组管理员', phone: '13800000001', seats: [['32', ['platform_admin', 'tenant_admin']]] },
  { username: 'yancheng.staff', name: '盐城市人大工作人员', phone: '13800000002', seats: [['3209', ['staff']]] },
  { username: 'funing.admin', name: '阜宁县人大管理员', phone: '13800000003', seats: [['320923', ['tenant_admin', 'staff']]] },
  { username: 'funing.staff', name: '阜宁县人大工作人员', phone: '13800000004', seats: [['320923', ['staff']]] },
  { username: 'sheyang.staff', name: '射阳县人大工作人员', phone: '13800000005', seats: [['320924', ['staff']]] },
  { username: 'deputy.wang', name: '王建国', phone: '13800000006', seats: [['3209', ['deputy']], ['320923', ['deputy']], ['320923100', ['deputy']]] },
  { username: 'unit.water', name: '阜宁县水利局联络员', phone: '13800000007', seats: [['320923', ['unit_officer']]], unit: ['320923', 'water'] },
  { username: 'unit.housing', name: '阜宁县住房和城乡建设局联络员', phone: '13800000008', seats: [['320923', ['unit_officer']]], unit: ['320923', 'housing'] },
  { username: 'funing.committee', name: '阜宁县人大常委会委员', phone: '13800000009', seats: [['320923', ['committee_member']]] },
] as const;

const demoUnits = [
  ['320923', 'water', '阜宁县水利局'],
  ['320923', 'housing', '阜宁县住房和城乡建设局'],
  ['320923', 'env', '盐城市阜宁生态环境局'],
  ['320924', 'water', '射阳县水利局'],
] as const;

/**
 * Seed the demo on a first start: the Jiangsu tree and the demo accounts. Runs as the owner, in
 * one transaction, and only when there are no tenants yet.
 */
export async function seedDemo(tx: Tx): Promise<boolean> {
  const [{ n }] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from tenants`));
  if (n > 0) return false;
  await provisionTree(tx, '32');
  const hash = await hashPassword(DEMO_PASSWORD);
  const tenantId = async (code: string) => rowsOf<{ id: string }>(await tx.execute(sql`select id from tenants where code = ${code}`))[0].id;
  for (const [code, unitCode, name] of demoUnits) {
    await tx.execute(sql`insert into units (tenant_id, tenant_path, code, name) values (${await tenantId(code)}, '', ${unitCode}, ${name})`);
  }
  for (const a of [...demoAccounts, ...demoDeputyAccounts]) {
    const [{ id }] = rowsOf<{ id: string }>(await tx.execute(sql`
      insert into users (username, display_name, password_hash) values (${a.username}, ${a.name}, ${hash}) returning id`));
    await tx.execute(sql`insert into user_private (user_id, phone) values (${id}, ${a.phone})`);
    for (const [code, roles] of a.seats) {
      await tx.execute(sql`insert into memberships (tenant_id, tenant_path, user_id, roles)
        values (${await tenantId(code)}, '', ${id}, ${`{${roles.join(',')}}`}::text[])`);
    }
    if ('unit' in a) {
      const t = await tenantId(a.unit[0]);
      await tx.execute(sql`insert into unit_officers (tenant_id, tenant_path, unit_id, user_id)
        select ${t}, '', u.id, ${id} from units u where u.tenant_id = ${t} and u.code = ${a.unit[1]}`);
    }
  }
  const userId = async (username: string) => rowsOf<{ id: string }>(await tx.execute(sql`select id from users where username = ${username}`))[0].id;
  await seedDeputiesDemo(tx, tenantId, userId);
  await seedCasesDemo(tx, tenantId, userId);
  await seedSuggestionsDemo(tx, tenantId, userId);
  return true;
}
