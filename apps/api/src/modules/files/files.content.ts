import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { Problem } from '../../platform/problem.ts';

export type AcceptedType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif' | 'application/pdf';

/** What the upload will store: the bytes, their type and hash, and for images a WebP thumbnail. */
export interface PreparedFile {
  bytes: Uint8Array;
  contentType: AcceptedType;
  sha256: string;
  width: number | null;
  height: number | null;
  thumb: Uint8Array | null;
}

export const THUMB_MAX = 480;
// A decompression bomb is a small file that decodes to gigabytes; 100 megapixels is above any
// phone camera's default mode and keeps one decode under ~400 MB.
const MAX_PIXELS = 100_000_000;

const startsWith = (bytes: Uint8Array, prefix: number[], at = 0) => prefix.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((ch) => ch.charCodeAt(0));

/**
 * The type the bytes themselves declare (magic numbers), never the file name or the client's
 * Content-Type, which anyone can set: a renamed HTML file must not be served as an image.
 * @example sniff(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])) // 'application/pdf'
 */
export function sniff(bytes: Uint8Array): AcceptedType | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf';
  return null;
}

/**
 * Check the bytes and turn them into what is stored: 415 unless JPEG, PNG, WebP, GIF or PDF;
 * images are re-encoded without metadata and get a thumbnail.
 */
export async function prepareFile(bytes: Uint8Array): Promise<PreparedFile> {
  const contentType = sniff(bytes);
  if (!contentType) throw new Problem(415, 'unsupported-type', 'file.unsupportedType');
  if (contentType === 'application/pdf') {
    return { bytes, contentType, sha256: sha256Hex(bytes), width: null, height: null, thumb: null };
  }
  try {
    const stored = await stripImage(bytes, contentType);
    const meta = await sharp(stored, { limitInputPixels: MAX_PIXELS, pages: 1 }).metadata();
    const thumb = await thumbnail(stored);
    return { bytes: stored, contentType, sha256: sha256Hex(stored), width: meta.width ?? null, height: meta.height ?? null, thumb };
  } catch (error) {
    if (error instanceof Problem) throw error;
    // The magic number matched but libvips cannot decode it (truncated, corrupt, or a bomb).
    throw new Problem(422, 'validation', 'file.unreadable', {}, { errors: [{ path: 'file', message: '' }] });
  }
}

/**
 * The original as stored. Deputies upload phone photos whose EXIF carries the GPS position of
 * their home or of a constituent's door. Re-encoding with `rotate()` bakes the EXIF orientation
 * into the pixels and drops every metadata block (EXIF, XMP, IPTC), so no later code path —
 * public pages, downloads, S3 links — can leak it; keeping the original and filtering on the
 * way out would have to be right on every path forever. Re-encoding also discards anything
 * smuggled after the image data (polyglot files). Quality 85 is visually lossless for photos
 * and usually smaller than the phone's own encoding. PNG is re-encoded losslessly. GIF is kept
 * as uploaded: it has no EXIF block, and re-encoding animations costs more than it protects.
 */
async function stripImage(bytes: Uint8Array, type: AcceptedType): Promise<Uint8Array> {
  if (type === 'image/gif') {
    await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata(); // still refuse what cannot be decoded
    return bytes;
  }
  const animated = type === 'image/webp' && ((await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata()).pages ?? 1) > 1;
  let image = sharp(bytes, { limitInputPixels: MAX_PIXELS, animated });
  if (!animated) image = image.rotate();
  if (type === 'image/jpeg') image = image.jpeg({ quality: 85 });
  else if (type === 'image/png') image = image.png();
  else image = image.webp({ quality: 85 });
  return new Uint8Array(await image.toBuffer());
}

/** WebP, fit inside 480×480 (never enlarged), orientation applied, no metadata (sharp's default). */
async function thumbnail(stored: Uint8Array): Promise<Uint8Array> {
  const out = await sharp(stored, { limitInputPixels: MAX_PIXELS, pages: 1 })
    .rotate()
    .resize(THUMB_MAX, THUMB_MAX, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 80 })
    .toBuffer();
  return new Uint8Array(out);
}

/** Hex SHA-256 of the stored bytes, kept on the row to spot a corrupted or swapped object. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
