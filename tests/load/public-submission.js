// @ts-check
// Public submissions: residents scan deputies' QR codes and raise problems, optionally with a photo.
//
// Arrivals, not users: a constant-arrival-rate scenario starts RATE submissions per second. Each
// iteration is one resident on a phone: read the deputy's scenarios, (optionally) upload a photo,
// submit with an Idempotency-Key, and, for a share of them, retry the same submission as a flaky
// phone would. The retry must answer the same ticket; the script counts tickets it saw twice
// under different keys (duplicates) and submissions that got no ticket (lost).
//
//   k6 run -e BASE_URL=https://renda.example.gov.cn -e CODES=FNWANG23,FNLXY234 \
//     -e RATE=20 -e DURATION=3m -e PHOTO=1 tests/load/public-submission.js
//
// Environment: BASE_URL; CODES (comma-separated deputy or station public codes, default the demo
// deputies FNWANG23,FNLXY234,FNZHW234); RATE (submissions/s, default 10); DURATION (default 2m);
// PHOTO=1 to attach one JPEG (PHOTO_FILE, an absolute path; default a tiny built-in image);
// RETRY_SHARE (0–1, share of submissions re-sent with the same key, default 0.1).
// The deployment's per-address limits on public submissions must allow the rate from the k6
// machine (see the README's environment table), and scenarios that ask for a verified phone need
// an SMS gateway that answers codes to the load test; the demo start returns them as `devCode`.

import http from 'k6/http';
import { check, fail } from 'k6';
import exec from 'k6/execution';
import encoding from 'k6/encoding';
import { Counter, Trend } from 'k6/metrics';
import { BASE_URL, ORIGIN, jsonOf, seconds } from './lib.js';

const CODES = (__ENV.CODES || 'FNWANG23,FNLXY234,FNZHW234').split(',').map((s) => s.trim()).filter(Boolean);
const RATE = Number(__ENV.RATE || 10);
const DURATION = __ENV.DURATION || '2m';
const PHOTO = __ENV.PHOTO === '1';
const RETRY_SHARE = Number(__ENV.RETRY_SHARE || 0.1);
if (!(RATE > 0)) throw new Error(`RATE must be a positive number, got ${__ENV.RATE}`);
if (!(RETRY_SHARE >= 0 && RETRY_SHARE <= 1)) throw new Error(`RETRY_SHARE must be within 0..1, got ${__ENV.RETRY_SHARE}`);
if (!CODES.length) throw new Error('CODES is empty');
seconds(DURATION);

// An 8×8 JPEG, used when no PHOTO_FILE is given: enough for the upload path (type sniffing,
// re-encoding, thumbnail) without making the network the bottleneck.
const TINY_JPEG = encoding.b64decode(
  '/9j/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAIAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKAATb//2Q==',
  'std',
);
const photoBytes = PHOTO && __ENV.PHOTO_FILE ? open(__ENV.PHOTO_FILE, 'b') : TINY_JPEG;

const submitted = new Counter('cases_submitted');
const replayed = new Counter('cases_replayed');
const lost = new Counter('cases_lost');
const replayMismatch = new Counter('cases_replay_mismatch');
const submitDuration = new Trend('case_submit_duration', true);

/** @type {import('k6/options').Options} */
export const options = {
  scenarios: {
    public_submission: {
      executor: 'constant-arrival-rate',
      rate: RATE,
      timeUnit: '1s',
      duration: DURATION,
      preAllocatedVUs: Math.max(10, Math.ceil(RATE * 2)),
      maxVUs: Math.max(50, Math.ceil(RATE * 10)),
    },
  },
  thresholds: {
    http_req_failed: ['rate<0.01'],
    case_submit_duration: ['p(95)<1000'],
    cases_lost: ['count==0'],
    cases_replay_mismatch: ['count==0'],
    checks: ['rate>0.99'],
  },
  summaryTrendStats: ['avg', 'min', 'med', 'p(90)', 'p(95)', 'p(99)', 'max'],
};

/** A random RFC 4122 version-4 id for the Idempotency-Key. */
function uuid4() {
  const hex = '0123456789abcdef';
  let s = '';
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) s += '-';
    else if (i === 14) s += '4';
    else if (i === 19) s += hex[8 + Math.floor(Math.random() * 4)];
    else s += hex[Math.floor(Math.random() * 16)];
  }
  return s;
}

/**
 * A mainland mobile number per iteration, so per-phone limits never couple iterations.
 * @param {number} n
 */
function phoneOf(n) {
  return `139${String(n % 100_000_000).padStart(8, '0')}`;
}

const jsonHeaders = { 'Content-Type': 'application/json', Origin: ORIGIN };

export default function () {
  const n = exec.scenario.iterationInTest;
  const code = CODES[n % CODES.length];
  const list = http.get(`${BASE_URL}/api/v1/public/cases/scenarios?code=${code}`, { tags: { name: 'public scenarios' } });
  const body = jsonOf(list);
  if (!check(list, { 'scenarios 200': (r) => r.status === 200 }) || !body || !body.items || !body.items.length) {
    fail(`no public scenario for code ${code}: ${list.status}`);
  }
  const scenario = body.items[0];
  const category = scenario.categories.length ? scenario.categories[n % scenario.categories.length].key : '';
  const phone = phoneOf(n);

  let otp = null;
  if (scenario.phoneVerification) {
    const sent = http.post(`${BASE_URL}/api/v1/public/cases/otp`, JSON.stringify({ phone }), { headers: jsonHeaders, tags: { name: 'otp' } });
    const reply = jsonOf(sent);
    check(sent, { 'otp 200': (r) => r.status === 200 });
    otp = reply && reply.devCode ? reply.devCode : null;
    if (!otp) fail('the scenario asks for a verified phone and the deployment returned no devCode: point SMS at a gateway the load test can read, or use a scenario without phone verification');
  }

  const fileIds = [];
  if (PHOTO) {
    const up = http.post(`${BASE_URL}/api/v1/public/cases/uploads?code=${code}`,
      { file: http.file(photoBytes, 'photo.jpg', 'image/jpeg') },
      { headers: { Origin: ORIGIN }, tags: { name: 'public upload' } });
    const file = jsonOf(up);
    if (check(up, { 'upload 201': (r) => r.status === 201 }) && file && file.id) fileIds.push(file.id);
  }

  const payload = JSON.stringify({
    code, scenarioId: scenario.id, category, title: `负载测试诉求 ${n}`,
    body: '村口道路破损，雨天积水严重，请代表帮助反映。', fileIds, name: '测试群众', phone, otp,
  });
  const key = uuid4();
  const headers = { ...jsonHeaders, 'Idempotency-Key': key };
  const res = http.post(`${BASE_URL}/api/v1/public/cases`, payload, { headers, tags: { name: 'public submit' } });
  submitDuration.add(res.timings.duration);
  const created = jsonOf(res);
  const ok = check(res, {
    'submit 201': (r) => r.status === 201,
    'submit returns a ticket and a follow link': () => Boolean(created && created.ticket && created.followUrl),
  });
  if (!ok || !created) {
    lost.add(1);
    return;
  }
  submitted.add(1);

  // A flaky phone re-sends the same request: same key, same body → the same ticket, no new case.
  if (Math.random() < RETRY_SHARE) {
    const again = http.post(`${BASE_URL}/api/v1/public/cases`, payload, { headers, tags: { name: 'public submit retry' } });
    const replay = jsonOf(again);
    replayed.add(1);
    const same = check(again, {
      'retry answers 200 replayed': (r) => r.status === 200 && r.headers['Idempotent-Replayed'] === 'true',
      'retry answers the same ticket': () => Boolean(replay && replay.ticket === created.ticket),
    });
    if (!same) replayMismatch.add(1);
  }

  const view = http.get(`${BASE_URL}/api/v1/public/cases/${created.ticket}?k=${created.token}`, { tags: { name: 'ticket page' } });
  check(view, { 'ticket page 200': (r) => r.status === 200 });
}
