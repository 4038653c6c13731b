import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext, type RequestContext } from '@renda/db';
import { startTestPlatform, type TestPlatform } from './support/platform.ts';
import { contextOf, demoLogins, visibleVersusExpected } from './support/isolation.ts';

let tp: TestPlatform;
const contexts = new Map<string, RequestContext & { path: string }>();
beforeAll(async () => {
  tp = await startTestPlatform();
  for (const login of demoLogins) contexts.set(login, await contextOf(tp, login));
  // A module setting at the province and one in a county, so broadcast-down has rows to test.
  const admin = await tp.as('province.admin');
  await admin.put('/api/v1/modules/office', { state: 'on' });
  await (await tp.as('funing.admin')).put('/api/v1/modules/learning', { state: 'on' });
});
afterAll(async () => { await tp?.close(); });

/** The database's own message for a refused statement (drizzle wraps it in `cause`). */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    const e = error as { message?: string; cause?: { message?: string } };
    return e.cause?.message ?? e.message ?? String(error);
  }
  return 'no error';
}

const tenantTables = ['memberships', 'units', 'unit_officers', 'audit_log', 'terms', 'delegation_groups', 'deputies',
  'activities', 'events', 'event_invitations', 'deputy_year_stats', 'cases', 'case_events', 'case_assignments', 'case_files',
  'suggestion_sessions', 'suggestion_signers', 'suggestion_events', 'suggestion_assignments', 'suggestion_files', 'suggestion_keyword_months',
  'supervision_subjects'];
/** Tables of personal data and secrets that never roll up: own congress only. */
const ownTenantTables = ['case_contacts', 'deliveries', 'webhook_endpoints', 'webhook_deliveries', 'integration_keys'];

describe('the catalog', () => {
  it('forces row-level security with policies on every table of the schema', async () => {
    const rows = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ relname: string; rls: boolean; forced: boolean; policies: number; tenant: boolean }>(await tx.execute(sql`
      select c.relname, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
        (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies,
        exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped) as tenant
      from pg_class c where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'`)));
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const weak = rows.filter((r) => !r.rls || !r.forced || r.policies === 0).map((r) => r.relname);
    expect(weak).toEqual([]);
    const tenantOwned = rows.filter((r) => r.tenant).map((r) => r.relname).sort();
    expect(tenantOwned).toEqual(['activities', 'activity_files', 'audit_log', 'calendar_days', 'case_assignments', 'case_contacts',
      'case_events', 'case_files', 'case_scenarios', 'cases', 'delegation_groups', 'deliveries', 'deputies', 'deputy_year_stats',
      'event_invitations', 'events', 'files', 'integration_keys', 'memberships', 'notifications', 'stations', 'suggestion_assignments',
      'suggestion_categories', 'suggestion_events', 'suggestion_files', 'suggestion_keyword_months', 'suggestion_sessions', 'suggestion_signers',
      'suggestions', 'supervision_subjects', 'tenant_modules', 'terms', 'unit_officers', 'units', 'webhook_deliveries', 'webhook_endpoints']);
  });

  it('gives the app role no way to change or delete audit rows', async () => {
    const grants = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ privilege_type: string }>(await tx.execute(sql`
      select privilege_type from information_schema.role_table_grants where grantee = 'renda_app' and table_name = 'audit_log'`)));
    expect(grants.map((g) => g.privilege_type).sort()).toEqual(['INSERT', 'SELECT']);
    const ctx = contexts.get('province.admin')!;
    expect(await failure(withContext(tp.platform.deps.handle, ctx, (tx) => tx.execute(sql`delete from audit_log`)))).toMatch(/permission denied/);
    expect(await failure(withContext(tp.platform.deps.handle, ctx, (tx) => tx.execute(sql`update audit_log set action = 'x'`)))).toMatch(/permission denied/);
  });
});

describe('direct SQL as the app role', () => {
  it('sees no row of any table without a context', async () => {
    for (const table of [...tenantTables, ...ownTenantTables, 'tenant_modules', 'stations', 'files', 'activity_files', 'users', 'user_private', 'sessions',
      'idempotency_keys', 'calendar_days', 'case_scenarios', 'notifications', 'suggestions', 'suggestion_categories']) {
      const rows = await withContext(tp.platform.deps.handle, {}, async (tx) => rowsOf(await tx.execute(sql`select 1 from ${sql.identifier(table)}`)));
      expect(rows, table).toHaveLength(0);
    }
  });

  for (const login of demoLogins) {
    it(`reads exactly the roll-up of ${login} in every tenant table`, async () => {
      const ctx = contexts.get(login)!;
      for (const table of tenantTables) {
        const { seen, expected } = await visibleVersusExpected(tp, table, ctx);
        expect(seen, `${login} ${table}`).toEqual(expected);
      }
      for (const table of ['tenant_modules', 'stations', 'calendar_days', 'suggestion_categories']) {
        const { seen, expected } = await visibleVersusExpected(tp, table, ctx, true);
        expect(seen, `${login} ${table}`).toEqual(expected);
        expect(seen.length).toBeGreaterThan(0);
      }
    });
  }

  // Suggestions roll up like every tenant table, except that a draft is its signers' alone: the
  // expected rows are the roll-up without the drafts this person neither wrote nor was invited to.
  for (const login of demoLogins) {
    it(`reads exactly the roll-up of ${login} in suggestions, without others' drafts`, async () => {
      const ctx = contexts.get(login)!;
      const seen = await withContext(tp.platform.deps.handle, ctx, async (tx) =>
        rowsOf<{ id: string }>(await tx.execute(sql`select id from suggestions order by id`)));
      const expected = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ id: string }>(await tx.execute(sql`select s.id from suggestions s
        where s.tenant_path <@ ${ctx.scopePath}::ltree
          and (s.state <> 'draft' or s.created_by = ${ctx.userId} or exists (select 1 from suggestion_signers g where g.suggestion_id = s.id and g.user_id = ${ctx.userId}))
        order by s.id`)));
      expect(seen.map((r) => r.id), login).toEqual(expected.map((r) => r.id));
    });
  }

  it('hides a deputy\'s draft from staff of its congress and of the city, and shows it to its signers', async () => {
    const [draft] = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ id: string; tenant_path: string }>(await tx.execute(sql`
      select id, tenant_path::text from suggestions where state = 'draft' and title = '关于在沟墩镇增设老年人助餐点的建议'`)));
    expect(draft.tenant_path).toBe('32.3209.320923');
    const read = (ctx: RequestContext) => withContext(tp.platform.deps.handle, ctx, async (tx) =>
      rowsOf(await tx.execute(sql`select id from suggestions where id = ${draft.id}`)));
    for (const login of ['funing.staff', 'funing.admin', 'yancheng.staff', 'province.admin', 'unit.water']) expect(await read(contexts.get(login)!), login).toHaveLength(0);
    // The staff context cannot lock or change it either.
    const funing = contexts.get('funing.staff')!;
    const changed = await withContext(tp.platform.deps.handle, funing, async (tx) => rowsOf(await tx.execute(sql`update suggestions set title = '改' where id = ${draft.id} returning id`)));
    expect(changed).toHaveLength(0);
    const wang = contexts.get('deputy.wang')!;
    expect(await read(wang)).toHaveLength(1);
    const li = (await (await tp.as('deputy.li')).get('/api/v1/me')).body;
    expect(await read({ tenantId: li.tenant.id, scopePath: li.tenant.path, userId: li.user.id })).toHaveLength(1);
    const zhang = (await (await tp.as('deputy.zhang')).get('/api/v1/me')).body;
    expect(await read({ tenantId: zhang.tenant.id, scopePath: zhang.tenant.path, userId: zhang.user.id })).toHaveLength(0);
  });

  it('never rolls a phone number up: the city reads no private row of a county account', async () => {
    const city = contexts.get('yancheng.staff')!;
    const county = contexts.get('funing.admin')!;
    const staffId = (await (await tp.as('funing.staff')).get('/api/v1/me')).body.user.id;
    const q = (ctx: RequestContext) => withContext(tp.platform.deps.handle, ctx, async (tx) =>
      rowsOf<{ phone: string }>(await tx.execute(sql`select phone from user_private where user_id = ${staffId}`)));
    expect(await q(city)).toHaveLength(0);
    expect((await q(county))[0].phone).toBe('13800000004');
    expect(await q(contexts.get('province.admin')!)).toHaveLength(0);
  });

  it('keeps case contacts, the outbox, webhooks and integration keys inside the owning congress', async () => {
    const funing = contexts.get('funing.staff')!;
    const funingId = funing.tenantId!;
    // The demo cases bring contacts; the other tables get one row of 阜宁县 each.
    await asOwner(tp.platform.owner!, async (tx) => {
      await tx.execute(sql`insert into deliveries (tenant_id, tenant_path, channel, recipient, body, kind) values (${funingId}, '', 'sms', '13900009999', '测试', 'case.closed')`);
      const [endpoint] = rowsOf<{ id: string }>(await tx.execute(sql`insert into webhook_endpoints (tenant_id, tenant_path, name, url, secret)
        values (${funingId}, '', '网格平台', 'https://grid.example/hook', 'secret') returning id`));
      await tx.execute(sql`insert into webhook_deliveries (tenant_id, tenant_path, endpoint_id, event, payload) values (${funingId}, '', ${endpoint.id}, 'case.closed', '{}'::jsonb)`);
      await tx.execute(sql`insert into integration_keys (tenant_id, tenant_path, name, prefix, key_hash) values (${funingId}, '', '网格平台', 'abcd1234', 'hash-of-secret')`);
    });
    const count = (login: string, table: string) => withContext(tp.platform.deps.handle, contexts.get(login)!, async (tx) =>
      rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${funingId}`)))
      .then((r) => r[0].n);
    for (const table of ownTenantTables) {
      expect(await count('funing.staff', table), `funing.staff ${table}`).toBeGreaterThan(0);
      for (const login of ['yancheng.staff', 'province.admin', 'sheyang.staff']) expect(await count(login, table), `${login} ${table}`).toBe(0);
    }
    // The cases themselves do roll up.
    expect(await count('yancheng.staff', 'cases')).toBeGreaterThan(0);
  });

  it('shares a scenario with the congresses below only when it is marked shared', async () => {
    const { tenantId: funingId } = contexts.get('funing.staff')!;
    const { tenantId: provinceId } = contexts.get('province.admin')!;
    await asOwner(tp.platform.owner!, async (tx) => {
      for (const [tenantId, key] of [[funingId, 'local-only'], [provinceId, 'province-only']]) {
        await tx.execute(sql`insert into case_scenarios (tenant_id, tenant_path, key, name, submitter, triage, deadlines)
          values (${tenantId}, '', ${key}, ${key}, 'public', 'deputy', '{}'::jsonb)`);
      }
    });
    const keys = (login: string) => withContext(tp.platform.deps.handle, contexts.get(login)!, async (tx) =>
      rowsOf<{ key: string }>(await tx.execute(sql`select key from case_scenarios order by key`))).then((r) => r.map((x) => x.key));
    expect(await keys('funing.staff')).toEqual(['local-only', 'people', 'snapshot', 'supervise']);
    expect(await keys('yancheng.staff')).toEqual(['local-only', 'people', 'snapshot', 'supervise']);
    expect(await keys('sheyang.staff')).toEqual(['people', 'snapshot', 'supervise']);
    expect(await keys('province.admin')).toEqual(['local-only', 'people', 'province-only', 'snapshot', 'supervise']);
  });

  it('refuses writes into any tenant but the own one for everyone but the provincial team', async () => {
    const { handle } = tp.platform.deps;
    const sheyang = contexts.get('sheyang.staff')!;
    const funing = contexts.get('funing.admin')!;
    const city = contexts.get('yancheng.staff')!;
    const insertUnit = (ctx: RequestContext, tenantId: string) => withContext(handle, ctx, (tx) =>
      tx.execute(sql`insert into units (tenant_id, tenant_path, code, name) values (${tenantId}, '', ${'x' + Math.random().toString(36).slice(2, 8)}, '越权单位')`));
    expect(await failure(insertUnit(sheyang, funing.tenantId!))).toMatch(/row-level security/);
    expect(await failure(insertUnit(city, funing.tenantId!))).toMatch(/row-level security/);
    expect(await failure(insertUnit(funing, city.tenantId!))).toMatch(/row-level security/);
    expect(await failure(insertUnit(funing, funing.tenantId!))).toBe('no error');
    // Reading down is allowed, changing down is not: the city updates nothing in its counties.
    const updated = await withContext(handle, city, async (tx) => rowsOf(await tx.execute(sql`update units set name = '改名' where tenant_id = ${funing.tenantId} returning id`)));
    expect(updated).toHaveLength(0);
    // A row may not be moved into another tenant either.
    expect(await failure(withContext(handle, funing, (tx) => tx.execute(sql`update units set tenant_id = ${sheyang.tenantId} where tenant_id = ${funing.tenantId}`)))).toMatch(/row-level security/);
  });

  it('lets only the provincial team lock a module', async () => {
    const funing = contexts.get('funing.admin')!;
    expect(await failure(withContext(tp.platform.deps.handle, funing, (tx) => tx.execute(sql`
      insert into tenant_modules (tenant_id, tenant_path, module_key, state, locked) values (${funing.tenantId}, '', 'portal', 'on', true)`)))).toMatch(/row-level security/);
  });

  it('shows a person only their own sessions', async () => {
    await tp.as('funing.staff');
    const ctx = contexts.get('sheyang.staff')!;
    const rows = await withContext(tp.platform.deps.handle, ctx, async (tx) => rowsOf<{ user_id: string }>(await tx.execute(sql`select user_id from sessions`)));
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.user_id))).toEqual(new Set([ctx.userId]));
  });
});

describe('through the API, for each pair of demo accounts', () => {
  for (const a of demoLogins) {
    it(`${a} reads tenants only inside its roll-up or on its path`, async () => {
      const c = await tp.as(a);
      const mine = contexts.get(a)!;
      for (const b of demoLogins) {
        const theirs = contexts.get(b)!;
        const res = await c.get(`/api/v1/tenants/${theirs.tenantId}`);
        const related = theirs.path === mine.path || theirs.path.startsWith(mine.path + '.') || mine.path.startsWith(theirs.path + '.');
        expect(res.status, `${a} → ${b}`).toBe(related ? 200 : 404);
        if (related) expect(res.body.tenantId).toBe(theirs.tenantId);
      }
    });

    it(`${a} lists no membership outside its roll-up`, async () => {
      const c = await tp.as(a);
      const me = (await c.get('/api/v1/me')).body;
      const res = await c.get('/api/v1/memberships?limit=100');
      if (!me.roles.some((r: string) => ['platform_admin', 'tenant_admin', 'staff'].includes(r))) {
        expect(res.status).toBe(403);
        return;
      }
      expect(res.status).toBe(200);
      const paths = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ id: string; path: string }>(await tx.execute(sql`select id, path::text from tenants`)));
      const pathOf = new Map(paths.map((p) => [p.id, p.path]));
      for (const item of res.body.items) {
        const p = pathOf.get(item.tenantId)!;
        expect(p === me.tenant.path || p.startsWith(me.tenant.path + '.'), `${a} sees ${item.tenant.name}`).toBe(true);
        expect(item.tenantId).toBeTruthy();
      }
    });
  }

  it('shows the owning county the raw phone and the city a masked one', async () => {
    const county = await (await tp.as('funing.admin')).get('/api/v1/memberships?q=funing.staff');
    const city = await (await tp.as('yancheng.staff')).get('/api/v1/memberships?q=funing.staff');
    expect(county.body.items[0].user.phone).toBe('13800000004');
    expect(city.body.items[0].user.phone).toBe('138****0004');
  });

  it('puts the tenantId on every audit row and hides a sibling county\'s audit', async () => {
    const sheyang = await (await tp.as('sheyang.staff')).get('/api/v1/audit');
    expect(sheyang.status).toBe(403);
    const funing = await (await tp.as('funing.admin')).get('/api/v1/audit?limit=100');
    const funingId = contexts.get('funing.admin')!.tenantId;
    expect(funing.body.items.length).toBeGreaterThan(0);
    expect(funing.body.items.every((i: any) => i.tenantId === funingId)).toBe(true);
  });
});

describe('a pool of 5 connections under 100 concurrent requests', () => {
  it('keeps each request inside its own tenant', async () => {
    const logins = ['yancheng.staff', 'funing.admin', 'funing.staff', 'sheyang.staff', 'province.admin'];
    const clients = await Promise.all(logins.map((l) => tp.as(l)));
    const scopes = logins.map((l) => contexts.get(l)!.path);
    const paths = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ id: string; path: string }>(await tx.execute(sql`select id, path::text from tenants`)));
    const pathOf = new Map(paths.map((p) => [p.id, p.path]));
    const results = await Promise.all(Array.from({ length: 100 }, async (_, i) => {
      const k = i % logins.length;
      const res = await clients[k].get('/api/v1/memberships?limit=100');
      return { k, res };
    }));
    for (const { k, res } of results) {
      expect(res.status).toBe(200);
      for (const item of res.body.items) {
        const p = pathOf.get(item.tenantId)!;
        expect(p === scopes[k] || p.startsWith(scopes[k] + '.')).toBe(true);
      }
    }
    // The same directly: settings never leak from one transaction to the next on a connection.
    const direct = await Promise.all(Array.from({ length: 100 }, (_, i) => {
      const ctx = contexts.get(logins[i % logins.length])!;
      return withContext(tp.platform.deps.handle, i % 7 === 0 ? {} : ctx, async (tx) => {
        const rows = rowsOf<{ scope: string; n: number }>(await tx.execute(sql`
          select current_setting('app.scope_path', true) as scope, (select count(*)::int from memberships) as n`));
        return { expected: i % 7 === 0 ? '' : ctx.scopePath, got: rows[0] };
      });
    }));
    for (const d of direct) {
      expect(d.got.scope).toBe(d.expected);
      if (d.expected === '') expect(d.got.n).toBe(0);
    }
  });
});
