import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidKeyError, keySegments, META_SUFFIX } from './keys.ts';
import type { Storage, StoredObject } from './types.ts';

/**
 * Files on the local disk under one directory (`${DATA_DIR}/files` by default): the object at
 * `<dir>/<key>`, its content type in a sidecar `<dir>/<key>.meta.json`. Meant for a single API
 * process (the embedded start); several instances need a shared storage such as S3.
 * @example const storage = new LocalDiskStorage('./data/files'); await storage.put('t/2026/05/id', bytes, 'image/png');
 */
export class LocalDiskStorage implements Storage {
  readonly dir: string;

  constructor(dir: string) {
    this.dir = resolve(dir);
  }

  /** The absolute path of a key, after checking it cannot leave the directory. */
  pathOf(key: string): string {
    const path = resolve(this.dir, ...keySegments(key));
    // keySegments already refuses `..` and absolute segments; this second check guards against
    // anything the pattern might let through on another platform's path rules.
    if (!path.startsWith(this.dir + sep)) throw new InvalidKeyError(key);
    return path;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    // The sidecar lands first: once the object itself is renamed into place, a reader finds both.
    await writeAtomically(path + META_SUFFIX, JSON.stringify({ contentType }));
    await writeAtomically(path, bytes);
  }

  async get(key: string): Promise<StoredObject | null> {
    const path = this.pathOf(key);
    let handle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      // Size from the open handle, not a separate stat, so it matches the bytes streamed even if
      // the key is replaced meanwhile (rename swaps the directory entry, not this open file).
      const { size } = await handle.stat();
      const contentType = await readContentType(path + META_SUFFIX);
      const stream = handle.createReadStream({ autoClose: true });
      return { body: Readable.toWeb(stream) as ReadableStream<Uint8Array>, size, contentType };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    await rm(path, { force: true });
    await rm(path + META_SUFFIX, { force: true });
  }
}

/** Write to a temporary file beside `path`, then rename over it: rename is atomic on one filesystem. */
async function writeAtomically(path: string, data: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), `.${randomBytes(8).toString('hex')}.tmp`);
  try {
    await writeFile(temp, data, { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function readContentType(metaPath: string): Promise<string> {
  try {
    const meta = JSON.parse(await readFile(metaPath, 'utf8')) as { contentType?: unknown };
    return typeof meta.contentType === 'string' ? meta.contentType : 'application/octet-stream';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'application/octet-stream';
    throw error;
  }
}
