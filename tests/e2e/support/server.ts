import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { createDatabase, dropDatabase, urlsFor } from '../../support/databases.ts';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));

export interface ServerOptions {
  /** Extra environment for the platform's processes, e.g. SMS_WEBHOOK_URL and SMS_WEBHOOK_SECRET. */
  env?: Record<string, string>;
  /**
   * Also start the worker (`apps/worker/src/main.ts`) next to the API when running on
   * PostgreSQL, as deployments do; on the embedded start the API runs the jobs itself.
   */
  worker?: boolean;
}

export interface RunningServer {
  baseUrl: string;
  /** True on the embedded start (PGlite in a temporary DATA_DIR), false on PostgreSQL. */
  embedded: boolean;
  /** What the API process wrote to stdout and stderr so far. */
  apiOutput(): string;
  /** What the worker wrote so far (stdout and stderr apart), or null when none runs. */
  workerOutput(): { stdout: string; stderr: string } | null;
  stop(): Promise<void>;
}

function collect(child: ChildProcess) {
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d) => { out.stdout += d; });
  child.stderr?.on('data', (d) => { out.stderr += d; });
  return out;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Start the whole platform (API and the built web app on one port) as its own process, with
 * the demo seeded: on a fresh database when DATABASE_URL and MIGRATION_DATABASE_URL are set,
 * else embedded in a temporary DATA_DIR. Resolves once /api/ready answers (and, with
 * `worker`, once the worker reports it started).
 */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const port = 3400 + Math.floor(Math.random() * 1000);
  const dataDir = mkdtempSync(join(tmpdir(), 'renda-e2e-'));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_REQUESTS: '0', NODE_ENV: 'test', ...options.env };
  let database: string | null = null;
  if (process.env.DATABASE_URL && process.env.MIGRATION_DATABASE_URL) {
    database = await createDatabase('renda_e2e');
    const urls = urlsFor(database);
    env.DATABASE_URL = urls.databaseUrl;
    env.MIGRATION_DATABASE_URL = urls.migrationUrl;
    env.REDIS_PREFIX = `renda-e2e:${randomBytes(3).toString('hex')}:`;
  }
  const child: ChildProcess = spawn(process.execPath, [join(root, 'apps/api/src/main.ts')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const api = collect(child);
  const apiOutput = () => api.stdout + api.stderr;
  let worker: ChildProcess | null = null;
  let workerOut: { stdout: string; stderr: string } | null = null;
  const cleanup = async () => {
    await Promise.all([stopChild(child), worker ? stopChild(worker) : null]);
    if (database) await dropDatabase(database);
    rmSync(dataDir, { recursive: true, force: true });
  };
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited early:\n${apiOutput()}`);
      try {
        const res = await fetch(`${baseUrl}/api/ready`);
        if (res.ok) break;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`server not ready after 60 s:\n${apiOutput()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    // The worker starts once the API has migrated the database, so the two never migrate at once.
    if (options.worker && database) {
      worker = spawn(process.execPath, [join(root, 'apps/worker/src/main.ts')], {
        env: { WORKER_POLL_SECONDS: '0.5', WORKER_SUPERVISE_SECONDS: '5', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      workerOut = collect(worker);
      const started = Date.now() + 60_000;
      while (!workerOut.stdout.includes('"worker started"')) {
        if (worker.exitCode !== null) throw new Error(`worker exited early:\n${workerOut.stdout}${workerOut.stderr}`);
        if (Date.now() > started) throw new Error(`worker not started after 60 s:\n${workerOut.stdout}${workerOut.stderr}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  } catch (error) {
    await cleanup();
    throw error;
  }
  return {
    baseUrl,
    embedded: !env.DATABASE_URL,
    apiOutput,
    workerOutput: () => (workerOut ? { ...workerOut } : null),
    stop: cleanup,
  };
}
