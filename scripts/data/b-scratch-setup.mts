import { bootPlatform } from '../../apps/api/src/boot.ts';
import { asOwner, rowsOf } from '@renda/db';
import { sql } from 'drizzle-orm';
import { generateCorpus, insertCorpus } from './suggestion-corpus.ts';
const name = process.argv[2] ?? 'renda_b';
const n = Number(process.argv[3] ?? 10000);
const platform = await bootPlatform({
  databaseUrl: `postgres://renda_app:renda_app@127.0.0.1:5432/${name}`, migrationUrl: `postgres://postgres@127.0.0.1:5432/${name}`,
  redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'b:', dataDir: null, production: false, poolMax: 3, seedDemo: true,
  storage: { kind: 'local', dir: '/tmp/b-files' },
} as never);
const owner = platform.owner!;
const q = async <T>(s: any) => asOwner(owner, async (tx) => rowsOf<T>(await tx.execute(s)));
const t = Object.fromEntries((await q<{ code: string; id: string }>(sql`select code, id from tenants where code in ('320923','320924','320923100')`)).map((r) => [r.code, r.id]));
const u = Object.fromEntries((await q<{ username: string; id: string }>(sql`select username, id from users`)).map((r) => [r.username, r.id]));
await q(sql`insert into units (tenant_id, tenant_path, code, name) values (${t['320923100']}, '', 'agri', '沟墩镇农业服务中心') on conflict do nothing`);
const units = Object.fromEntries((await q<{ k: string; id: string }>(sql`select t.code || ':' || u.code as k, u.id from units u join tenants t on t.id = u.tenant_id`)).map((r) => [r.k, r.id]));
const started = Date.now();
const docs = generateCorpus(n, Number(process.argv[4] ?? 42));
await asOwner(owner, (tx) => insertCorpus(tx, docs, { seed: 42, targets: [
  { tenantId: t['320923'], share: 2, creatorUserIds: ['deputy.li', 'deputy.zhang', 'deputy.chen', 'deputy.wang'].map((x) => u[x]), unitIds: ['320923:water', '320923:housing', '320923:env'].map((x) => units[x]) },
  { tenantId: t['320924'], share: 1.5, creatorUserIds: [u['deputy.zhao']], unitIds: [units['320924:water']] },
  { tenantId: t['320923100'], share: 1, creatorUserIds: [u['deputy.wang']], unitIds: [units['320923100:agri']] },
] }));
console.log('inserted', n, Date.now() - started, 'ms');
await platform.close();
