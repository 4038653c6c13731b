import { createHash, randomBytes } from 'node:crypto';
import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext, type DatabaseHandle, type Db, type Tx } from '@renda/db';
import { LocalDiskStorage } from '@renda/storage';
import { getRequestListener } from '@hono/node-server';
import type { Platform } from '../../apps/api/src/boot.ts';
import { createApp } from '../../apps/api/src/app.ts';
import { prepareFile } from '../../apps/api/src/modules/files/files.content.ts';
import type { Deps } from '../../apps/api/src/platform/env-types.ts';
import type { Shared } from '../../apps/api/src/platform/shared.ts';
import { withDatabase } from '../../tests/support/databases.ts';
import { BENCH_CODES, COUNTED, casesByKey, countRows, prepareCases, storedKeys, type CasesSetup, type Counts } from './cases-data.ts';
import { pct, row } from './stats.ts';

/**
 * Public case submissions over HTTP (`POST /api/v1/public/cases`: validation, Redis budgets, one
 * transaction with the case, its contact, its `submitted` event, the deputy's notification and
 * outbox rows and their pg-boss jobs), without and with a photo uploaded first, against the bare
 * inserts of a case, its contact and its event in one transaction each as the app role, at the
 * same concurrency for the same time. Each resident has an address, a phone and an
 * Idempotency-Key of their own; one in ten sends the same submission again (after the answer, or
 * as a double tap at the same time), which must replay the same ticket. Afterwards every
 * acknowledged ticket must be a row (else it is lost), and the run's keys must hold exactly one
 * row per acknowledged key (any more are duplicated, a row behind a failed request included).
 * No job worker runs during the bench, so jobs and outbox rows stay pending; they are counted
 * per submission. On PostgreSQL a last part times one submission at a time, statement by
 * statement, to show where the time goes.
 */
export async function casesBench(platform: Platform) {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const connections = 16;
  const owner = platform.owner!;
  const since = new Date();
  const setup = await prepareCases(platform);
  const photo = await benchPhoto();
  const run = randomBytes(3).toString('hex');

  const app = createApp(platform.deps);
  const server = createServer(getRequestListener(app.fetch));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  const client = httpClient(port, connections);
  const results: RunResult[] = [];
  let images: RunResult;
  try {
    // Warm the pool, the limiters, the link secret and libvips before anything is timed.
    await publicRun(client, setup, { label: 'warm-up', prefix: `warm-${run}-`, wave: 0, photo, connections: 2, seconds: 0, count: 6 });
    const runs: (() => Promise<RunResult>)[] = [
      () => sqlRun(platform, setup, { label: 'direct SQL insert', prefix: `sql-${run}-`, connections, seconds }),
      () => publicRun(client, setup, { label: 'public submit, no photo', prefix: `http-${run}-`, wave: 1, photo: null, connections, seconds }),
      () => publicRun(client, setup, { label: 'public submit, with photo', prefix: `photo-${run}-`, wave: 2, photo, connections, seconds }),
    ];
    for (const go of runs) {
      const before = await countRows(owner, setup.tenantId);
      const result = await go();
      const after = await countRows(owner, setup.tenantId);
      result.rows = Object.fromEntries(COUNTED.map((k) => [k, after[k] - before[k]])) as Counts;
      const stored = await casesByKey(owner, setup.tenantId, result.prefix);
      let lost = 0;
      for (const [key, ticket] of result.acked) if (!stored.get(key)?.includes(ticket)) lost++;
      const rowCount = [...stored.values()].reduce((n, tickets) => n + tickets.length, 0);
      result.lost = lost;
      result.duplicated = rowCount - (result.acked.size - lost);
      results.push(result);
    }
    images = await imageRun(photo, { label: 'photo checks alone (prepareFile)', prefix: '', connections, seconds });
  } finally {
    client.close();
    server.closeIdleConnections();
    await new Promise((r) => server.close(r));
  }
  for (const key of await storedKeys(owner, setup.tenantId, since)) await platform.deps.storage.delete(key).catch(() => {});
  // The bench's platform keeps uploads in a temporary directory of its own: leave nothing behind.
  const { storage } = platform.deps;
  if (storage instanceof LocalDiskStorage && basename(storage.dir).startsWith('renda-files-') && dirname(storage.dir) === tmpdir()) {
    await rm(storage.dir, { recursive: true, force: true });
  }

  const [base, , withPhoto] = results;
  const rate = (r: RunResult) => r.acked.size / r.seconds;
  const msOf = (x: number | undefined) => (x === undefined ? '' : `${x.toFixed(1)} ms`);
  console.log(`## Public case submissions\n\n${connections} concurrent clients for ${seconds} s each, to the four deputies of 阜宁县 (${BENCH_CODES.join(', ')}) in 民生码上见 without phone verification; every resident has their own address, phone and Idempotency-Key, and one in ten sends the same submission again (half of them after the answer, half as a double tap, both at once). The photo is one ${photo.width}×${photo.height} JPEG of ${(photo.bytes.length / 1024).toFixed(0)} KiB, uploaded before each submission. "Event loop" is the share of the run the API process's main thread was busy (load generator included).\n`);
  row(['what', 'submissions', 'seconds', 'per second', 'p50', 'p95', 'lost', 'duplicated', 'replays, same ticket', 'event loop', 'vs. direct SQL']);
  row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']);
  for (const r of results) {
    row([r.label, r.acked.size, r.seconds.toFixed(1), rate(r).toFixed(1), msOf(pct(r.latencies, 50)), msOf(pct(r.latencies, 95)), r.lost, r.duplicated,
      r.replaySent ? `${r.replayOk} of ${r.replaySent}` : '', `${(r.busy * 100).toFixed(0)} %`, (rate(r) / rate(base)).toFixed(2)]);
  }
  row(['photo upload (of the row above)', withPhoto.uploads.length, withPhoto.seconds.toFixed(1), (withPhoto.uploads.length / withPhoto.seconds).toFixed(1),
    msOf(pct(withPhoto.uploads, 50)), msOf(pct(withPhoto.uploads, 95)), '', '', '', '', '']);
  row([images.label, images.acked.size, images.seconds.toFixed(1), rate(images).toFixed(1), msOf(pct(images.latencies, 50)), msOf(pct(images.latencies, 95)),
    '', '', '', `${(images.busy * 100).toFixed(0)} %`, '']);
  console.log('');
  for (const r of [...results, images]) {
    const failures = [...r.errors].map(([what, n]) => `${what} ×${n}`);
    if (failures.length) console.log(`Failed requests in "${r.label}": ${failures.join('; ')}.\n`);
    if (r.replayBad.length) console.log(`Replays that did not answer the same ticket in "${r.label}": ${r.replayBad.slice(0, 5).join('; ')}.\n`);
  }

  const onServer = platform.deps.handle.kind === 'postgres';
  console.log(onServer
    ? 'Rows written per acknowledged submission (no job worker runs during the bench, so every pg-boss job and outbox row is still pending):\n'
    : 'Rows written per acknowledged submission (embedded: the in-process queue runs each job right after its commit and keeps no job rows):\n');
  row(['rows', ...results.map((r) => r.label)]);
  row(['---', ...results.map(() => '---:')]);
  const names: Record<(typeof COUNTED)[number], string> = {
    cases: 'cases', case_contacts: 'case_contacts', case_events: 'case_events', case_files: 'case_files', files: 'files',
    notifications: 'notifications', deliveries: 'deliveries (outbox)', webhook_deliveries: 'webhook_deliveries', audit_log: 'audit_log',
    jobs: 'pg-boss jobs (pending)',
  };
  for (const k of COUNTED) {
    if (k !== 'jobs' || onServer) row([names[k], ...results.map((r) => (r.rows[k] / Math.max(1, r.acked.size)).toFixed(2))]);
  }
  console.log('');

  if (onServer) await profileSubmission(platform, setup, run);
}

// ---------------------------------------------------------------------------------------------
// The residents

interface RunOptions {
  label: string;
  /** Idempotency-Key prefix of the run; the rows it made are found by it. */
  prefix: string;
  /** Keeps addresses and phones of one run apart from another's. */
  wave?: number;
  photo?: Photo | null;
  connections: number;
  seconds: number;
  /** Stop after this many residents instead of after `seconds` (the warm-up). */
  count?: number;
}

interface RunResult {
  label: string;
  prefix: string;
  seconds: number;
  /** Idempotency-Key → ticket of every 201. */
  acked: Map<string, string>;
  /** Latency of the first submission of each resident (ms), sorted. */
  latencies: number[];
  uploads: number[];
  replaySent: number;
  replayOk: number;
  replayBad: string[];
  errors: Map<string, number>;
  rows: Counts;
  lost: number;
  duplicated: number;
  /** Share of the run the main thread was busy (event loop utilization). */
  busy: number;
}

function newResult(o: RunOptions): RunResult {
  return {
    label: o.label, prefix: o.prefix, seconds: 0, acked: new Map(), latencies: [], uploads: [], replaySent: 0, replayOk: 0, replayBad: [],
    errors: new Map(), rows: {} as Counts, lost: 0, duplicated: 0, busy: 0,
  };
}

/** `connections` loops that each take the next resident until the time (or the count) is up. */
async function drive(o: RunOptions, result: RunResult, one: (n: number) => Promise<void>): Promise<RunResult> {
  let next = 0;
  const elu = performance.eventLoopUtilization();
  const t0 = performance.now();
  const until = t0 + o.seconds * 1000;
  await Promise.all(Array.from({ length: o.connections }, async () => {
    for (;;) {
      if (o.count !== undefined ? next >= o.count : performance.now() >= until) return;
      const n = next++;
      try {
        await one(n);
      } catch (error) {
        const what = String((error as Error).message ?? error).slice(0, 120);
        result.errors.set(what, (result.errors.get(what) ?? 0) + 1);
      }
    }
  }));
  // Residents still in flight at the deadline finish; the rate counts the time they took.
  result.seconds = (performance.now() - t0) / 1000;
  result.busy = performance.eventLoopUtilization(elu).utilization;
  result.latencies.sort((a, b) => a - b);
  result.uploads.sort((a, b) => a - b);
  return result;
}

const VILLAGES = ['王庄村', '沟墩村', '益林社区', '芦蒲村', '东沟居委会', '新沟村'];
const PROBLEMS = [
  ['村东头的水井干了', '入夏以来村东头的那口水井水位下降得厉害，这一周基本打不上水，十几户人家要到两里外去挑水，老人孩子用水很不方便，希望有关部门尽快来看看，能不能接上自来水或者再打一口深井。'],
  ['路灯坏了一个多月', '村部到小学的那段路上有六盏路灯不亮，晚上孩子放学和老人出门都看不清路，前几天还有人骑电动车摔了一跤，之前跟村里说过一次还没修，麻烦代表帮忙催一催。'],
  ['河边垃圾堆放严重', '小河南岸桥头附近长期有人倾倒建筑垃圾和生活垃圾，天热以后气味很大，蚊蝇也多，河水都有些发黑了，希望能清理一下并且设置垃圾收集点，安排人定期清运。'],
  ['咨询医保缴费标准', '想问一下今年城乡居民医保的个人缴费标准是多少，家里老人在外地住院能不能直接结算，需要提前办理什么手续，村里的公告栏上没有写清楚，麻烦代表帮忙问问。'],
];

/** One resident's submission: distinct phone, address and text per number. */
function submissionOf(setup: CasesSetup, n: number, wave: number, fileIds: string[]) {
  const [title, body] = PROBLEMS[n % PROBLEMS.length];
  return {
    code: BENCH_CODES[n % BENCH_CODES.length], scenarioId: setup.scenarioId, category: setup.categories[n % setup.categories.length],
    title: `${title}（${n}）`, body, fields: { village: VILLAGES[n % VILLAGES.length] },
    location: `阜宁县沟墩镇${VILLAGES[n % VILLAGES.length]}`, lat: 33.76 + (n % 100) / 10_000, lng: 119.8 + (n % 97) / 10_000,
    name: '张女士', phone: `1${3 + (wave % 7)}${String(n).padStart(9, '0')}`, fileIds,
  };
}

const addressOf = (n: number, wave: number) => `${10 + wave}.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

async function publicRun(client: HttpClient, setup: CasesSetup, o: RunOptions): Promise<RunResult> {
  const result = newResult(o);
  const wave = o.wave ?? 0;
  return drive(o, result, async (n) => {
    const address = { 'x-forwarded-for': addressOf(n, wave), origin: client.origin };
    const code = BENCH_CODES[n % BENCH_CODES.length];
    const fileIds: string[] = [];
    if (o.photo) {
      const up = await client.send('POST', `/api/v1/public/cases/uploads?code=${code}`,
        { ...address, 'content-type': `multipart/form-data; boundary=${o.photo.boundary}` }, o.photo.multipart);
      if (up.status !== 201) throw new Error(`upload ${up.status} ${up.text.slice(0, 80)}`);
      result.uploads.push(up.ms);
      fileIds.push((JSON.parse(up.text) as { id: string }).id);
    }
    const key = `${o.prefix}${n}`;
    const body = JSON.stringify(submissionOf(setup, n, wave, fileIds));
    const headers = { ...address, 'content-type': 'application/json', 'idempotency-key': key };
    const submit = () => client.send('POST', '/api/v1/public/cases', headers, body);
    const ticketOf = (r: Reply) => (JSON.parse(r.text) as { ticket?: string }).ticket;
    const isReplay = (r: Reply, ticket: string) => r.status === 200 && r.headers['idempotent-replayed'] === 'true' && ticketOf(r) === ticket;
    if (n % 20 === 19) {
      // A double tap: both at once; one opens the case, the other waits for it and replays it.
      const answers = await Promise.all([submit(), submit()]);
      const created = answers.filter((r) => r.status === 201);
      if (created.length !== 1) throw new Error(`double tap: ${answers.map((r) => `${r.status} ${r.text.slice(0, 60)}`).join(' / ')}`);
      const ticket = ticketOf(created[0])!;
      result.acked.set(key, ticket);
      result.latencies.push(created[0].ms);
      result.replaySent++;
      const other = answers.find((r) => r !== created[0])!;
      if (isReplay(other, ticket)) result.replayOk++;
      else result.replayBad.push(`${key}: ${other.status} ${other.text.slice(0, 80)}`);
      return;
    }
    const first = await submit();
    if (first.status !== 201) throw new Error(`submit ${first.status} ${first.text.slice(0, 80)}`);
    const ticket = ticketOf(first)!;
    result.acked.set(key, ticket);
    result.latencies.push(first.ms);
    if (n % 20 !== 9) return;
    // A flaky phone sends it again after the answer: the same ticket, 200, marked as a replay.
    result.replaySent++;
    const again = await submit();
    if (isReplay(again, ticket)) result.replayOk++;
    else result.replayBad.push(`${key}: ${again.status} ${again.text.slice(0, 80)}`);
  });
}

// ---------------------------------------------------------------------------------------------
// The baseline: the same rows inserted directly

async function sqlRun(platform: Platform, setup: CasesSetup, o: RunOptions): Promise<RunResult> {
  const result = newResult(o);
  const snapshot = JSON.stringify(setup.snapshot);
  const ctx = { tenantId: setup.tenantId, scopePath: setup.tenantPath };
  return drive(o, result, async (n) => {
    const s = submissionOf(setup, n, 9, []);
    const key = `${o.prefix}${n}`;
    const hash = createHash('sha256').update(JSON.stringify(s)).digest('hex');
    const t0 = performance.now();
    const ticket = await withContext(platform.deps.handle, ctx, (tx) => insertDirect(tx, setup, snapshot, s, key, hash));
    result.latencies.push(performance.now() - t0);
    result.acked.set(key, ticket);
  });
}

/** A case (ticket from the sequence, the scenario's snapshot), its contact and its `submitted` event. */
async function insertDirect(tx: Tx, setup: CasesSetup, snapshot: string, s: ReturnType<typeof submissionOf>, key: string, hash: string): Promise<string> {
  const result = await tx.execute(sql`
    insert into cases (tenant_id, tenant_path, ticket, scenario_id, scenario_snapshot, source, deputy_id, category, title, body, fields,
      location, lat, lng, phone_masked, submit_key, submit_hash, event_seq, due_step, due_at)
    values (${setup.tenantId}, '', 'C' || to_char(now() at time zone 'Asia/Shanghai', 'YY') || lpad(nextval('case_ticket_seq')::text, 7, '0'),
      ${setup.scenarioId}, ${snapshot}::jsonb, 'public', ${setup.deputies.get(s.code)!}, ${s.category}, ${s.title}, ${s.body},
      ${JSON.stringify(s.fields)}::jsonb, ${s.location}, ${s.lat}, ${s.lng}, ${`${s.phone.slice(0, 3)}****${s.phone.slice(-4)}`}, ${key}, ${hash},
      1, 'accept', now() + interval '24 hours')
    returning id, ticket`);
  const [c] = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { id: string; ticket: string }[];
  await tx.execute(sql`insert into case_contacts (tenant_id, tenant_path, case_id, name, phone, phone_verified)
    values (${setup.tenantId}, '', ${c.id}, ${s.name}, ${s.phone}, false)`);
  await tx.execute(sql`insert into case_events (tenant_id, tenant_path, case_id, seq, kind, actor_kind, actor_name, data, public)
    values (${setup.tenantId}, '', ${c.id}, 1, 'submitted', 'public', '群众', '{"fileIds":[]}'::jsonb, true)`);
  return c.ticket;
}

// ---------------------------------------------------------------------------------------------
// HTTP and the photo

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  ms: number;
}

interface HttpClient {
  origin: string;
  send(method: string, path: string, headers: Record<string, string>, body: string | Buffer): Promise<Reply>;
  close(): void;
}

/** Keep-alive HTTP/1.1; each reply timed from send to last byte. */
function httpClient(port: number, connections: number): HttpClient {
  // Twice the clients: a double tap needs two sockets at once.
  const agent = new Agent({ keepAlive: true, maxSockets: connections * 2 });
  return {
    origin: `http://127.0.0.1:${port}`,
    send(method, path, headers, body) {
      return new Promise((resolve, reject) => {
        const t0 = performance.now();
        const req = request({ host: '127.0.0.1', port, method, path, agent, headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
        });
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

interface Photo {
  width: number;
  height: number;
  bytes: Buffer;
  boundary: string;
  /** The whole multipart/form-data body with the one `file` part. */
  multipart: Buffer;
}

/**
 * A 1280×960 phone-like photo: smooth gradients with grain, so that JPEG at quality 85 gives a
 * size in the range of a real photo's, not the few KiB of a flat colour.
 */
async function benchPhoto(): Promise<Photo> {
  const width = 1280;
  const height = 960;
  const raw = Buffer.alloc(width * height * 3);
  let seed = 42;
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 33) - 16;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      raw[i] = Math.max(0, Math.min(255, 90 + 60 * Math.sin(x / 97) + 40 * Math.cos(y / 53) + noise()));
      raw[i + 1] = Math.max(0, Math.min(255, 120 + 50 * Math.sin((x + y) / 71) + noise()));
      raw[i + 2] = Math.max(0, Math.min(255, 80 + 70 * Math.cos(x / 131 - y / 89) + noise()));
    }
  }
  const bytes = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
  const boundary = `----renda-bench-${randomBytes(8).toString('hex')}`;
  const multipart = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="IMG_2026.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { width, height, bytes, boundary, multipart };
}

// ---------------------------------------------------------------------------------------------
// What the upload costs without HTTP and the database: sniffing, re-encoding and the thumbnail

async function imageRun(photo: Photo, o: RunOptions): Promise<RunResult> {
  const result = newResult(o);
  return drive(o, result, async (n) => {
    const t0 = performance.now();
    await prepareFile(new Uint8Array(photo.bytes));
    result.latencies.push(performance.now() - t0);
    result.acked.set(String(n), '');
  });
}

// ---------------------------------------------------------------------------------------------
// Where one submission's time goes

/**
 * Submissions one at a time through the app in process (no HTTP, nothing else running), over a
 * pool of their own whose driver reports each statement as it is sent, with the Redis budgets
 * timed around their calls. A span runs from one event to the next: a statement's round trip
 * and whatever the code does before it sends the next one. The direct insert is timed the same
 * way, for scale.
 */
async function profileSubmission(platform: Platform, setup: CasesSetup, run: string) {
  const runs = 50;
  const [{ name }] = await asOwner(platform.owner!, async (tx) => rowsOf<{ name: string }>(await tx.execute(sql`select current_database() as name`)));
  const marks: { t: number; what: string }[] = [];
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { schema } = await import('@renda/db');
  const pg = postgres(withDatabase(process.env.DATABASE_URL!, name), {
    max: 2, onnotice: () => {},
    debug: (_connection: number, query: string) => marks.push({ t: performance.now(), what: query.replace(/\s+/g, ' ').trim().slice(0, 72) }),
  });
  const handle: DatabaseHandle = { db: drizzle(pg, { schema }) as unknown as Db, kind: 'postgres', close: () => pg.end() };
  const deps: Deps = { ...platform.deps, handle, shared: timedShared(platform.deps.shared, marks) };
  const app = createApp(deps);
  const spans = new Map<string, { count: number; ms: number }>();
  let total = 0;
  let statements = 0;
  let transactions = 0;
  let redis = 0;
  try {
    for (let n = 0; n < runs + 5; n++) {
      marks.length = 0;
      const body = JSON.stringify(submissionOf(setup, n, 3, []));
      const t0 = performance.now();
      const res = await app.request('http://127.0.0.1/api/v1/public/cases', {
        method: 'POST', body,
        headers: { 'content-type': 'application/json', 'idempotency-key': `profile-${run}-${n}`, 'x-forwarded-for': addressOf(n, 3) },
      });
      await res.text();
      const t1 = performance.now();
      if (res.status !== 201) throw new Error(`profile: submission answered ${res.status}`);
      if (n < 5) continue; // warm this pool's prepared statements
      total += t1 - t0;
      statements += marks.filter((m) => !m.what.startsWith('Redis') && m.what !== '(after Redis)').length;
      transactions += marks.filter((m) => m.what === 'begin').length;
      redis += marks.filter((m) => m.what.startsWith('Redis')).length;
      const points = [{ t: t0, what: '(request start, before the first statement)' }, ...marks, { t: t1, what: '' }];
      for (let i = 0; i < points.length - 1; i++) {
        const span = spans.get(points[i].what) ?? { count: 0, ms: 0 };
        span.count++;
        span.ms += points[i + 1].t - points[i].t;
        spans.set(points[i].what, span);
      }
    }
    // The baseline's transaction through the same pool, one at a time.
    const ctx = { tenantId: setup.tenantId, scopePath: setup.tenantPath };
    const snapshot = JSON.stringify(setup.snapshot);
    const direct: number[] = [];
    for (let n = 0; n < runs + 5; n++) {
      const s = submissionOf(setup, n, 8, []);
      const t0 = performance.now();
      await withContext(handle, ctx, (tx) => insertDirect(tx, setup, snapshot, s, `profile-sql-${run}-${n}`, ''));
      if (n >= 5) direct.push(performance.now() - t0);
    }
    const directMean = direct.reduce((a, b) => a + b, 0) / direct.length;
    console.log(`### One submission at a time\n\n${runs} submissions in sequence through the app in process (no HTTP, no concurrent load): ${(total / runs).toFixed(1)} ms each, with ${(statements / runs).toFixed(0)} statements in ${(transactions / runs).toFixed(0)} transactions and ${(redis / runs).toFixed(0)} Redis calls; the direct insert's transaction takes ${directMean.toFixed(1)} ms (6 statements). A span starts when a statement is sent (or a Redis budget is asked) and ends at the next one, so it holds the round trip and the code in between.\n`);
    row(['span starting at', 'per submission', 'ms per submission', 'share']);
    row(['---', '---:', '---:', '---:']);
    for (const [what, span] of [...spans].sort((a, b) => b[1].ms - a[1].ms).slice(0, 16)) {
      row([`\`${what.replace(/\|/g, '\\|')}\``, (span.count / runs).toFixed(0), (span.ms / runs).toFixed(2), `${((span.ms / total) * 100).toFixed(0)} %`]);
    }
    console.log('');
  } finally {
    await pg.end({ timeout: 5 });
  }
}

/** The platform's Redis with each rate-limit call marked before and after. */
function timedShared(shared: Shared, marks: { t: number; what: string }[]): Shared {
  const timed = Object.create(shared) as Shared;
  timed.limiter = (options) => {
    const limiter = shared.limiter(options);
    const consume = limiter.consume.bind(limiter);
    limiter.consume = async (key, points, more) => {
      marks.push({ t: performance.now(), what: `Redis: budget ${options.keyPrefix}` });
      try {
        return await consume(key, points, more);
      } finally {
        marks.push({ t: performance.now(), what: '(after Redis)' });
      }
    };
    return limiter;
  };
  return timed;
}
