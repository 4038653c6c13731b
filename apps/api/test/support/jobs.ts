import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DEMO_PASSWORD } from '@renda/config';
import { createDatabase, dropDatabase, urlsFor } from '../../../../tests/support/databases.ts';
import { bootPlatform, type PlatformConfig } from '../../src/boot.ts';
import { createApp } from '../../src/app.ts';
import { Client, realPostgres, type TestPlatform } from './platform.ts';

/**
 * A test platform like startTestPlatform's, with the job timings, channels and queue options a
 * jobs test needs (short delays instead of 30-second sleeps).
 */
export async function startJobsPlatform(extra: Pick<PlatformConfig, 'jobs' | 'channels' | 'queue'> & { embedded?: boolean } = {}): Promise<TestPlatform> {
  const { embedded, ...config } = extra;
  const databaseName = realPostgres && !embedded ? await createDatabase('renda_t') : null;
  const redisPrefix = `renda-test:${randomBytes(4).toString('hex')}:`;
  const platform = await bootPlatform({
    ...(databaseName ? urlsFor(databaseName) : {}),
    redisUrl: embedded ? undefined : process.env.REDIS_URL, redisPrefix, dataDir: null, production: false, poolMax: 5, seedDemo: true, ...config,
    log: () => {},
  });
  const app = createApp(platform.deps);
  return {
    platform, app, databaseName, redisPrefix,
    client: () => new Client(app),
    async as(username, password = DEMO_PASSWORD) {
      const c = new Client(app);
      const res = await c.post('/api/v1/auth/login', { login: username, password });
      if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status}`);
      return c;
    },
    async close() {
      await platform.close();
      if (databaseName) await dropDatabase(databaseName);
    },
  };
}

export interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** A local HTTP receiver on 127.0.0.1 whose answer each test decides. */
export async function startReceiver(answer: (req: Received, res: ServerResponse) => void = (_, res) => res.end('ok')) {
  const received: Received[] = [];
  const waiters: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      received.push(r);
      waiters.splice(0).forEach((w) => w());
      answer(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Resolve once `count` requests arrived, or fail after `ms`. */
    async waitFor(count: number, ms = 20_000) {
      const deadline = Date.now() + ms;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`receiver got ${received.length} of ${count} requests`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return received;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Poll `fn` until it returns something truthy, or fail after `ms`. */
export async function eventually<T>(fn: () => Promise<T | false | null | undefined>, ms = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const workerMain = fileURLToPath(new URL('../../../worker/src/main.ts', import.meta.url));

/** The real worker (apps/worker) as a child process, resolved once it says it started. */
export async function spawnWorker(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string; stop(signal?: NodeJS.Signals): Promise<void> }> {
  const child = spawn(process.execPath, [workerMain], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker did not start:\n${output}`)), 30_000);
    const check = () => {
      if (output.includes('worker started')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
