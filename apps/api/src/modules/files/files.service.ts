import { randomUUID } from 'node:crypto';
import type { Tx } from '@renda/db';
import type { Storage } from '@renda/storage';
import { audit, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { Problem, notFound } from '../../platform/problem.ts';
import { prepareFile } from './files.content.ts';
import { insertFile, type FileRow } from './files.queries.ts';
import type { Upload } from './files.upload.ts';

/** The File shape of the API contract (docs/api.md, "Files"). */
export interface FileView {
  id: string;
  tenantId: string;
  contentType: string;
  size: number;
  width: number | null;
  height: number | null;
  originalName: string;
  url: string;
  thumbUrl: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 404 for anything that is not a uuid, before it reaches Postgres (which would answer 22P02). */
export function fileId(raw: string): string {
  if (!UUID.test(raw)) throw notFound('file.notFound');
  return raw.toLowerCase();
}

/** A file row as the API shows it: the bytes only through the authorized URLs below. */
export function fileView(row: Pick<FileRow, 'id' | 'tenantId' | 'contentType' | 'size' | 'width' | 'height' | 'originalName' | 'thumbKey'>): FileView {
  return {
    id: row.id, tenantId: row.tenantId, contentType: row.contentType, size: row.size,
    width: row.width ?? null, height: row.height ?? null, originalName: row.originalName,
    url: `/api/v1/files/${row.id}`,
    thumbUrl: row.thumbKey ? `/api/v1/files/${row.id}/thumb` : null,
  };
}

/** Check and store an upload in the active tenant, as the signed-in person. */
export async function uploadFile(c: Ctx, upload: Upload): Promise<FileView> {
  const auth = requireAuth(c);
  return storeFile(c, { tenantId: auth.membership.tenantId, userId: auth.userId, transaction: (fn) => tenantTx(c, fn) }, upload);
}

/** Whom a stored file belongs to: its congress and uploader (null for the public, whose photos a case's code decides). */
export interface FileOwner {
  tenantId: string;
  userId: string | null;
  /** A transaction under the owner's tenant settings, for the row and its audit entry. */
  transaction: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
}

/**
 * Check and store an upload: bytes first (original, then thumbnail), then the row and its audit
 * entry in one transaction. Should the transaction fail, the bytes are deleted again, so storage
 * never keeps objects that no row points to.
 */
export async function storeFile(c: Ctx, owner: FileOwner, upload: Upload): Promise<FileView> {
  const { storage } = c.get('deps');
  if (upload.bytes.length === 0) throw new Problem(422, 'validation', 'file.empty', {}, { errors: [{ path: 'file', message: '' }] });
  const prepared = await prepareFile(upload.bytes);
  const id = randomUUID();
  const tenantId = owner.tenantId;
  const now = new Date();
  const storageKey = `${tenantId}/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
  const thumbKey = prepared.thumb ? `${storageKey}-thumb` : null;
  const row = {
    id, tenantId, storageKey, thumbKey, contentType: prepared.contentType, size: prepared.bytes.length,
    sha256: prepared.sha256, width: prepared.width, height: prepared.height, originalName: upload.originalName, createdBy: owner.userId,
  };
  try {
    await storage.put(storageKey, prepared.bytes, prepared.contentType);
    if (thumbKey && prepared.thumb) await storage.put(thumbKey, prepared.thumb, 'image/webp');
    await owner.transaction(async (tx) => {
      await insertFile(tx, row);
      await audit(tx, c, {
        tenantId, action: 'file.upload', subjectType: 'File', subjectId: id,
        detail: { contentType: row.contentType, size: row.size, sha256: row.sha256, originalName: row.originalName },
      });
    });
  } catch (error) {
    await removeBytes(storage, [storageKey, thumbKey]);
    throw error;
  }
  return fileView(row);
}

async function removeBytes(storage: Storage, keys: (string | null)[]): Promise<void> {
  // Best effort: the original error is what the caller must see; a leftover object is harmless
  // because no row points to it.
  await Promise.allSettled(keys.filter((k): k is string => Boolean(k)).map((k) => storage.delete(k)));
}

/** What a download needs from the row (private rows and `public_file` both provide these). */
export interface Servable {
  id: string;
  storageKey: string;
  thumbKey: string | null;
  contentType: string;
  originalName?: string;
}

/**
 * Stream the original or the thumbnail with headers that keep a browser from reinterpreting
 * it: nosniff, and PDFs as attachments (a PDF opened inline runs in the viewer of our origin).
 */
export async function sendFile(c: Ctx, file: Servable, variant: 'original' | 'thumb', cacheControl: string): Promise<Response> {
  const key = variant === 'thumb' ? file.thumbKey : file.storageKey;
  if (!key) throw notFound('file.notFound');
  const object = await c.get('deps').storage.get(key);
  if (!object) throw notFound('file.notFound');
  const contentType = variant === 'thumb' ? 'image/webp' : file.contentType;
  const headers: Record<string, string> = {
    'Content-Type': contentType,
    'Content-Length': String(object.size),
    'Cache-Control': cacheControl,
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': contentType === 'application/pdf' ? attachment(file.originalName || `${file.id}.pdf`) : 'inline',
  };
  return c.body(object.body as ReadableStream, 200, headers);
}

/** RFC 6266 / RFC 8187: a UTF-8 file name (Chinese names included) that no header can break. */
function attachment(name: string): string {
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename*=UTF-8''${encoded}`;
}
