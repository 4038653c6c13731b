// @ts-check
// Login storm: a plenary meeting opens and thousands of deputies and staff log in within minutes.
//
// Arrivals, not users: a ramping-arrival-rate scenario starts PEAK_RPS login attempts per second
// whatever the server's latency, the way people arrive at a meeting. (A closed model with a fixed
// number of VUs would slow down with the server and hide the queueing.)
// Each iteration is one person: POST /api/v1/auth/login, then GET /api/v1/me with the new session.
//
//   k6 run -e BASE_URL=https://renda.example.gov.cn -e ACCOUNTS_FILE=/abs/accounts.csv \
//     -e PEAK_RPS=100 -e DURATION=3m tests/load/login-storm.js
//
// Environment: BASE_URL, ACCOUNTS_FILE (CSV login,password; default the demo accounts),
// PEAK_RPS (logins/s at the peak, default 50), RAMP (time to reach the peak, default 1m),
// DURATION (time held at the peak, default 3m), LOGOUT=1 to end each session (keeps the sessions
// table from growing over repeated runs).

import { check } from 'k6';
import exec from 'k6/execution';
import { Counter, Trend } from 'k6/metrics';
import { loadAccounts, login, getMe, logout, checkProblem, seconds } from './lib.js';

const accounts = loadAccounts();

const PEAK_RPS = Number(__ENV.PEAK_RPS || 50);
const RAMP = __ENV.RAMP || '1m';
const DURATION = __ENV.DURATION || '3m';
const LOGOUT = __ENV.LOGOUT === '1';
if (!(PEAK_RPS > 0)) throw new Error(`PEAK_RPS must be a positive number, got ${__ENV.PEAK_RPS}`);
seconds(RAMP);
seconds(DURATION);

// Logins answered 429 too-many-attempts. The API throttles failed attempts (5 per account, 30 per
// client address, each for 15 minutes), so a 429 means the account, or the address k6 runs from,
// is locked after failures (a wrong password in the CSV, an earlier run). It is the correct answer
// of a healthy server, so it is counted here and not in http_req_failed. Any count above zero
// means the account list needs fixing, not that the server failed.
const throttled = new Counter('login_throttled');
// Time of logins that did the work (200): password hash, session insert, cookie. Throttled
// answers are fast and would flatter the percentile, so they are left out.
const loginDuration = new Trend('login_duration', true);
const sessionsOpened = new Counter('sessions_opened');

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    login_storm: {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      // One iteration takes a login (~100–800 ms under load) and a /me; one VU per login/s is
      // enough while the server keeps up, and maxVUs lets k6 add VUs when it slows down. If even
      // maxVUs cannot sustain the rate, k6 reports dropped_iterations: the server did not keep up.
      preAllocatedVUs: Math.max(10, Math.ceil(PEAK_RPS)),
      maxVUs: Math.max(50, Math.ceil(PEAK_RPS * 10)),
      stages: [
        { target: PEAK_RPS, duration: RAMP },
        { target: PEAK_RPS, duration: DURATION },
        { target: 0, duration: '30s' },
      ],
      gracefulStop: '30s',
    },
  },
  thresholds: {
    // 429 is declared expected in lib.login, so only real failures (5xx, 401 for a correct
    // password, 403 origin-rejected, timeouts) count here.
    http_req_failed: ['rate<0.01'],
    login_duration: ['p(95)<800'],
    checks: ['rate>0.99'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

export default function () {
  // Walk the account list in order across the whole test (not per VU), so each account is reused
  // as rarely as the list allows.
  const account = accounts[exec.scenario.iterationInTest % accounts.length];
  const { res, cookie, me } = login(account);

  if (res.status === 429) {
    throttled.add(1);
    // Throttled is an acceptable answer only in its documented form.
    check(res, { 'throttled login has Retry-After': (r) => Boolean(r.headers['Retry-After']) });
    checkProblem(res, 429, 'too-many-attempts');
    return;
  }

  loginDuration.add(res.timings.duration);
  const loggedIn = check(res, {
    'login 200': (r) => r.status === 200,
    'login sets the session cookie': () => cookie !== null,
    'login returns Me': () => me !== null && Boolean(me.user) && me.activeMembershipId != null,
  });
  if (!loggedIn || cookie === null) return;
  sessionsOpened.add(1);

  // The first thing the web app does after login: load the workspace for the active membership.
  const meRes = getMe(cookie);
  check(meRes.res, {
    'me 200': (r) => r.status === 200,
    'me is the same user': () => meRes.me !== null && me !== null && meRes.me.user.id === me.user.id,
    'me lists memberships and modules': () =>
      meRes.me !== null && Array.isArray(meRes.me.memberships) && Array.isArray(meRes.me.modules),
  });

  if (LOGOUT) {
    const out = logout(cookie);
    check(out, { 'logout 204': (r) => r.status === 204 });
  }
}
