import { createServer } from 'node:http';
import { sql } from 'drizzle-orm';
import { asOwner } from '@renda/db';
import { hashPassword, verifyPassword } from '@renda/auth';
import { getRequestListener } from '@hono/node-server';
import autocannon from 'autocannon';
import type { Platform } from '../../apps/api/src/boot.ts';
import { createApp } from '../../apps/api/src/app.ts';
import { row } from './stats.ts';

/**
 * Login throughput over HTTP (argon2id, session insert, cookie, /me payload) against bare
 * argon2id verification at the same concurrency: the ratio is what everything around the
 * hash costs. Accounts are distinct so the per-account throttle never fires.
 */
export async function loginBench(platform: Platform) {
  const accounts = 400;
  const password = 'bench-password-2026';
  const hash = await hashPassword(password);
  await asOwner(platform.owner!, (tx) => tx.execute(sql`update users set password_hash = ${hash} where username like 'bench.%' and username in (
    select username from users where username like 'bench.%' order by username limit ${accounts})`));
  const logins = await asOwner(platform.owner!, async (tx) => {
    const r = await tx.execute(sql`select username from users where username like 'bench.%' order by username limit ${accounts}`);
    return (Array.isArray(r) ? r : (r as { rows: { username: string }[] }).rows).map((x: any) => x.username as string);
  });
  const seconds = Number(process.env.BENCH_SECONDS ?? 8);
  const connections = 8;

  // Bare argon2id verification, 8 at a time, for the same duration.
  let verified = 0;
  const until = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: connections }, async () => {
    while (Date.now() < until) {
      await verifyPassword(hash, password);
      verified++;
    }
  }));
  const bare = verified / seconds;

  const app = createApp(platform.deps);
  const server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  let i = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}/api/v1/auth/login`, connections, duration: seconds, method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${port}` },
    requests: [{ setupRequest: (req: any) => ({ ...req, body: JSON.stringify({ login: logins[i++ % logins.length], password }) }) }],
  });
  // Let in-flight requests finish before the platform closes its connections.
  server.closeIdleConnections();
  await new Promise((r) => server.close(r));
  const ok = result['2xx'];
  const http = ok / seconds;
  console.log(`## Login throughput\n\n${connections} concurrent clients for ${seconds} s, ${accounts} distinct accounts.\n`);
  row(['what', 'per second', 'p50 latency', 'p99 latency', 'vs. bare argon2id']);
  row(['---', '---:', '---:', '---:', '---:']);
  row(['bare argon2id verify', bare.toFixed(1), '', '', '1.00']);
  row([`POST /api/v1/auth/login (${ok} ok, ${result.non2xx} not)`, http.toFixed(1), `${result.latency.p50} ms`, `${result.latency.p99} ms`, (http / bare).toFixed(2)]);
  console.log('');
}
