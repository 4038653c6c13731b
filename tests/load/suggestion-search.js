// @ts-check
// Suggestion search: staff of a county and of the province search the database of motions and
// suggestions (GET /api/v1/suggestions/search), the words of QUERIES in turn.
//
// setup() logs in each account of LOGINS once and keeps its session and tier (Me.tenant.level).
// A constant-arrival-rate scenario then starts RATE searches per second; each takes the next
// session and the next query, reads the first page (by rank, with the total) and, for PAGES > 1,
// follows nextCursor. Every request is tagged with the session's tier, and the thresholds hold
// p(95) < P95_MS for the first page per tier: a province's search runs over every congress of the
// province, a county's over a few per cent of it.
//
//   k6 run -e BASE_URL=https://renda.example.gov.cn -e LOGINS=funing.staff,province.admin \
//     -e PASSWORD=… -e RATE=20 -e DURATION=3m tests/load/suggestion-search.js
//
// Environment: BASE_URL; LOGINS (comma-separated staff logins, default the demo's funing.staff and
// province.admin) with PASSWORD (default the demo password), or ACCOUNTS_FILE (a login,password
// CSV, see README.md) instead; QUERIES (comma-separated; default ten searches of everyday topics,
// two words in one, a filtered one is added by FILTER=1); RATE (searches/s, default 10); DURATION
// (default 2m); PAGES (pages followed, default 1); P95_MS (first page, default 300).

import http from 'k6/http';
import { check, sleep } from 'k6';
import exec from 'k6/execution';
import { Counter, Trend } from 'k6/metrics';
import { BASE_URL, DEMO_PASSWORD, authed, jsonOf, loadAccounts, login, seconds } from './lib.js';

const RATE = Number(__ENV.RATE || 10);
const DURATION = __ENV.DURATION || '2m';
const PAGES = Number(__ENV.PAGES || 1);
const P95_MS = Number(__ENV.P95_MS || 300);
const FILTER = __ENV.FILTER === '1';
if (!(RATE > 0)) throw new Error(`RATE must be a positive number, got ${__ENV.RATE}`);
if (!(PAGES >= 1)) throw new Error(`PAGES must be 1 or more, got ${__ENV.PAGES}`);
seconds(DURATION);

const QUERIES = (__ENV.QUERIES || '老旧小区,垃圾分类,停车难,养老服务,乡村振兴,义务教育,农村公路,充电桩,食品安全,电动自行车 充电')
  .split(',').map((s) => s.trim()).filter(Boolean);
if (!QUERIES.length) throw new Error('QUERIES is empty');

const accounts = __ENV.ACCOUNTS_FILE
  ? loadAccounts()
  : (__ENV.LOGINS || 'funing.staff,province.admin').split(',').map((s) => s.trim()).filter(Boolean)
    .map((name) => ({ login: name, password: __ENV.PASSWORD || DEMO_PASSWORD }));

const TIERS = ['province', 'city', 'county', 'township'];
// Roles that search the whole database of their congress and the congresses below.
const STAFF_ROLES = ['platform_admin', 'tenant_admin', 'staff', 'committee_member'];
const NAME = 'GET /api/v1/suggestions/search';

const firstPage = new Trend('search_first_page_duration', true);
const empty = new Counter('search_empty_first_pages');

/** @type {Record<string, string[]>} */
const thresholds = {
  http_req_failed: ['rate<0.01'],
  checks: ['rate>0.99'],
};
for (const tier of TIERS) {
  // A tier with no session has no samples and passes vacuously; setup() prints the tiers found.
  thresholds[`search_first_page_duration{tier:${tier}}`] = [`p(95)<${P95_MS}`];
}

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    suggestion_search: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: Math.max(5, Math.ceil(RATE * 2)),
      maxVUs: Math.max(20, Math.ceil(RATE * 10)),
    },
  },
  thresholds,
  setupTimeout: '5m',
  summaryTrendStats: ['avg', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

/** @typedef {{ login: string, cookie: string, tier: string }} StaffSession */

/**
 * Logs in each account once, waiting out Retry-After on 429, and keeps the staff sessions.
 * @returns {{ sessions: StaffSession[] }}
 */
export function setup() {
  /** @type {StaffSession[]} */
  const sessions = [];
  /** @type {Record<string, number>} */
  const perTier = {};
  for (const account of accounts) {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const { res, cookie, me } = login(account, { phase: 'setup' });
      if (res.status === 429) {
        sleep(Math.min(Number(res.headers['Retry-After']) || 5, 60));
        continue;
      }
      const roles = me && Array.isArray(me.roles) ? me.roles : [];
      if (res.status !== 200 || cookie === null || !me || !me.tenant || !roles.some((/** @type {string} */ r) => STAFF_ROLES.indexOf(r) !== -1)) {
        console.warn(`suggestion-search: ${account.login} answered ${res.status} or is not staff; skipped`);
      } else {
        const tier = String(me.tenant.level);
        sessions.push({ login: account.login, cookie, tier });
        perTier[tier] = (perTier[tier] || 0) + 1;
      }
      break;
    }
  }
  if (!sessions.length) exec.test.abort('no staff session could be opened: check BASE_URL, LOGINS / PASSWORD or ACCOUNTS_FILE');
  console.log(`suggestion-search: ${sessions.length} staff sessions by tier ${JSON.stringify(perTier)}, ${QUERIES.length} queries`);
  return { sessions };
}

/**
 * The search URL of one query: by rank, 20 a page; FILTER=1 makes every third search ask only
 * for answered ones (replied or closed) of this year.
 * @param {string} q
 * @param {number} n
 * @param {string | null} cursor
 */
function urlOf(q, n, cursor) {
  let url = `${BASE_URL}/api/v1/suggestions/search?q=${encodeURIComponent(q)}&order=rank&limit=20`;
  if (FILTER && n % 3 === 2) url += `&state=replied,closed&year=${new Date().getFullYear()}`;
  if (cursor) url += `&cursor=${encodeURIComponent(cursor)}`;
  return url;
}

/** @param {{ sessions: StaffSession[] }} data */
export default function (data) {
  const n = exec.scenario.iterationInTest;
  const s = data.sessions[n % data.sessions.length];
  exec.vu.metrics.tags.tier = s.tier;
  const q = QUERIES[Math.floor(n / data.sessions.length) % QUERIES.length];
  /** @type {string | null} */
  let cursor = null;
  for (let page = 1; page <= PAGES; page++) {
    const res = http.get(urlOf(q, n, cursor), authed(s.cookie, NAME, { page: String(page) }));
    /** @type {any} */
    const body = res.status === 200 ? jsonOf(res) : null;
    const ok = check(res, {
      'search 200': (r) => r.status === 200,
      'search is { items, total, nextCursor }': () => body !== null && Array.isArray(body.items) && body.items.length <= 20 &&
        (page === 1 ? typeof body.total === 'number' : body.total === null) &&
        (body.nextCursor === null || typeof body.nextCursor === 'string'),
    });
    if (page === 1) {
      firstPage.add(res.timings.duration);
      if (body && body.total === 0) empty.add(1);
    }
    if (!ok || body === null || !body.nextCursor) break;
    cursor = body.nextCursor;
  }
}
