import { createHash } from 'node:crypto';
import { AwsClient } from 'aws4fetch';
import { keySegments } from './keys.ts';
import type { Storage, StoredObject } from './types.ts';

export interface S3Options {
  /** Base URL of the S3-compatible service, e.g. `https://s3.example.com` or `http://127.0.0.1:9000`. */
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** `<endpoint>/<bucket>/<key>` instead of `<bucket>.<endpoint host>/<key>` (MinIO, most self-hosted services). */
  forcePathStyle: boolean;
}

/** A request to the S3 service failed; `status` is the HTTP status it answered. */
export class S3Error extends Error {
  readonly status: number;
  constructor(message: string, status: number) {
    super(message);
    this.name = 'S3Error';
    this.status = status;
  }
}

/**
 * An S3-compatible bucket through fetch, signed with AWS Signature V4 (aws4fetch: a few KB
 * instead of the AWS SDK). Uploads carry the payload's SHA-256 so the service rejects bytes
 * damaged in transit.
 * @example const storage = new S3Storage({ endpoint: 'http://127.0.0.1:9000', bucket: 'renda', region: 'us-east-1', accessKeyId, secretAccessKey, forcePathStyle: true });
 */
export class S3Storage implements Storage {
  private readonly client: AwsClient;
  private readonly options: S3Options;

  constructor(options: S3Options) {
    this.options = { ...options, endpoint: options.endpoint.replace(/\/+$/, '') };
    this.client = new AwsClient({
      accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey,
      region: options.region, service: 's3',
    });
  }

  /** The object's URL; the key is checked first, then each segment is percent-encoded. */
  urlOf(key: string): string {
    const path = keySegments(key).map(encodeURIComponent).join('/');
    const { endpoint, bucket, forcePathStyle } = this.options;
    if (forcePathStyle) return `${endpoint}/${encodeURIComponent(bucket)}/${path}`;
    const url = new URL(endpoint);
    url.hostname = `${bucket}.${url.hostname}`;
    return `${url.origin}/${path}`;
  }

  /**
   * A signed request for one object. The payload hash is always sent (never UNSIGNED-PAYLOAD),
   * so the signature covers the bytes. `datetime` pins the signing time (tests only).
   */
  sign(method: string, key: string, init: { body?: Uint8Array; headers?: Record<string, string> } = {}, datetime?: string): Promise<Request> {
    const payloadHash = createHash('sha256').update(init.body ?? new Uint8Array()).digest('hex');
    return this.client.sign(this.urlOf(key), {
      method,
      body: init.body as BodyInit | undefined,
      headers: { ...init.headers, 'x-amz-content-sha256': payloadHash },
      // Sign every header we set (content-type included), not only aws4fetch's default subset.
      aws: { allHeaders: true, ...(datetime ? { datetime } : {}) },
    });
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const res = await fetch(await this.sign('PUT', key, { body: bytes, headers: { 'content-type': contentType } }));
    if (!res.ok) throw await failure('put', key, res);
    await res.body?.cancel();
  }

  async get(key: string): Promise<StoredObject | null> {
    const res = await fetch(await this.sign('GET', key));
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok || !res.body) throw await failure('get', key, res);
    return {
      body: res.body as ReadableStream<Uint8Array>,
      size: Number(res.headers.get('content-length') ?? 0),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  async delete(key: string): Promise<void> {
    const res = await fetch(await this.sign('DELETE', key));
    // S3 answers 204 for a missing key too; some compatible services answer 404.
    if (!res.ok && res.status !== 404) throw await failure('delete', key, res);
    await res.body?.cancel();
  }
}

async function failure(verb: string, key: string, res: Response): Promise<S3Error> {
  const text = (await res.text().catch(() => '')).slice(0, 500);
  const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1] ?? '';
  return new S3Error(`S3 ${verb} ${key} failed: ${res.status} ${code}`.trim(), res.status);
}
