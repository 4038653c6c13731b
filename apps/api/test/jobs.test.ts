import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { asOwner, rowsOf, withContext } from '@renda/db';
import { createChannels, CHANNEL_NOT_CONFIGURED } from '../src/modules/notify/channels.ts';
import { sendMessage } from '../src/modules/notify/notify.ts';
import { verifySignature } from '../src/modules/notify/signature.ts';
import { deliverMessage, LOST_AFTER_MS, purgeExpired, sweepOutbox } from '../src/jobs/index.ts';
import { JOB, type InlineJobQueue } from '../src/platform/queue.ts';
import { realPostgres, type TestPlatform } from './support/platform.ts';
import { contextOf } from './support/isolation.ts';
import { eventually, spawnWorker, startJobsPlatform, startReceiver } from './support/jobs.ts';
import { withDatabase } from '../../../tests/support/databases.ts';

const SECRET = 'test-gateway-secret-0123456789';

// A job active for 2 s lost its worker; a failed send is retried 1 s later.
const jobs = { policies: { 'notify.deliver': { expireInSeconds: 2, retryDelay: 1, retryBackoff: false } } };

let tp: TestPlatform;
let staff: Awaited<ReturnType<typeof contextOf>>;
/** The SMS gateway: it sends each delivery id once and answers a repeat with 200 (it dedupes). */
let gateway: Awaited<ReturnType<typeof startReceiver>>;
const sentToPhones = new Map<string, string>();
const held: ServerResponse[] = [];
/** The delivery whose first request the gateway accepts but never answers. */
let holdId = '';

beforeAll(async () => {
  gateway = await startReceiver((req, res) => {
    if (req.path === '/down') {
      res.statusCode = 503;
      res.end();
      return;
    }
    const id = req.headers['x-renda-delivery'] as string;
    if (!sentToPhones.has(id)) sentToPhones.set(id, JSON.parse(req.body).to);
    if (id === holdId) {
      // Accepted and sent, but the answer never leaves: the worker dies waiting for it.
      holdId = '';
      held.push(res);
      return;
    }
    res.end('{"ok":true}');
  });
  tp = await startJobsPlatform({ jobs, channels: { sms: { url: `${gateway.url}/sms`, secret: SECRET } } });
  staff = await contextOf(tp, 'funing.staff');
});
afterAll(async () => {
  for (const res of held) res.destroy();
  await gateway?.close();
  await tp?.close();
});

const owner = <T>(fn: Parameters<typeof asOwner<T>>[1]) => asOwner(tp.platform.owner!, fn);

async function deliveryRow(id: string) {
  const [row] = await owner(async (tx) => rowsOf<{ status: string; attempts: number; last_error: string | null; sent_at: Date | null; recipient: string }>(
    await tx.execute(sql`select status, attempts, last_error, sent_at, recipient from deliveries where id = ${id}`)));
  return row;
}

/** Queue one SMS as funing.staff would, in its own transaction; returns the outbox row's id. */
async function queueSms(recipient: string, channel: 'sms' | 'wechat' | 'email' = 'sms', rollback = false): Promise<string> {
  let id = '';
  await withContext(tp.platform.deps.handle, staff, async (tx) => {
    await sendMessage(tx, tp.platform.deps, { tenantId: staff.tenantId!, channel, recipient, body: `您的事项有新进展 ${recipient}`, kind: 'case.replied' });
    [{ id }] = rowsOf<{ id: string }>(await tx.execute(sql`select id from deliveries where recipient = ${recipient} order by created_at desc limit 1`));
    if (rollback) throw new Error('rollback');
  }).catch((error) => {
    if (!rollback) throw error;
  });
  return id;
}

async function jobCount(name: string): Promise<number> {
  const [row] = await owner(async (tx) => rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from pgboss.job where name = ${name}`)));
  return row.n;
}

describe.runIf(realPostgres)('durable jobs on PostgreSQL', () => {
  it('adds a job in the transaction of the change: gone on rollback, there on commit', async () => {
    const before = await jobCount(JOB.deliver);
    const rolledBack = await queueSms('13900000001', 'sms', true);
    expect(rolledBack).not.toBe('');
    expect(await deliveryRow(rolledBack)).toBeUndefined();
    expect(await tp.platform.boss!.getJobById(JOB.deliver, rolledBack)).toBeNull();
    expect(await jobCount(JOB.deliver)).toBe(before);
    const committed = await queueSms('13900000002');
    const job = await tp.platform.boss!.getJobById<{ deliveryId: string; tenantPath: string }>(JOB.deliver, committed);
    expect(job).toMatchObject({ state: 'created', data: { deliveryId: committed, tenantPath: staff.path }, expireInSeconds: 2 });
    expect(await jobCount(JOB.deliver)).toBe(before + 1);
  });

  it('rolls back a bare enqueue with its transaction too', async () => {
    const id = '6f1d3c2a-0000-4000-8000-00000000abcd';
    await withContext(tp.platform.deps.handle, staff, async (tx) => {
      await tp.platform.deps.jobs.enqueue(tx, JOB.sweep, {}, { id });
      throw new Error('rollback');
    }).catch(() => {});
    expect(await tp.platform.boss!.getJobById(JOB.sweep, id)).toBeNull();
  });

  it('requeues a pending delivery whose job was lost, once, and leaves a waiting one alone', async () => {
    const lost = await queueSms('13900000003');
    const waiting = await queueSms('13900000004');
    await owner((tx) => tx.execute(sql`delete from pgboss.job where id = ${lost}`));
    await owner((tx) => tx.execute(sql`update deliveries set created_at = now() - interval '3 minutes' where id in (${lost}, ${waiting})`));
    const first = await sweepOutbox(tp.platform.deps, LOST_AFTER_MS);
    expect(first.queued).toBeGreaterThanOrEqual(1);
    expect(await tp.platform.boss!.getJobById(JOB.deliver, lost)).toMatchObject({ state: 'created' });
    const jobsNow = await jobCount(JOB.deliver);
    expect((await sweepOutbox(tp.platform.deps, LOST_AFTER_MS)).queued).toBe(0);
    expect(await jobCount(JOB.deliver)).toBe(jobsNow);
  });

  describe('the worker process', () => {
    const workerEnv = () => ({
      DATABASE_URL: withDatabase(process.env.DATABASE_URL!, tp.databaseName!),
      MIGRATION_DATABASE_URL: withDatabase(process.env.MIGRATION_DATABASE_URL!, tp.databaseName!),
      REDIS_URL: process.env.REDIS_URL ?? '', REDIS_PREFIX: tp.redisPrefix, NODE_ENV: 'test',
      SMS_WEBHOOK_URL: `${gateway.url}/sms`, SMS_WEBHOOK_SECRET: SECRET,
      WORKER_SUPERVISE_SECONDS: '1', WORKER_POLL_SECONDS: '0.5',
    });

    it('sends a message queued while no worker ran exactly once, though the first worker is killed mid-send', async () => {
      const phone = '13900000010';
      const id = await queueSms(phone);
      holdId = id;
      const first = await spawnWorker(workerEnv());
      try {
        await eventually(async () => gateway.received.some((r) => r.headers['x-renda-delivery'] === id), 20_000, 'the first send');
        await first.stop('SIGKILL');
      } finally {
        await first.stop('SIGKILL');
      }
      expect(await deliveryRow(id)).toMatchObject({ status: 'pending', attempts: 1 });
      const second = await spawnWorker(workerEnv());
      try {
        const row = await eventually(async () => { const r = await deliveryRow(id); return r.status === 'sent' && r; }, 30_000, 'sent by the second worker');
        expect(row).toMatchObject({ attempts: 2, last_error: null, recipient: phone });
        expect(row.sent_at).not.toBeNull();
      } finally {
        await second.stop();
      }
      const calls = gateway.received.filter((r) => r.headers['x-renda-delivery'] === id);
      // The gateway saw the same delivery id twice and sent the message once.
      expect(calls).toHaveLength(2);
      expect(calls.every((c) => verifySignature(SECRET, c.headers['x-renda-signature'] as string, c.body))).toBe(true);
      expect([...sentToPhones].filter(([, to]) => to === phone)).toHaveLength(1);
    });

    it('delivers what was queued while no worker ran once a worker starts, and keeps the schedules', async () => {
      const id = await queueSms('13900000011');
      await new Promise((r) => setTimeout(r, 1000));
      expect(await deliveryRow(id)).toMatchObject({ status: 'pending', attempts: 0 });
      const worker = await spawnWorker(workerEnv());
      try {
        await eventually(async () => (await deliveryRow(id)).status === 'sent', 20_000, 'sent');
        expect(gateway.received.filter((r) => r.headers['x-renda-delivery'] === id)).toHaveLength(1);
        const schedules = await tp.platform.boss!.getSchedules();
        expect(schedules.map((s) => [s.name, s.cron]).sort()).toEqual([
          [JOB.deadlines, '* * * * *'], [JOB.purge, '*/15 * * * *'], [JOB.sweep, '* * * * *'],
        ]);
        // The purge, through pg-boss, as the app role.
        await tp.as('sheyang.staff');
        await owner((tx) => tx.execute(sql`update sessions set expires_at = now() - interval '1 minute' where id = (select id from sessions order by created_at desc limit 1)`));
        const purge = await tp.platform.boss!.send(JOB.purge, {});
        const done = await eventually(async () => { const j = await tp.platform.boss!.getJobById(JOB.purge, purge!); return j?.state === 'completed' && j; }, 20_000, 'the purge');
        expect(done.output).toMatchObject({ sessions: 1 });
        // The deadline scan, as the cron runs it each minute (its own key, beside the cron's slot).
        const scan = await tp.platform.boss!.send(JOB.deadlines, {}, { singletonKey: 'test-scan' });
        const scanned = await eventually(async () => { const j = await tp.platform.boss!.getJobById(JOB.deadlines, scan!); return j?.state === 'completed' && j; }, 20_000, 'the deadline scan');
        expect(scanned.output).toEqual({ reminded: expect.any(Number), escalated: expect.any(Number) });
      } finally {
        await worker.stop();
      }
    });
  });
});

describe('channels', () => {
  it('posts SMS to the gateway as signed JSON with the delivery id', async () => {
    const channels = createChannels({ sms: { url: `${gateway.url}/sms`, secret: SECRET } });
    await channels.send({ id: 'd-sms-1', channel: 'sms', recipient: '13900000020', subject: '', body: '您的事项已答复' });
    const req = gateway.received.find((r) => r.headers['x-renda-delivery'] === 'd-sms-1')!;
    expect(req.headers['x-renda-channel']).toBe('sms');
    expect(JSON.parse(req.body)).toEqual({ id: 'd-sms-1', channel: 'sms', to: '13900000020', subject: '', body: '您的事项已答复' });
    expect(verifySignature(SECRET, req.headers['x-renda-signature'] as string, req.body)).toBe(true);
    expect(verifySignature('another-secret-0123456789', req.headers['x-renda-signature'] as string, req.body)).toBe(false);
  });

  it('throws on a gateway answer that is not 2xx', async () => {
    const channels = createChannels({ wechat: { url: `${gateway.url}/down`, secret: SECRET } });
    await expect(channels.send({ id: 'd-wx-1', channel: 'wechat', recipient: '13900000021', subject: '', body: 'x' })).rejects.toThrow('HTTP 503');
  });

  it('sends email through SMTP', async () => {
    const mails: Array<{ from: string; to: string[]; raw: string }> = [];
    const smtp = new SMTPServer({
      authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
      onData(stream, session, callback) {
        let raw = '';
        stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
        stream.on('end', () => {
          mails.push({ from: (session.envelope.mailFrom as { address: string }).address, to: session.envelope.rcptTo.map((r) => r.address), raw });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (smtp.server.address() as AddressInfo).port;
      const channels = createChannels({ email: { url: `smtp://127.0.0.1:${port}`, from: 'Renda <noreply@renda.test>' } });
      expect(channels.configured('email')).toBe(true);
      await channels.send({ id: 'd-mail-1', channel: 'email', recipient: 'wang@example.org', subject: 'Case T-1 replied', body: 'Case T-1 has a reply.' });
      expect(mails).toHaveLength(1);
      expect(mails[0]).toMatchObject({ from: 'noreply@renda.test', to: ['wang@example.org'] });
      expect(mails[0].raw).toContain('Subject: Case T-1 replied');
      expect(mails[0].raw).toContain('X-Renda-Delivery: d-mail-1');
      expect(mails[0].raw).toContain('Case T-1 has a reply.');
    } finally {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    }
  });

  it('fails a delivery on an unconfigured channel visibly, never silently', async () => {
    expect(tp.platform.deps.channels.configured('wechat')).toBe(false);
    const id = await queueSms('13900000030', 'wechat');
    // The worker's handler (on the embedded start it already ran after the commit).
    await deliverMessage(tp.platform.deps, { deliveryId: id, tenantId: staff.tenantId!, tenantPath: staff.path }, { retryCount: 0 });
    expect(await deliveryRow(id)).toMatchObject({ status: 'failed', attempts: 1, last_error: CHANNEL_NOT_CONFIGURED });
    await expect(createChannels({}).send({ id: 'x', channel: 'email', recipient: 'a@b.c', subject: '', body: '' })).rejects.toThrow(CHANNEL_NOT_CONFIGURED);
  });

  it('records a failed send for a retry, skips a sent row, and fails on the last try', async () => {
    const deps = { ...tp.platform.deps, channels: createChannels({ sms: { url: `${gateway.url}/down`, secret: SECRET } }) };
    // An outbox row without its job, so that only this test's calls send it, on either start.
    const [{ id }] = await owner(async (tx) => rowsOf<{ id: string }>(await tx.execute(sql`
      insert into deliveries (tenant_id, tenant_path, channel, recipient, body, kind) values (${staff.tenantId}, '', 'sms', '13900000031', 'x', 'case.replied') returning id`)));
    const data = { deliveryId: id, tenantId: staff.tenantId!, tenantPath: staff.path };
    await expect(deliverMessage(deps, data, { retryCount: 0 })).rejects.toThrow('HTTP 503');
    expect(await deliveryRow(id)).toMatchObject({ status: 'pending', attempts: 1, last_error: 'gateway answered HTTP 503' });
    const limit = deps.jobs.settings.policies[JOB.deliver].retryLimit;
    expect(await deliverMessage(deps, data, { retryCount: limit })).toBe('failed');
    expect(await deliveryRow(id)).toMatchObject({ status: 'failed', attempts: 2, last_error: 'gateway answered HTTP 503' });
    expect(await deliverMessage(tp.platform.deps, data, { retryCount: 0 })).toBe('skipped');
    expect(await deliveryRow(id)).toMatchObject({ status: 'failed', attempts: 2 });
  });

  it('purges expired sessions as the app role and keeps live ones', async () => {
    const live = await tp.as('sheyang.staff');
    await tp.as('funing.staff');
    await owner((tx) => tx.execute(sql`update sessions set expires_at = now() - interval '1 minute' where id = (select id from sessions order by created_at desc limit 1)`));
    expect((await purgeExpired(tp.platform.deps.handle)).sessions).toBe(1);
    expect((await live.get('/api/v1/me')).status).toBe(200);
  });
});

describe('embedded start (no PostgreSQL server, no worker)', () => {
  let embedded: TestPlatform;
  beforeAll(async () => {
    embedded = await startJobsPlatform({ embedded: true, channels: { sms: { url: `${gateway.url}/sms`, secret: SECRET } } });
  });
  afterAll(async () => {
    await embedded?.close();
  });

  it('sends after the commit, never after a rollback, and the sweeper retries what failed', async () => {
    const ctx = await contextOf(embedded, 'funing.staff');
    const deps = embedded.platform.deps;
    expect(deps.jobs.kind).toBe('inline');
    const queue = async (recipient: string, rollback = false) => withContext(deps.handle, ctx, async (tx) => {
      await sendMessage(tx, deps, { tenantId: ctx.tenantId!, channel: 'sms', recipient, body: 'embedded', kind: 'case.replied' });
      if (rollback) throw new Error('rollback');
    }).catch(() => {});
    const row = async (recipient: string) => (await asOwner(embedded.platform.owner!, async (tx) => rowsOf<{ id: string; status: string; attempts: number; created_at: Date }>(
      await tx.execute(sql`select id, status, attempts, created_at from deliveries where recipient = ${recipient}`))))[0];
    await queue('13900000040', true);
    await queue('13900000041');
    await eventually(async () => (await row('13900000041'))?.status === 'sent', 10_000, 'sent after commit');
    expect(await row('13900000040')).toBeUndefined();
    expect([...sentToPhones.values()]).not.toContain('13900000040');
    // A send that failed stays pending until the sweeper's next round picks it up.
    Object.assign(deps, { channels: createChannels({ sms: { url: `${gateway.url}/down`, secret: SECRET } }) });
    await queue('13900000042');
    await eventually(async () => (await row('13900000042'))?.attempts === 1, 10_000, 'the failed first try');
    expect((await row('13900000042')).status).toBe('pending');
    Object.assign(deps, { channels: createChannels({ sms: { url: `${gateway.url}/sms`, secret: SECRET } }) });
    await asOwner(embedded.platform.owner!, (tx) => tx.execute(sql`update deliveries set created_at = now() - interval '1 minute' where recipient = '13900000042'`));
    await (deps.jobs as InlineJobQueue).run(JOB.sweep, {});
    await eventually(async () => (await row('13900000042')).status === 'sent', 10_000, 'sent by the sweeper');
    expect((await row('13900000042')).attempts).toBe(2);
  });
});
