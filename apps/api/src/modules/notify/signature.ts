import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-Renda-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, the scheme of
 * outbound webhooks and of the SMS and WeChat gateway calls. The timestamp inside the signed text
 * lets a receiver refuse replays older than a few minutes.
 * @example signatureHeader('whsec_…', '{"id":"…"}') // "t=1767225600,v1=5f0c…"
 */
export function signatureHeader(secret: string, body: string, now: Date = new Date()): string {
  const t = Math.floor(now.getTime() / 1000);
  const v1 = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * Check a signature header the way a receiver should: HMAC over the raw body, constant-time
 * compare, and a timestamp no older than `toleranceSeconds`.
 * @example verifySignature(secret, req.headers['x-renda-signature'], rawBody) // true
 */
export function verifySignature(secret: string, header: string | null | undefined, body: string, toleranceSeconds = 300, now: Date = new Date()): boolean {
  const parts = Object.fromEntries((header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/.test(parts.v1 ?? '')) return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(parts.v1, 'hex'));
}
