import { createHmac, timingSafeEqual } from 'node:crypto';

/** A code is drawn for a 30-second window; the current and the previous window are accepted. */
export const WINDOW_SECONDS = 30;
/** How often the staff screen fetches a new code: twice per window, so it never shows a dying one. */
export const REFRESH_SECONDS = 15;
const MAC_BYTES = 16;
const PAYLOAD_BYTES = 16 + 4;

/** The 30-second window a moment falls in. */
export function windowOf(now: Date): number {
  return Math.floor(now.getTime() / 1000 / WINDOW_SECONDS);
}

function uuidBytes(id: string): Buffer {
  return Buffer.from(id.replace(/-/g, ''), 'hex');
}

function bytesToUuid(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function payloadOf(eventId: string, window: number): Buffer {
  const payload = Buffer.alloc(PAYLOAD_BYTES);
  uuidBytes(eventId).copy(payload, 0);
  payload.writeUInt32BE(window, 16);
  return payload;
}

function macOf(secret: Uint8Array, payload: Buffer): Buffer {
  return createHmac('sha256', secret).update(payload).digest().subarray(0, MAC_BYTES);
}

/**
 * The check-in code of an event for the window `now` falls in:
 * base64url(event id bytes + 4-byte window) + '.' + base64url(first 16 bytes of HMAC-SHA256).
 * `expiresAt` is the end of the next window, the last moment the code is accepted.
 * @example const { token } = issueCheckinToken(event.id, event.checkinSecret, new Date());
 */
export function issueCheckinToken(eventId: string, secret: Uint8Array, now: Date): { token: string; expiresAt: Date } {
  const window = windowOf(now);
  const payload = payloadOf(eventId, window);
  const token = `${payload.toString('base64url')}.${macOf(secret, payload).toString('base64url')}`;
  return { token, expiresAt: new Date((window + 2) * WINDOW_SECONDS * 1000) };
}

export interface ParsedCheckinToken {
  eventId: string;
  window: number;
  payload: Buffer;
  mac: Buffer;
}

/**
 * Split a token into the event id, its window and the MAC, without trusting any of it yet;
 * null when it is not shaped like a code we issue.
 * @example readCheckinToken('abc') // null
 */
export function readCheckinToken(token: string): ParsedCheckinToken | null {
  const parts = token.split('.');
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return null;
  const payload = Buffer.from(parts[0], 'base64url');
  const mac = Buffer.from(parts[1], 'base64url');
  // Re-encoding must give back the same text, so one code has exactly one spelling.
  if (payload.length !== PAYLOAD_BYTES || mac.length !== MAC_BYTES) return null;
  if (payload.toString('base64url') !== parts[0] || mac.toString('base64url') !== parts[1]) return null;
  return { eventId: bytesToUuid(payload.subarray(0, 16)), window: payload.readUInt32BE(16), payload, mac };
}

/**
 * Check a parsed token against the event's secret at `now`. The MAC is checked first and in
 * constant time, so a forged code never learns whether its window would have been accepted;
 * a genuine code older than the previous window is `expired` (a photo of yesterday's screen),
 * and one from a window not yet begun is `forged` (we never issue those).
 * @example verifyCheckinToken(parsed, secret, new Date()) // 'ok' | 'expired' | 'forged'
 */
export function verifyCheckinToken(parsed: ParsedCheckinToken, secret: Uint8Array, now: Date): 'ok' | 'expired' | 'forged' {
  if (!timingSafeEqual(macOf(secret, parsed.payload), parsed.mac)) return 'forged';
  const current = windowOf(now);
  if (parsed.window > current) return 'forged';
  if (parsed.window < current - 1) return 'expired';
  return 'ok';
}

/** Codes are drawn and accepted from two hours before the start to two hours after the end. */
export const CHECKIN_MARGIN_MS = 2 * 3600 * 1000;

/**
 * Whether check-in is open for an event at `now`: it is scheduled (not cancelled or closed)
 * and `now` lies within the margin around its start and end.
 * @example checkinOpen({ state: 'scheduled', startsAt, endsAt }, new Date())
 */
export function checkinOpen(event: { state: string; startsAt: string; endsAt: string }, now: Date): boolean {
  const t = now.getTime();
  return event.state === 'scheduled' && t >= Date.parse(event.startsAt) - CHECKIN_MARGIN_MS && t <= Date.parse(event.endsAt) + CHECKIN_MARGIN_MS;
}
