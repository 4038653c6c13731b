import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, urlsFor } from '../../support/databases.ts';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

/**
 * Start the whole platform (API and the built web app on one port) as its own process, with
 * the demo seeded: on a fresh database when DATABASE_URL and MIGRATION_DATABASE_URL are set,
 * else embedded in a temporary DATA_DIR. Resolves once /api/ready answers.
 */
export async function startServer(): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  const port = 3400 + Math.floor(Math.random() * 1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'renda-e2e-'));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_REQUESTS: '0', NODE_ENV: 'test' };
  let database: string | null = null;
  if (process.env.DATABASE_URL && process.env.MIGRATION_DATABASE_URL) {
    database = await createDatabase('renda_e2e');
    const urls = urlsFor(database);
    env.DATABASE_URL = urls.databaseUrl;
    env.MIGRATION_DATABASE_URL = urls.migrationUrl;
    env.REDIS_PREFIX = `renda-e2e:${randomBytes(3).toString('hex')}:`;
  }
  const child: ChildProcess = spawn(process.execPath, [join(root, 'apps/api/src/main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d) => { output += d; });
  child.stderr?.on('data', (d) => { output += d; });
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/api/ready`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready after 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      if (database) await dropDatabase(database);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
