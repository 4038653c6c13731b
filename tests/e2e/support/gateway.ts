// A stand-in for the SMS and WeChat gateways the platform's channels post to: a local HTTP server
// on 127.0.0.1 that checks each call's HMAC signature the way a real gateway must, keeps every
// message it accepted, and drops a second call with a delivery id it has already seen (answering
// 2xx, as the platform's retry-after-crash contract expects). Tests read the messages from here.

import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type GatewayChannel = 'sms' | 'wechat';

/** One message as the gateway accepted it. */
export interface GatewayMessage {
  /** The delivery id (`X-Renda-Delivery`, also `id` in the body). */
  id: string;
  channel: GatewayChannel;
  to: string;
  subject: string;
  body: string;
  receivedAt: number;
}

/** A call the gateway refused, and why (bad signature, mismatched ids, unreadable body). */
export interface GatewayRejection {
  channel: string;
  reason: string;
  status: number;
}

export interface Gateway {
  /** Base URL; the SMS channel posts to `<url>/sms`, WeChat to `<url>/wechat`. */
  url: string;
  secret: string;
  /** Environment for the platform's processes. */
  env: Record<string, string>;
  /** Accepted messages, in arrival order (one per delivery id). */
  readonly messages: readonly GatewayMessage[];
  /** Every call that carried an already-seen delivery id, as the id. */
  readonly duplicates: readonly string[];
  readonly rejected: readonly GatewayRejection[];
  /** How many calls carried each delivery id (accepted or duplicate). */
  readonly hits: ReadonlyMap<string, number>;
  /**
   * The first accepted message matching `match` (already received or arriving later), or a
   * rejection naming what was received when `timeoutMs` passes.
   */
  waitFor(match: (m: GatewayMessage) => boolean, what: string, timeoutMs?: number): Promise<GatewayMessage>;
  close(): Promise<void>;
}

/**
 * The receiver's side of `X-Renda-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`,
 * written here independently of the platform's code so that a change on the sending side that
 * breaks the scheme fails the test.
 */
export function signatureValid(secret: string, header: string | undefined, rawBody: string, toleranceSeconds = 300): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((p) => {
    const at = p.indexOf('=');
    return [p.slice(0, at).trim(), p.slice(at + 1).trim()] as const;
  }));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(v1)) return false;
  if (Math.abs(Date.now() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  return timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the gateway on a free port of 127.0.0.1. */
export async function startGateway(secret = `gw-secret-${Math.random().toString(36).slice(2)}-e2e`): Promise<Gateway> {
  const messages: GatewayMessage[] = [];
  const duplicates: string[] = [];
  const rejected: GatewayRejection[] = [];
  const hits = new Map<string, number>();
  const waiters = new Set<(m: GatewayMessage) => void>();

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const path = new URL(req.url ?? '/', 'http://gateway').pathname;
    const channel = path.replace(/^\//, '');
    const refuse = (status: number, reason: string) => {
      rejected.push({ channel, reason, status });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: reason }));
    };
    if (req.method !== 'POST' || (channel !== 'sms' && channel !== 'wechat')) return refuse(404, `no route ${req.method} ${path}`);
    const raw = await readBody(req);
    const header = req.headers['x-renda-signature'];
    if (!signatureValid(secret, Array.isArray(header) ? header[0] : header, raw)) return refuse(401, 'bad signature');
    let payload: { id?: unknown; channel?: unknown; to?: unknown; subject?: unknown; body?: unknown };
    try {
      payload = JSON.parse(raw);
    } catch {
      return refuse(400, 'body is not JSON');
    }
    const id = req.headers['x-renda-delivery'];
    if (typeof id !== 'string' || !id || payload.id !== id) return refuse(400, 'X-Renda-Delivery missing or not the body id');
    if (payload.channel !== channel || req.headers['x-renda-channel'] !== channel) return refuse(400, `channel ${String(payload.channel)} posted to /${channel}`);
    if (typeof payload.to !== 'string' || typeof payload.body !== 'string') return refuse(400, 'to and body must be strings');
    hits.set(id, (hits.get(id) ?? 0) + 1);
    if (hits.get(id)! > 1) {
      // Already sent: acknowledge without sending again.
      duplicates.push(id);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, duplicate: true }));
      return;
    }
    const message: GatewayMessage = { id, channel, to: payload.to, subject: typeof payload.subject === 'string' ? payload.subject : '', body: payload.body, receivedAt: Date.now() };
    messages.push(message);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
    for (const waiter of [...waiters]) waiter(message);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      rejected.push({ channel: req.url ?? '', reason: String(error), status: 500 });
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    secret,
    env: { SMS_WEBHOOK_URL: `${url}/sms`, SMS_WEBHOOK_SECRET: secret, WECHAT_WEBHOOK_URL: `${url}/wechat`, WECHAT_WEBHOOK_SECRET: secret },
    messages,
    duplicates,
    rejected,
    hits,
    waitFor(match, what, timeoutMs = 20_000) {
      const found = messages.find(match);
      if (found) return Promise.resolve(found);
      return new Promise<GatewayMessage>((resolve, reject) => {
        const waiter = (m: GatewayMessage) => {
          if (!match(m)) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve(m);
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          const seen = messages.map((m) => `  ${m.channel} → ${m.to}: ${m.body}`).join('\n') || '  (none)';
          reject(new Error(`gateway: no message ${what} within ${timeoutMs} ms; received:\n${seen}\nrejected: ${JSON.stringify(rejected)}`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
