// @ts-check
// Shared helpers for Renda's k6 scripts: configuration, the account list, login, authenticated
// requests with an explicit session cookie, keyset paging and problem+json checks.
//
// Plain ES module so k6 runs it as is; `// @ts-check` plus tests/load/tsconfig.json (@types/k6)
// type-check it in editors and with `npx tsc -p tests/load`.

import http from 'k6/http';
import { check } from 'k6';
import { SharedArray } from 'k6/data';

/** Base URL of the deployment, without a trailing slash (e.g. https://renda.example.gov.cn). */
export const BASE_URL = (__ENV.BASE_URL || 'http://localhost:3000').replace(/\/+$/, '');

/**
 * The Origin a browser on BASE_URL would send. The API refuses unsafe methods whose Origin does not
 * match its host (403 origin-rejected), and scripts have no Sec-Fetch-Site, so every POST carries it.
 */
export const ORIGIN = originOf(BASE_URL);

export const SESSION_COOKIE = 'renda_session';
export const PROBLEM_BASE = 'https://renda.dev/problems/';

/** Demo accounts created by the demo seed (see the repository README). */
export const DEMO_PASSWORD = 'renda-demo-2026';
export const DEMO_LOGINS = [
  'province.admin',
  'yancheng.staff',
  'funing.admin',
  'funing.staff',
  'sheyang.staff',
  'deputy.wang',
  'unit.water',
];

/**
 * @typedef {{ login: string, password: string }} Account
 * @typedef {{ login: string, cookie: string }} Session
 */

/** @param {string} url */
function originOf(url) {
  const m = /^(https?:\/\/[^/?#]+)/i.exec(url);
  if (!m) throw new Error(`BASE_URL must start with http:// or https://, got ${url}`);
  return m[1];
}

/**
 * Loads the accounts once per test run and shares them read-only between VUs (SharedArray), so a
 * 200,000-row CSV costs its memory once rather than once per VU. Must be called from the init
 * context (top level of a script) because open() only works there.
 *
 * ACCOUNTS_FILE is a CSV of `login,password`, one account per row, an optional header row. A
 * relative path is resolved by k6 against the script's directory (tests/load/), not the shell's
 * working directory; pass an absolute path when the file lives elsewhere.
 * @returns {Account[]}
 */
export function loadAccounts() {
  return new SharedArray('accounts', function () {
    const file = __ENV.ACCOUNTS_FILE;
    const accounts = file
      ? parseAccountsCsv(open(file))
      : DEMO_LOGINS.map((login) => ({ login, password: DEMO_PASSWORD }));
    if (accounts.length === 0) throw new Error(`no accounts in ${file || 'the demo list'}`);
    return accounts;
  });
}

/**
 * Parses `login,password` rows. Handles quoted fields (RFC 4180) because generated passwords may
 * contain commas or quotes; skips blank lines and a `login,password` header.
 * @param {string} text
 * @returns {Account[]}
 */
export function parseAccountsCsv(text) {
  /** @type {Account[]} */
  const accounts = [];
  for (const row of parseCsv(text.replace(/^\uFEFF/, ''))) {
    if (row.length === 1 && row[0].trim() === '') continue;
    const [login, password] = row;
    if (login.trim().toLowerCase() === 'login' && (password || '').trim().toLowerCase() === 'password') continue;
    if (!login || password === undefined) throw new Error(`accounts CSV: expected login,password, got "${row.join(',')}"`);
    accounts.push({ login: login.trim(), password });
  }
  return accounts;
}

/**
 * Minimal RFC 4180 reader: commas, CRLF/LF, double quotes with "" escapes.
 * @param {string} text
 * @returns {string[][]}
 */
function parseCsv(text) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) { row.push(field); rows.push(row); }
  return rows;
}

/**
 * Parses a JSON body without throwing (a 502 from a proxy is HTML).
 * @param {import('k6/http').RefinedResponse<any>} res
 * @returns {any}
 */
export function jsonOf(res) {
  try {
    return res.json();
  } catch (e) {
    return null;
  }
}

/**
 * True when the response is RFC 9457 problem+json, optionally of the given slug
 * (e.g. 'too-many-attempts' → type https://renda.dev/problems/too-many-attempts).
 * @param {import('k6/http').RefinedResponse<any>} res
 * @param {string} [slug]
 */
export function isProblem(res, slug) {
  const type = String(res.headers['Content-Type'] || '');
  if (!type.startsWith('application/problem+json')) return false;
  const body = jsonOf(res);
  if (!body || typeof body.type !== 'string' || body.status !== res.status) return false;
  return slug ? body.type === PROBLEM_BASE + slug : body.type.startsWith(PROBLEM_BASE);
}

/**
 * k6 check that a response is the expected problem: status, content type, slug.
 * @param {import('k6/http').RefinedResponse<any>} res
 * @param {number} status
 * @param {string} slug
 */
export function checkProblem(res, status, slug) {
  return check(res, {
    [`${status} ${slug} is problem+json`]: (r) => r.status === status && isProblem(r, slug),
  });
}

/**
 * POST /api/v1/auth/login. The response sets the session cookie; it is read from the response
 * and returned rather than left in the VU's cookie jar, because one VU logs in as many accounts
 * over a test and a cookie left behind by a previous account must never be sent for the next.
 *
 * 429 (too-many-attempts) is declared an expected status so that it does not count in
 * http_req_failed; callers count it themselves.
 * @param {Account} account
 * @param {Record<string, string>} [tags]
 */
export function login(account, tags) {
  const res = http.post(
    `${BASE_URL}/api/v1/auth/login`,
    JSON.stringify({ login: account.login, password: account.password }),
    {
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Origin: ORIGIN },
      // A private jar per login: the VU's shared jar keeps no session of any account.
      jar: new http.CookieJar(),
      responseCallback: http.expectedStatuses(200, 429),
      tags: Object.assign({ name: 'POST /api/v1/auth/login' }, tags || {}),
    },
  );
  const cookies = res.cookies[SESSION_COOKIE];
  const cookie = res.status === 200 && cookies && cookies.length > 0 ? cookies[0].value : null;
  return { res, cookie, me: res.status === 200 ? jsonOf(res) : null };
}

/**
 * Request parameters carrying one session's cookie. `replace: true` makes this cookie win over
 * anything the VU's jar may hold for the same name.
 * @param {string} cookie
 * @param {string} name  URL pattern used as the `name` tag, so /tenants/123 and /tenants/456 group
 * @param {Record<string, string>} [tags]
 * @returns {import('k6/http').Params}
 */
export function authed(cookie, name, tags) {
  return {
    headers: { Accept: 'application/json' },
    cookies: { [SESSION_COOKIE]: { value: cookie, replace: true } },
    tags: Object.assign({ name }, tags || {}),
  };
}

/**
 * GET /api/v1/me for a session.
 * @param {string} cookie
 * @param {Record<string, string>} [tags]
 */
export function getMe(cookie, tags) {
  const res = http.get(`${BASE_URL}/api/v1/me`, authed(cookie, 'GET /api/v1/me', tags));
  return { res, me: res.status === 200 ? jsonOf(res) : null };
}

/**
 * POST /api/v1/auth/logout (204).
 * @param {string} cookie
 */
export function logout(cookie) {
  const params = authed(cookie, 'POST /api/v1/auth/logout');
  params.headers = Object.assign({}, params.headers, { Origin: ORIGIN });
  return http.post(`${BASE_URL}/api/v1/auth/logout`, null, params);
}

/**
 * Reads a keyset-paginated list (`{ items, nextCursor }`), following nextCursor for up to `pages`
 * pages, and checks every page's status and shape. Returns the number of items read.
 * @param {string} cookie
 * @param {string} path     e.g. '/api/v1/audit'
 * @param {string} name     the `name` tag, e.g. 'GET /api/v1/audit'
 * @param {{ limit?: number, pages?: number, tags?: Record<string, string> }} [opts]
 */
export function readPages(cookie, path, name, opts) {
  const o = opts || {};
  const limit = o.limit || 50;
  const pages = o.pages || 3;
  /** @type {string | null} */
  let cursor = null;
  let items = 0;
  for (let page = 1; page <= pages; page++) {
    const sep = path.indexOf('?') === -1 ? '?' : '&';
    /** @type {string} */
    const url = `${BASE_URL}${path}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = http.get(url, authed(cookie, name, Object.assign({ page: String(page) }, o.tags || {})));
    /** @type {any} */
    const body = res.status === 200 ? jsonOf(res) : null;
    const ok = check(res, {
      [`${name} 200`]: (r) => r.status === 200,
      [`${name} is { items, nextCursor }`]: () =>
        body !== null && Array.isArray(body.items) && body.items.length <= limit &&
        (body.nextCursor === null || typeof body.nextCursor === 'string'),
    });
    if (!ok || body === null) break;
    items += body.items.length;
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return items;
}

/**
 * Parses a k6 duration such as '90s', '5m' or '1h30m' into seconds (for sizing VU pools).
 * @param {string} d
 */
export function seconds(d) {
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let m;
  while ((m = re.exec(d)) !== null) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : m[2] === 's' ? n : n / 1000;
  }
  if (total === 0) throw new Error(`not a duration: ${d}`);
  return total;
}
