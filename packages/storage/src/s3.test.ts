import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidKeyError, S3Error, S3Storage } from './index.ts';
import { bytesOf } from './testing.ts';

// A real S3-compatible server in this process (s3rver), on the loopback address. s3rver checks
// the access key of a V4-signed request but not the signature itself, so one more test pins the
// signature to the worked example of AWS's own Signature V4 documentation.
describe('S3Storage against s3rver', () => {
  let dir: string;
  let server: InstanceType<typeof S3rver>;
  let storage: S3Storage;
  let endpoint: string;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'renda-s3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: 'renda-test', configs: [] }] });
    const address = (await server.run()) as AddressInfo;
    endpoint = `http://127.0.0.1:${address.port}`;
    storage = new S3Storage({ endpoint, bucket: 'renda-test', region: 'us-east-1', ...credentials, forcePathStyle: true });
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('puts, gets and deletes an object', async () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
    await storage.put('tenant-a/2026/05/photo', bytes, 'image/jpeg');
    const got = await storage.get('tenant-a/2026/05/photo');
    expect(got).not.toBeNull();
    expect(got!.size).toBe(bytes.length);
    expect(got!.contentType).toBe('image/jpeg');
    expect(Buffer.compare(await bytesOf(got!.body), Buffer.from(bytes))).toBe(0);
    await storage.delete('tenant-a/2026/05/photo');
    expect(await storage.get('tenant-a/2026/05/photo')).toBeNull();
  });

  it('answers null for a missing key and deletes a missing key without error', async () => {
    expect(await storage.get('tenant-a/2026/05/never-written')).toBeNull();
    await expect(storage.delete('tenant-a/2026/05/never-written')).resolves.toBeUndefined();
  });

  it('fails with the service status when the credentials are refused', async () => {
    const wrong = new S3Storage({ endpoint, bucket: 'renda-test', region: 'us-east-1', accessKeyId: 'NOT-A-KEY', secretAccessKey: 'x', forcePathStyle: true });
    const error = await wrong.put('tenant-a/x', new Uint8Array([1]), 'image/png').catch((e) => e);
    expect(error).toBeInstanceOf(S3Error);
    expect(error.status).toBe(403);
    expect(error.message).toContain('InvalidAccessKeyId');
  });

  it('fails with the service status for a bucket that does not exist', async () => {
    const missing = new S3Storage({ endpoint, bucket: 'no-such-bucket', region: 'us-east-1', ...credentials, forcePathStyle: true });
    const error = await missing.put('tenant-a/x', new Uint8Array([1]), 'image/png').catch((e) => e);
    expect(error).toBeInstanceOf(S3Error);
    expect(error.status).toBe(404);
  });

  it('signs a request exactly as the AWS Signature V4 example for GET Object does', async () => {
    // docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, "GET Object".
    const aws = new S3Storage({
      endpoint: 'https://s3.amazonaws.com', bucket: 'examplebucket', region: 'us-east-1', forcePathStyle: false,
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    });
    const request = await aws.sign('GET', 'test.txt', { headers: { range: 'bytes=0-9' } }, '20130524T000000Z');
    expect(request.url).toBe('https://examplebucket.s3.amazonaws.com/test.txt');
    expect(request.headers.get('authorization')?.replaceAll(', ', ',')).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
      'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
      'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
  });

  it('refuses keys that could escape the bucket prefix before sending anything', async () => {
    await expect(storage.put('../other-bucket/x', new Uint8Array([1]), 'image/png')).rejects.toBeInstanceOf(InvalidKeyError);
    await expect(storage.get('a/../../b')).rejects.toBeInstanceOf(InvalidKeyError);
  });

  it('builds virtual-hosted URLs when path style is off', () => {
    const vhost = new S3Storage({ endpoint: 'https://s3.example.com/', bucket: 'b1', region: 'us-east-1', ...credentials, forcePathStyle: false });
    expect(vhost.urlOf('t/2026/05/id')).toBe('https://b1.s3.example.com/t/2026/05/id');
    expect(storage.urlOf('t/2026/05/id')).toBe(`${endpoint}/renda-test/t/2026/05/id`);
  });
});
