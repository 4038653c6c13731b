import { readdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { sql } from 'drizzle-orm';
import { asOwner, rowsOf, withContext } from '@renda/db';
import type { LocalDiskStorage } from '@renda/storage';
import { loadEnv, storageConfig } from '../src/env.ts';
import { startTestPlatform, type Client, type TestPlatform } from './support/platform.ts';
import { contextOf, routeIsolation, visibleVersusExpected } from './support/isolation.ts';

// A small limit so "too large" needs only a few hundred KB; the images below stay well under it.
const LIMIT = 300_000;
const ANY_ID = '00000000-0000-4000-8000-000000000000';

let tp: TestPlatform;
let funing: Client;
let sheyang: Client;
let funingPhoto = ''; // a JPEG uploaded by funing.staff (阜宁县)
let sheyangPhoto = ''; // a PNG uploaded by sheyang.staff (射阳县)

beforeAll(async () => {
  tp = await startTestPlatform({ uploadMaxBytes: LIMIT });
  funing = await tp.as('funing.staff');
  sheyang = await tp.as('sheyang.staff');
  funingPhoto = (await upload(funing, await phoneJpeg(), 'IMG_0001.jpg')).body.id;
  sheyangPhoto = (await upload(sheyang, await png(600, 400), 'chart.png', 'image/png')).body.id;
});
afterAll(async () => { await tp?.close(); });

/** POST a multipart upload as `client`, the way a browser's FormData does. */
async function upload(client: Client, bytes: Uint8Array, name: string, type = 'image/jpeg') {
  const form = new FormData();
  form.append('file', new Blob([bytes as BlobPart], { type }), name);
  return send(client, { method: 'POST', body: form });
}

async function send(client: Client, init: RequestInit & { duplex?: 'half' }, headers: Record<string, string> = {}) {
  const res = await tp.app.request('http://localhost/api/v1/files', {
    ...init, headers: { origin: 'http://localhost', host: 'localhost', cookie: client.cookie, ...headers },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
}

/** GET bytes (no JSON parsing) as `client`, or without a session. */
async function download(client: Client | null, path: string) {
  const res = await tp.app.request(`http://localhost${path}`, { headers: { host: 'localhost', ...(client?.cookie ? { cookie: client.cookie } : {}) } });
  return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()), headers: res.headers };
}

/** A phone photo: landscape pixels, EXIF orientation 6 (rotate 90°), camera make and a GPS position. */
async function phoneJpeg(): Promise<Uint8Array> {
  const pixels = sharp({ create: { width: 640, height: 320, channels: 3, background: { r: 40, g: 120, b: 200 } } });
  return new Uint8Array(await pixels.jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'PhoneMaker', Model: 'P1' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '33/1 45/1 36/1', GPSLongitudeRef: 'E', GPSLongitude: '119/1 48/1 0/1' } })
    .withMetadata({ orientation: 6 })
    .toBuffer());
}

async function png(width: number, height: number): Promise<Uint8Array> {
  return new Uint8Array(await sharp({ create: { width, height, channels: 4, background: { r: 250, g: 200, b: 0, alpha: 1 } } }).png().toBuffer());
}

/** Every object in the test platform's storage directory. */
function storedObjects(): string[] {
  const dir = (tp.platform.deps.storage as LocalDiskStorage).dir;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('POST /api/v1/files', () => {
  it('stores a phone photo upright, without its EXIF and GPS, with a WebP thumbnail', async () => {
    const original = await phoneJpeg();
    expect((await sharp(original).metadata()).exif?.length).toBeGreaterThan(0); // the test input really carries EXIF
    const res = await upload(funing, original, 'IMG_0002.jpg');
    expect(res.status).toBe(201);
    const me = (await funing.get('/api/v1/me')).body;
    expect(res.body).toEqual({
      id: expect.any(String), tenantId: me.tenant.id, contentType: 'image/jpeg', size: expect.any(Number),
      width: 320, height: 640, originalName: 'IMG_0002.jpg',
      url: `/api/v1/files/${res.body.id}`, thumbUrl: `/api/v1/files/${res.body.id}/thumb`,
    });

    const stored = await download(funing, res.body.url);
    expect(stored.status).toBe(200);
    expect(stored.headers.get('content-type')).toBe('image/jpeg');
    expect(Number(stored.headers.get('content-length'))).toBe(res.body.size);
    const meta = await sharp(stored.bytes).metadata();
    expect([meta.width, meta.height, meta.orientation, meta.exif, meta.xmp]).toEqual([320, 640, undefined, undefined, undefined]);
    expect(stored.bytes.includes(Buffer.from('Exif\0\0'))).toBe(false);
    expect(stored.bytes.includes(Buffer.from('PhoneMaker'))).toBe(false);

    const thumb = await download(funing, res.body.thumbUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/webp');
    const thumbMeta = await sharp(thumb.bytes).metadata();
    expect(thumbMeta.format).toBe('webp');
    expect([thumbMeta.width, thumbMeta.height, thumbMeta.exif]).toEqual([240, 480, undefined]);
  });

  it('records the sha256 of the stored bytes and audits the upload', async () => {
    const stored = await download(funing, `/api/v1/files/${funingPhoto}`);
    const [row] = await asOwner(tp.platform.owner!, async (tx) => rowsOf<{ sha256: string; created_by: string; audits: number }>(await tx.execute(sql`
      select f.sha256, f.created_by,
        (select count(*)::int from audit_log a where a.action = 'file.upload' and a.subject_id = f.id::text) as audits
      from files f where f.id = ${funingPhoto}`)));
    expect(row!.sha256).toBe(createHash('sha256').update(stored.bytes).digest('hex'));
    expect(row!.created_by).toBe((await funing.get('/api/v1/me')).body.user.id);
    expect(row!.audits).toBe(1);
  });

  it('fits a large PNG thumbnail inside 480×480 and records the full size', async () => {
    const res = await upload(funing, await png(1200, 800), 'scan.png', 'image/png');
    expect(res.status).toBe(201);
    expect([res.body.contentType, res.body.width, res.body.height]).toEqual(['image/png', 1200, 800]);
    const thumb = await sharp((await download(funing, res.body.thumbUrl)).bytes).metadata();
    expect([thumb.format, thumb.width, thumb.height]).toEqual(['webp', 480, 320]);
  });

  it('stores a PDF as uploaded, without thumbnail, and serves it as an attachment', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const res = await upload(funing, pdf, '调研报告 (final).pdf', 'application/pdf');
    expect(res.status).toBe(201);
    expect([res.body.contentType, res.body.size, res.body.width, res.body.thumbUrl]).toEqual(['application/pdf', pdf.length, null, null]);
    const got = await download(funing, res.body.url);
    expect(Buffer.compare(got.bytes, Buffer.from(pdf))).toBe(0);
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('调研报告 ')}%28final%29.pdf`);
    expect((await download(funing, `${res.body.url}/thumb`)).status).toBe(404);
  });

  it('refuses a text file renamed to .jpg with 415, whatever the client claims', async () => {
    const res = await upload(funing, new TextEncoder().encode('<html><script>alert(1)</script></html>'), 'photo.jpg', 'image/jpeg');
    expect(res.status).toBe(415);
    expect(res.body.type).toBe('https://renda.dev/problems/unsupported-type');
    expect(res.body.title).toBe('文件类型不支持');
  });

  it('refuses bytes that start like a JPEG but do not decode with 422', async () => {
    const res = await upload(funing, new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5]), 'broken.jpg');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ path: 'file', message: expect.any(String) }]);
  });

  it('refuses an empty file and a request without a file part with 422', async () => {
    const empty = await upload(funing, new Uint8Array(), 'empty.jpg');
    expect([empty.status, empty.body.type, empty.body.errors[0].path]).toEqual([422, 'https://renda.dev/problems/validation', 'file']);
    const form = new FormData();
    form.append('note', 'no file here');
    expect((await send(funing, { method: 'POST', body: form })).status).toBe(422);
    expect((await funing.post('/api/v1/files', { file: 'not multipart' })).status).toBe(422);
  });

  it('refuses a file over the limit with 413', async () => {
    const big = new Uint8Array(LIMIT + 1).fill(7);
    big.set([0xff, 0xd8, 0xff]);
    // Encoded by hand, not with FormData: undici's FormData body stream throws an unhandled
    // "already closed" when the server stops reading it early, which is exactly what happens here.
    const body = new Blob(['--x\r\nContent-Disposition: form-data; name="file"; filename="huge.jpg"\r\nContent-Type: image/jpeg\r\n\r\n', big, '\r\n--x--\r\n']);
    const res = await send(funing, { method: 'POST', body }, { 'content-type': 'multipart/form-data; boundary=x' });
    expect(res.status).toBe(413);
    expect(res.body.type).toBe('https://renda.dev/problems/file-too-large');
    expect(res.body.detail).toContain('293 KB');
  });

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    let pulled = 0;
    const body = new ReadableStream({ pull(ctrl) { pulled += 1; ctrl.enqueue(new Uint8Array(10)); if (pulled > 3) ctrl.close(); } });
    const res = await send(funing, { method: 'POST', body, duplex: 'half' }, {
      'content-type': 'multipart/form-data; boundary=x', 'content-length': String(LIMIT * 10),
    });
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1); // the stream's own first pull at most, none by the parser
  });

  it('cuts off a chunked upload once it passes the limit instead of reading it all', async () => {
    const head = new TextEncoder().encode('--x\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n');
    const chunk = new Uint8Array(64 * 1024).fill(1);
    let sent = 0;
    const body = new ReadableStream({
      pull(ctrl) {
        ctrl.enqueue(sent === 0 ? head : chunk);
        sent += sent === 0 ? head.length : chunk.length;
        if (sent > 50 * 1024 * 1024) ctrl.close(); // 50 MB if nobody stops reading
      },
    });
    const before = storedObjects().length;
    const res = await send(funing, { method: 'POST', body, duplex: 'half' }, { 'content-type': 'multipart/form-data; boundary=x' });
    expect(res.status).toBe(413);
    expect(sent).toBeLessThan(LIMIT + 8 * chunk.length);
    expect(storedObjects().length).toBe(before);
  });

  it('deletes the stored bytes again when the database refuses the row', async () => {
    const before = storedObjects().sort();
    await asOwner(tp.platform.owner!, (tx) => tx.execute(sql`revoke insert on files from renda_app`));
    try {
      const res = await upload(funing, await png(50, 50), 'lost.png', 'image/png');
      expect(res.status).toBe(500);
    } finally {
      await asOwner(tp.platform.owner!, (tx) => tx.execute(sql`grant insert on files to renda_app`));
    }
    expect(storedObjects().sort()).toEqual(before);
  });
});

describe('GET /api/v1/files/:id', () => {
  it('serves the bytes to the own county with private caching headers', async () => {
    const res = await download(funing, `/api/v1/files/${funingPhoto}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, max-age=3600');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-disposition')).toBe('inline');
  });

  it('lets the city read a county file (roll-up) but answers 404 to a sibling county', async () => {
    const city = await tp.as('yancheng.staff');
    expect((await download(city, `/api/v1/files/${funingPhoto}`)).status).toBe(200);
    expect((await download(city, `/api/v1/files/${funingPhoto}/thumb`)).status).toBe(200);
    expect((await download(sheyang, `/api/v1/files/${funingPhoto}`)).status).toBe(404);
    expect((await download(sheyang, `/api/v1/files/${funingPhoto}/thumb`)).status).toBe(404);
    expect((await download(funing, `/api/v1/files/${sheyangPhoto}`)).status).toBe(404);
  });

  it('answers 404 for an id that is not a uuid or does not exist', async () => {
    expect((await download(funing, '/api/v1/files/not-a-uuid')).status).toBe(404);
    expect((await download(funing, `/api/v1/files/${ANY_ID}`)).status).toBe(404);
  });

  it('keeps no-store on everything else, problems from file routes included', async () => {
    expect((await download(funing, `/api/v1/files/${ANY_ID}`)).headers.get('cache-control')).toBe('no-store');
    expect((await funing.get('/api/v1/me')).headers.get('cache-control')).toBe('no-store');
  });
});

describe('GET /api/v1/public/files/:id', () => {
  it('answers 404 for a file that is no deputy photo or published evidence, and for a bad id', async () => {
    expect((await download(null, `/api/v1/public/files/${sheyangPhoto}`)).status).toBe(404);
    expect((await download(null, `/api/v1/public/files/${sheyangPhoto}/thumb`)).status).toBe(404);
    expect((await download(null, '/api/v1/public/files/../../etc')).status).toBe(404);
    expect((await download(null, '/api/v1/public/files/123')).status).toBe(404);
  });

  it('serves a deputy photo to anyone, with public caching', async () => {
    const photo = (await upload(funing, await phoneJpeg(), 'li.jpg')).body.id;
    expect((await download(null, `/api/v1/public/files/${photo}`)).status).toBe(404);
    await asOwner(tp.platform.owner!, (tx) => tx.execute(sql`update deputies set photo_file_id = ${photo} where public_code = 'FNLXY234'`));
    const res = await download(null, `/api/v1/public/files/${photo}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await sharp(res.bytes).metadata()).exif).toBeUndefined();
    const thumb = await download(null, `/api/v1/public/files/${photo}/thumb`);
    expect([thumb.status, thumb.headers.get('content-type')]).toEqual([200, 'image/webp']);
  });
});

describe('isolation', () => {
  // Every demo role may upload in its own congress (unit officers attach photos to replies), so
  // there is no 403 case here; the 401 and cross-congress 404 checks remain.
  routeIsolation(() => tp, { method: 'POST', path: '/api/v1/files' });
  routeIsolation(() => tp, {
    method: 'GET', path: `/api/v1/files/${ANY_ID}`,
    foreign: { login: 'sheyang.staff', path: () => `/api/v1/files/${funingPhoto}` },
  });
  routeIsolation(() => tp, {
    method: 'GET', path: `/api/v1/files/${ANY_ID}/thumb`,
    foreign: { login: 'funing.staff', path: () => `/api/v1/files/${sheyangPhoto}/thumb` },
  });

  it('hides the files of another county from direct SQL as the app role', async () => {
    const ctx = await contextOf(tp, 'sheyang.staff');
    const rows = await withContext(tp.platform.deps.handle, ctx, async (tx) =>
      rowsOf(await tx.execute(sql`select id from files where id = ${funingPhoto}`)));
    expect(rows).toEqual([]);
    const sibling = await visibleVersusExpected(tp, 'files', ctx);
    expect(sibling.seen).toEqual(sibling.expected);
    expect(sibling.seen.length).toBeGreaterThan(0);
    const city = await visibleVersusExpected(tp, 'files', await contextOf(tp, 'yancheng.staff'));
    expect(city.seen).toEqual(city.expected);
    expect(new Set(city.seen).size).toBe(2); // both counties' files roll up to the city
  });
});

describe('storage environment', () => {
  it('defaults to local disk under DATA_DIR/files with a 10 MB limit', () => {
    const env = loadEnv({ DATA_DIR: '/srv/renda' });
    expect([env.STORAGE, env.UPLOAD_MAX_BYTES, env.S3_REGION]).toEqual(['local', 10_485_760, 'us-east-1']);
    expect(storageConfig(env)).toEqual({ kind: 'local', dir: '/srv/renda/files' });
  });

  it('fails fast when STORAGE=s3 lacks its settings, naming each one', () => {
    expect(() => loadEnv({ STORAGE: 's3', S3_BUCKET: 'renda' })).toThrow(
      'invalid environment:\n  S3_ENDPOINT: required when STORAGE=s3\n  S3_ACCESS_KEY_ID: required when STORAGE=s3\n  S3_SECRET_ACCESS_KEY: required when STORAGE=s3');
    expect(() => loadEnv({ STORAGE: 'disk' })).toThrow(/STORAGE/);
    expect(() => loadEnv({ UPLOAD_MAX_BYTES: '0' })).toThrow(/UPLOAD_MAX_BYTES/);
  });

  it('builds the S3 configuration from the S3 variables', () => {
    const env = loadEnv({ STORAGE: 's3', S3_ENDPOINT: 'http://minio:9000', S3_BUCKET: 'renda', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_FORCE_PATH_STYLE: '0' });
    expect(storageConfig(env)).toEqual({
      kind: 's3', endpoint: 'http://minio:9000', bucket: 'renda', region: 'us-east-1', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: false,
    });
  });
});
