import { assertAppRole, openPostgres } from '@renda/db';
import { loadEnv } from './env.ts';
import { createQueue, installQueue } from './queue.ts';
import { registerJobs } from './jobs.ts';

const env = loadEnv();
const log = (line: object) => console.log(JSON.stringify({ t: new Date().toISOString(), app: 'worker', ...line }));
if (env.MIGRATION_DATABASE_URL) await installQueue(env.MIGRATION_DATABASE_URL);
const handle = await openPostgres(env.DATABASE_URL, { max: 4 });
await assertAppRole(handle);
const boss = createQueue(env.DATABASE_URL);
boss.on('error', (error) => log({ level: 'error', error: String(error) }));
await boss.start();
await registerJobs(boss, handle, log);
log({ msg: 'worker started' });

async function shutdown() {
  await boss.stop({ graceful: true });
  await handle.close();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());
