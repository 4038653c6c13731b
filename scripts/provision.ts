// `npm run provision -- <command>`: the provincial team's operations from a terminal.
//
//   list-provinces                                  the provinces of the division list
//   create-province <code>                          create a province's whole tree (as the owner)
//   add-tenant --as <user> --parent <code> --code <code> --name <name> --level <level>
//   retire-tenant --as <user> <code>
//   fill-tree --as <user> <code>                    add missing congresses below <code>
//   import-accounts --as <user> [--apply] <file.csv>  dry run unless --apply
//
// Operations "as" a person run through the API's own code with a short-lived session of that
// person, so the same permissions, policies and audit log apply as in the admin console.
// Embedded data (no DATABASE_URL) must not be open in a running server at the same time.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf } from '@renda/db';
import { listProvinces } from '@renda/db/divisions';
import { generateSessionToken, SESSION_LIFETIME_MS } from '@renda/auth';
import { bootPlatform } from '../apps/api/src/boot.ts';
import { createApp } from '../apps/api/src/app.ts';
import { loadEnv } from '../apps/api/src/env.ts';
import { provisionTree } from '../apps/api/src/modules/tenants/provision.ts';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { as: { type: 'string' }, parent: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' }, apply: { type: 'boolean' }, help: { type: 'boolean' } },
});
const [command, arg] = positionals;
const usage = readFileSync(new URL(import.meta.url), 'utf8').split('\n').filter((l) => l.startsWith('//')).slice(0, 9).map((l) => l.slice(3)).join('\n');
if (!command || values.help) {
  console.log(usage);
  process.exit(command ? 0 : 2);
}
if (command === 'list-provinces') {
  for (const p of listProvinces()) console.log(`${p.code}\t${p.name}`);
  process.exit(0);
}

const env = loadEnv();
const platform = await bootPlatform({
  databaseUrl: env.DATABASE_URL, migrationUrl: env.MIGRATION_DATABASE_URL, redisUrl: env.REDIS_URL, redisPrefix: env.REDIS_PREFIX,
  dataDir: env.DATA_DIR, production: env.NODE_ENV === 'production', seedDemo: false, poolMax: 2,
});
let exitCode = 0;
try {
  exitCode = await run();
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  exitCode = 1;
} finally {
  await platform.close();
}
process.exit(exitCode);

async function run(): Promise<number> {
  if (command === 'create-province') {
    if (!platform.owner) throw new Error('create-province runs as the owner: set MIGRATION_DATABASE_URL');
    const created = await asOwner(platform.owner, (tx) => provisionTree(tx, need(arg, '<code>')));
    console.log(`created ${created} tenants under ${arg}`);
    return 0;
  }
  const api = await actingAs(need(values.as, '--as <user>'));
  try {
    if (command === 'add-tenant') {
      const parent = await tenantByCode(need(values.parent, '--parent'));
      return print(await api('POST', '/api/v1/tenants', { parentId: parent, code: values.code, name: values.name, level: values.level }));
    }
    if (command === 'retire-tenant') return print(await api('POST', `/api/v1/tenants/${await tenantByCode(need(arg, '<code>'))}/retire`));
    if (command === 'fill-tree') return print(await api('POST', `/api/v1/tenants/${await tenantByCode(need(arg, '<code>'))}/provision`));
    if (command === 'import-accounts') {
      const csv = readFileSync(need(arg, '<file.csv>'), 'utf8');
      const res = await api('POST', '/api/v1/imports/accounts', { csv, dryRun: !values.apply });
      if (res.status !== 200) return print(res);
      const report = res.body as { dryRun: boolean; counts: Record<string, number>; rows: { line: number; status: string; username: string; tenantCode: string; reason: string | null }[] };
      for (const r of report.rows) console.log(`${String(r.line).padStart(6)}  ${r.status.padEnd(9)}  ${r.tenantCode.padEnd(10)}  ${r.username}${r.reason ? `  — ${r.reason}` : ''}`);
      console.log(`${report.dryRun ? 'dry run' : 'applied'}: ${JSON.stringify(report.counts)}${report.dryRun ? ' (add --apply to write)' : ''}`);
      return report.counts.rejected > 0 ? 1 : 0;
    }
    throw new Error(`unknown command ${command}\n${usage}`);
  } finally {
    await api.end();
  }
}

function need(value: string | undefined, what: string): string {
  if (!value) throw new Error(`missing ${what}`);
  return value;
}

function print(res: { status: number; body: unknown }): number {
  console.log(JSON.stringify(res.body, null, 2));
  return res.status < 400 ? 0 : 1;
}

async function tenantByCode(code: string): Promise<string> {
  const rows = await asOwnerOrApp((tx) => tx.execute(sql`select id from tenants where code = ${code}`));
  if (!rows.length) throw new Error(`no tenant with code ${code}`);
  return rows[0].id;
}

async function asOwnerOrApp(fn: (tx: any) => Promise<unknown>): Promise<{ id: string }[]> {
  const { withContext } = await import('@renda/db');
  // Tenant names and codes are public: any context may read them.
  return rowsOf<{ id: string }>(await withContext(platform.deps.handle, {}, fn));
}

/** Requests through the API as `username`, with a session made for this run and removed after. */
async function actingAs(username: string) {
  if (!platform.owner) throw new Error('acting as a person needs the owner connection: set MIGRATION_DATABASE_URL');
  const token = generateSessionToken();
  await asOwner(platform.owner, async (tx) => {
    const [user] = rowsOf<{ id: string }>(await tx.execute(sql`select id from users where lower(username) = lower(${username})`));
    if (!user) throw new Error(`no account ${username}`);
    const [m] = rowsOf<{ id: string }>(await tx.execute(sql`select id from memberships where user_id = ${user.id} and 'platform_admin' = any(roles) order by nlevel(tenant_path) limit 1`));
    await tx.execute(sql`insert into sessions (id, secret_hash, user_id, active_membership_id, totp_verified, user_agent, expires_at)
      values (${token.id}, ${Buffer.from(token.secretHash)}, ${user.id}, ${m?.id ?? null}, true, 'renda provision CLI', ${new Date(Date.now() + SESSION_LIFETIME_MS)})`);
  });
  const app = createApp(platform.deps);
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(`http://cli.local${path}`, {
      method, headers: { cookie: `renda_session=${token.token}`, 'content-type': 'application/json', host: 'cli.local', origin: 'http://cli.local', 'accept-language': process.env.LANG?.startsWith('zh') ? 'zh-CN' : 'en' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json().catch(() => null) };
  };
  return Object.assign(call, {
    end: () => asOwner(platform.owner!, (tx) => tx.execute(sql`delete from sessions where id = ${token.id}`)),
  });
}
