/**
 * The clock of events and check-in. Every decision that depends on the time (upcoming or past,
 * RSVP still open, the check-in window, the code's 30-second window) reads `eventClock.now()`
 * once per request and passes the value down, so tests can move time by replacing `now`
 * instead of sleeping.
 * @example eventClock.now = () => new Date('2026-06-01T01:00:00Z'); // in a test only
 */
export const eventClock: { now: () => Date } = { now: () => new Date() };
