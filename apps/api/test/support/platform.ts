import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, dropDatabase, urlsFor } from '../../../../tests/support/databases.ts';
import { bootPlatform, type Platform } from '../../src/boot.ts';
import { createApp } from '../../src/app.ts';
import { DEMO_PASSWORD } from '@renda/config';

/**
 * A platform of its own for one test file: with DATABASE_URL and MIGRATION_DATABASE_URL set, a
 * fresh database on that server (migrated as the owner, used as the app role); otherwise PGlite
 * in memory, switched to the app role in every transaction. With REDIS_URL, real Redis under a
 * fresh key prefix; otherwise the in-process stand-in. The demo province is seeded either way.
 */
export interface TestPlatform {
  platform: Platform;
  app: ReturnType<typeof createApp>;
  databaseName: string | null;
  redisPrefix: string;
  client(): Client;
  as(username: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

export const realPostgres = Boolean(process.env.DATABASE_URL && process.env.MIGRATION_DATABASE_URL);
export const realRedis = Boolean(process.env.REDIS_URL);

export async function startTestPlatform(options: { poolMax?: number; production?: boolean; uploadMaxBytes?: number } = {}): Promise<TestPlatform> {
  const databaseName = realPostgres ? await createDatabase('renda_t') : null;
  const redisPrefix = `renda-test:${randomBytes(4).toString('hex')}:`;
  // Uploaded bytes go to a directory of this test file's own, removed on close.
  const filesDir = mkdtempSync(join(tmpdir(), 'renda-test-files-'));
  const platform = await bootPlatform({
    ...(databaseName ? urlsFor(databaseName) : {}),
    redisUrl: process.env.REDIS_URL,
    redisPrefix,
    dataDir: null,
    production: false,
    poolMax: options.poolMax ?? 5,
    seedDemo: true,
    storage: { kind: 'local', dir: filesDir },
    uploadMaxBytes: options.uploadMaxBytes,
  });
  if (options.production) Object.assign(platform.deps, { production: true, demo: false });
  const app = createApp(platform.deps);
  const tp: TestPlatform = {
    platform, app, databaseName, redisPrefix,
    client: () => new Client(app),
    async as(username, password = DEMO_PASSWORD) {
      const c = new Client(app);
      const res = await c.post('/api/v1/auth/login', { login: username, password });
      if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
      return c;
    },
    async close() {
      await platform.close();
      if (databaseName) await dropDatabase(databaseName);
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
  return tp;
}

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A browser-like client: keeps the session cookie and sends Origin on writes. */
export class Client {
  cookie = '';
  headers: Record<string, string> = {};
  private readonly app: ReturnType<typeof createApp>;

  constructor(app: ReturnType<typeof createApp>) {
    this.app = app;
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const init: RequestInit = {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' ? { origin: 'http://localhost' } : {}),
        host: 'localhost',
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...this.headers,
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    };
    const res = await this.app.request(`http://localhost${path}`, init);
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const match = /renda_session=([^;]*)/.exec(setCookie);
      if (match) this.cookie = match[1] ? `renda_session=${match[1]}` : '';
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON; keep the text
    }
    return { status: res.status, body: parsed, headers: res.headers };
  }

  get(path: string, headers?: Record<string, string>) {
    return this.request('GET', path, undefined, headers);
  }
  post(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request('POST', path, body ?? {}, headers);
  }
  put(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PUT', path, body, headers);
  }
  patch(path: string, body: unknown, headers?: Record<string, string>) {
    return this.request('PATCH', path, body, headers);
  }
  delete(path: string, headers?: Record<string, string>) {
    return this.request('DELETE', path, undefined, headers);
  }
}
