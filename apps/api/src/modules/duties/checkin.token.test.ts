import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WINDOW_SECONDS, checkinOpen, issueCheckinToken, readCheckinToken, verifyCheckinToken, windowOf } from './checkin.token.ts';

const eventId = randomUUID();
const secret = randomBytes(32);
// The start of a window, so that adding seconds moves across windows predictably.
const t0 = new Date(windowOf(new Date('2026-06-01T01:00:10Z')) * WINDOW_SECONDS * 1000);
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

function check(token: string, now: Date, key: Uint8Array = secret) {
  const parsed = readCheckinToken(token);
  if (!parsed) return 'malformed';
  return verifyCheckinToken(parsed, key, now);
}

describe('check-in tokens', () => {
  it('round-trips the event id and is URL-safe', () => {
    const { token } = issueCheckinToken(eventId, secret, t0);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(readCheckinToken(token)?.eventId).toBe(eventId);
    expect(readCheckinToken(token)?.window).toBe(windowOf(t0));
  });

  it('accepts a code in its own window and in the next one, then calls it expired', () => {
    const { token, expiresAt } = issueCheckinToken(eventId, secret, at(5));
    expect(check(token, at(5))).toBe('ok');
    expect(check(token, at(29))).toBe('ok');
    expect(check(token, at(59))).toBe('ok');
    expect(check(token, at(60))).toBe('expired');
    expect(check(token, at(3600))).toBe('expired');
    expect(expiresAt.getTime()).toBe(at(60).getTime());
  });

  it('calls a code from a window that has not begun forged', () => {
    const { token } = issueCheckinToken(eventId, secret, at(30));
    expect(check(token, at(29))).toBe('forged');
  });

  it('refuses a code signed with another event secret', () => {
    const { token } = issueCheckinToken(eventId, randomBytes(32), t0);
    expect(check(token, t0)).toBe('forged');
  });

  it('refuses a code whose event id or window was altered after signing', () => {
    const { token } = issueCheckinToken(eventId, secret, t0);
    const parsed = readCheckinToken(token)!;
    const [, mac] = token.split('.');
    const otherEvent = Buffer.from(parsed.payload);
    otherEvent[0] ^= 1;
    expect(check(`${otherEvent.toString('base64url')}.${mac}`, t0)).toBe('forged');
    const laterWindow = Buffer.from(parsed.payload);
    laterWindow.writeUInt32BE(parsed.window - 1, 16);
    expect(check(`${laterWindow.toString('base64url')}.${mac}`, t0)).toBe('forged');
  });

  it('refuses a flipped MAC bit', () => {
    const { token } = issueCheckinToken(eventId, secret, t0);
    const parsed = readCheckinToken(token)!;
    const mac = Buffer.from(parsed.mac);
    mac[15] ^= 0x80;
    expect(check(`${token.split('.')[0]}.${mac.toString('base64url')}`, t0)).toBe('forged');
  });

  it('reads nothing from text that is not shaped like a code', () => {
    const { token } = issueCheckinToken(eventId, secret, t0);
    const [payload, mac] = token.split('.');
    for (const bad of ['', 'abc', `${payload}`, `${payload}.${mac}.x`, `${payload}.${mac}AA`, `${payload.slice(1)}.${mac}`, `${payload}=.${mac}`, `${payload}.${mac.slice(0, -1)}+`]) {
      expect(readCheckinToken(bad)).toBeNull();
    }
  });
});

describe('the check-in window', () => {
  const event = { state: 'scheduled', startsAt: '2026-06-01T01:00:00.000Z', endsAt: '2026-06-01T03:00:00.000Z' };
  const when = (iso: string) => new Date(iso);

  it('opens two hours before the start and closes two hours after the end', () => {
    expect(checkinOpen(event, when('2026-05-31T22:59:59.999Z'))).toBe(false);
    expect(checkinOpen(event, when('2026-05-31T23:00:00.000Z'))).toBe(true);
    expect(checkinOpen(event, when('2026-06-01T05:00:00.000Z'))).toBe(true);
    expect(checkinOpen(event, when('2026-06-01T05:00:00.001Z'))).toBe(false);
  });

  it('stays shut for a cancelled or closed event', () => {
    for (const state of ['cancelled', 'closed']) expect(checkinOpen({ ...event, state }, when('2026-06-01T02:00:00Z'))).toBe(false);
  });
});
