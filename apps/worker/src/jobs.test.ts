import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { asOwner } from '@renda/db';
import { realPostgres, startTestPlatform, type TestPlatform } from '../../api/test/support/platform.ts';
import { purgeExpired, registerJobs, PURGE_QUEUE } from './jobs.ts';
import { createQueue, installQueue } from './queue.ts';

let tp: TestPlatform;
beforeAll(async () => { tp = await startTestPlatform(); });
afterAll(async () => { await tp?.close(); });

async function expireOneSession() {
  await tp.as('funing.staff');
  await asOwner(tp.platform.owner!, (tx) => tx.execute(sql`update sessions set expires_at = now() - interval '1 minute'
    where id = (select id from sessions order by created_at desc limit 1)`));
}

describe('maintenance jobs', () => {
  it('purges expired sessions as the app role and keeps live ones', async () => {
    const live = await tp.as('sheyang.staff');
    await expireOneSession();
    const result = await purgeExpired(tp.platform.deps.handle);
    expect(result.sessions).toBe(1);
    expect((await live.get('/api/v1/me')).status).toBe(200);
  });

  // pg-boss needs a PostgreSQL server; the embedded start runs the same job on a timer.
  it.runIf(realPostgres)('runs the purge through pg-boss as the app role', async () => {
    const url = (name: string) => { const u = new URL(process.env[name]!); u.pathname = `/${tp.databaseName}`; return u.toString(); };
    await installQueue(url('MIGRATION_DATABASE_URL'));
    const boss = createQueue(url('DATABASE_URL'), { schedule: false, supervise: false });
    await boss.start();
    try {
      await registerJobs(boss, tp.platform.deps.handle, () => {});
      await expireOneSession();
      const id = await boss.send(PURGE_QUEUE, {});
      let state = '';
      for (let i = 0; i < 100 && state !== 'completed'; i++) {
        await new Promise((r) => setTimeout(r, 200));
        state = (await boss.getJobById(PURGE_QUEUE, id!))?.state ?? '';
      }
      expect(state).toBe('completed');
      expect((await boss.getJobById(PURGE_QUEUE, id!))?.output).toMatchObject({ sessions: 1 });
    } finally {
      await boss.stop({ graceful: false });
    }
  });
});
