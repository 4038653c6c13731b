// @ts-check
// Roll-up reads: staff of every tier read lists that cover their whole subtree. A province's staff
// see ~1,500 congresses below them, a city's a few hundred, a county's a few dozen, so the same
// request does very different amounts of work per tier; this script measures each tier apart.
//
// setup() logs in each staff account once and keeps its session. Each iteration then takes one
// session and reads, following nextCursor for up to PAGES pages of 50:
//   GET /api/v1/tenants/:id/children   (the tree below the active tenant)
//   GET /api/v1/memberships?limit=50   (accounts of the subtree, phones masked above own tenant)
//   GET /api/v1/audit?limit=50         (audit trail of the subtree)
// Every request is tagged with the session's tier (province, city, county, township), and the
// thresholds hold p(95) < P95_MS per tier.
//
//   k6 run -e BASE_URL=https://renda.example.gov.cn -e ACCOUNTS_FILE=/abs/staff.csv \
//     -e RATE=20 -e DURATION=5m tests/load/rollup-reads.js
//
// Environment: BASE_URL, ACCOUNTS_FILE (default the demo accounts), RATE (iterations/s, default
// 20; each is up to 3 × PAGES requests), DURATION (default 5m), PAGES (default 3), P95_MS
// (default 300), MAX_SESSIONS (staff sessions opened in setup, default 300).

import http from 'k6/http';
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { BASE_URL, loadAccounts, login, readPages, authed, jsonOf } from './lib.js';

const accounts = loadAccounts();

const RATE = Number(__ENV.RATE || 20);
const DURATION = __ENV.DURATION || '5m';
const PAGES = Number(__ENV.PAGES || 3);
const P95_MS = Number(__ENV.P95_MS || 300);
const MAX_SESSIONS = Number(__ENV.MAX_SESSIONS || 300);
const TIERS = ['province', 'city', 'county', 'township'];
// Roles that work in a congress's office and read roll-ups. Deputies and handling-unit officers
// use other screens; their accounts in the CSV are skipped.
const STAFF_ROLES = ['platform_admin', 'tenant_admin', 'staff', 'committee_member'];

/** @type {Record<string, string[]>} */
const thresholds = {
  http_req_failed: ['rate<0.01'],
  checks: ['rate>0.99'],
};
for (const tier of TIERS) {
  // Sub-metric per tier. A tier with no staff in the CSV has no samples and passes vacuously;
  // setup() prints which tiers it found.
  thresholds[`http_req_duration{tier:${tier}}`] = [`p(95)<${P95_MS}`];
}

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    rollup_reads: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: Math.max(5, Math.ceil(RATE * 2)),
      maxVUs: Math.max(20, Math.ceil(RATE * 10)),
    },
  },
  thresholds,
  // Logging in a few hundred accounts one at a time, with back-off on 429, takes a while.
  setupTimeout: '10m',
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

/**
 * @typedef {{ login: string, cookie: string, tier: string, tenantId: string,
 *   memberships: boolean, audit: boolean }} StaffSession
 */

/**
 * Logs in each account once, one at a time (gentle on the per-client login limiter), waiting out
 * Retry-After on 429. Keeps the staff sessions and probes which lists each may read: a 403 or a
 * 404 (module off) at setup means this account has no business reading that list, which is not a
 * failure of the system under test.
 * @returns {{ sessions: StaffSession[] }}
 */
export function setup() {
  /** @type {StaffSession[]} */
  const sessions = [];
  /** @type {Record<string, number>} */
  const perTier = {};
  for (let i = 0; i < accounts.length && sessions.length < MAX_SESSIONS; i++) {
    const account = accounts[i];
    const session = openStaffSession(account);
    if (session === null) continue;
    sessions.push(session);
    perTier[session.tier] = (perTier[session.tier] || 0) + 1;
  }
  if (sessions.length === 0) {
    exec.test.abort('no staff session could be opened: check BASE_URL and ACCOUNTS_FILE');
  }
  console.log(`rollup-reads: ${sessions.length} staff sessions by tier ${JSON.stringify(perTier)}`);
  return { sessions };
}

/**
 * @param {{ login: string, password: string }} account
 * @returns {StaffSession | null}
 */
function openStaffSession(account) {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const { res, cookie, me } = login(account, { phase: 'setup' });
    if (res.status === 429) {
      sleep(Math.min(Number(res.headers['Retry-After']) || 5, 60));
      continue;
    }
    if (res.status !== 200 || cookie === null || me === null || !me.tenant) {
      console.warn(`rollup-reads: login ${account.login} answered ${res.status}; skipped`);
      return null;
    }
    const roles = Array.isArray(me.roles) ? me.roles : [];
    if (!roles.some((/** @type {string} */ r) => STAFF_ROLES.indexOf(r) !== -1)) return null;
    return {
      login: account.login,
      cookie,
      tier: String(me.tenant.level),
      tenantId: String(me.tenant.id),
      memberships: canRead(cookie, '/api/v1/memberships?limit=1'),
      audit: canRead(cookie, '/api/v1/audit?limit=1'),
    };
  }
  console.warn(`rollup-reads: login ${account.login} still throttled after 3 attempts; skipped`);
  return null;
}

/**
 * @param {string} cookie
 * @param {string} path
 */
function canRead(cookie, path) {
  const params = authed(cookie, 'setup probe', { phase: 'setup' });
  params.responseCallback = http.expectedStatuses(200, 403, 404);
  const res = http.get(`${BASE_URL}${path}`, params);
  return res.status === 200 && jsonOf(res) !== null;
}

/** @param {{ sessions: StaffSession[] }} data */
export default function (data) {
  const s = data.sessions[exec.scenario.iterationInTest % data.sessions.length];
  // VU-level tag: every metric of this iteration (requests, checks, iteration_duration) carries
  // the tier, so the summary and the thresholds can be read per tier.
  exec.vu.metrics.tags.tier = s.tier;
  const opts = { limit: 50, pages: PAGES };

  const children = readPages(s.cookie, `/api/v1/tenants/${encodeURIComponent(s.tenantId)}/children`,
    'GET /api/v1/tenants/:id/children', opts);
  // A province always has cities and a city counties: an empty list there means the policies
  // hid the subtree. (A county may legitimately have no township congress in the tree.)
  if (s.tier === 'province' || s.tier === 'city') {
    check(children, { 'children of a province or city are visible': (n) => n > 0 });
  }
  if (s.memberships) readPages(s.cookie, '/api/v1/memberships', 'GET /api/v1/memberships', opts);
  if (s.audit) readPages(s.cookie, '/api/v1/audit', 'GET /api/v1/audit', opts);
}
