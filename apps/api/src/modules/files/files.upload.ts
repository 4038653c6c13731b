import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import type { Ctx } from '../../platform/context.ts';
import { Problem } from '../../platform/problem.ts';

/** The one `file` part of a multipart upload. */
export interface Upload {
  bytes: Uint8Array;
  originalName: string;
}

// Room for the multipart envelope (boundaries, part headers, a few small fields) on top of the
// file itself when judging a request by its total size.
const ENVELOPE = 64 * 1024;

/** 413 `file-too-large`, naming the limit in the caller's units. */
export const tooLarge = (maxBytes: number) =>
  new Problem(413, 'file-too-large', 'file.tooLarge', { max: formatBytes(maxBytes) });
const missing = () => new Problem(422, 'validation', 'file.missing', {}, { errors: [{ path: 'file', message: '' }] });

/**
 * Read the `file` part of a multipart/form-data request, holding at most `maxBytes` of it in
 * memory. A declared Content-Length over the limit is refused before reading; otherwise bytes
 * are counted as they stream in (a chunked request declares nothing), and the request is cut
 * off as soon as the file passes the limit, so an oversized upload costs neither memory nor the
 * time to receive it whole.
 */
export async function readUpload(c: Ctx, maxBytes: number): Promise<Upload> {
  const type = c.req.header('content-type') ?? '';
  if (!/^multipart\/form-data\b/i.test(type)) throw missing();
  const declared = Number(c.req.header('content-length') ?? NaN);
  if (declared > maxBytes + ENVELOPE) throw tooLarge(maxBytes);

  const source = c.req.raw.bodyUsed
    ? Readable.from([Buffer.from(await c.req.arrayBuffer())]) // an earlier middleware read it
    : Readable.fromWeb((c.req.raw.body ?? new Blob([]).stream()) as never);
  let total = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      total += chunk.length;
      done(total > maxBytes + ENVELOPE ? tooLarge(maxBytes) : null, chunk);
    },
  });
  const parser = busboy({
    headers: { 'content-type': type },
    limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 4096, parts: 20, headerPairs: 20 },
    defParamCharset: 'utf8',
  });

  const file = collectFile(parser, maxBytes);
  let upload: Upload | null;
  try {
    [, upload] = await Promise.all([pipeline(source, counter, parser), file]);
  } catch (error) {
    source.destroy();
    if (error instanceof Problem) throw error;
    // A malformed envelope (no boundary, cut short) is the client's mistake, not ours.
    throw missing();
  }
  if (!upload) throw missing();
  return upload;
}

/** The first `file` part's bytes (null when there is none); rejects with 413 past `maxBytes`. */
function collectFile(parser: busboy.Busboy, maxBytes: number): Promise<Upload | null> {
  return new Promise((resolve, reject) => {
    let taken = false;
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || taken) {
        stream.resume(); // not ours: drain without keeping
        return;
      }
      taken = true;
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      // busboy stops at fileSize and emits 'limit': the file is larger than allowed.
      stream.on('limit', () => reject(tooLarge(maxBytes)));
      stream.on('end', () => {
        if (!stream.truncated) resolve({ bytes: new Uint8Array(Buffer.concat(chunks)), originalName: cleanName(info.filename) });
      });
      stream.on('error', reject);
    });
    parser.on('close', () => resolve(null));
  });
}

/** The base name the client sent, without a path, control characters or excess length. */
export function cleanName(name: string | undefined): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  return base.normalize('NFC').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round((n / 1024 / 1024) * 10) / 10} MB`;
  if (n >= 1024) return `${Math.round((n / 1024) * 10) / 10} KB`;
  return `${n} B`;
}
