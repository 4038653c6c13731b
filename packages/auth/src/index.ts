export * from './session-token.ts';
export * from './password.ts';
export * from './totp.ts';

/** Sessions end after 30 days without use; each use within the last 15 days extends them. */
export const SESSION_LIFETIME_MS = 30 * 24 * 3600 * 1000;
export const SESSION_RENEW_MS = 15 * 24 * 3600 * 1000;
