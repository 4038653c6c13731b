import { LocalDiskStorage } from './local.ts';
import { S3Storage, type S3Options } from './s3.ts';
import type { Storage } from './types.ts';

export type { Storage, StoredObject } from './types.ts';
export { InvalidKeyError, keySegments } from './keys.ts';
export { LocalDiskStorage } from './local.ts';
export { S3Error, S3Storage, type S3Options } from './s3.ts';

/** How to build a storage; the app's env.ts turns `STORAGE` and `S3_*` into one of these. */
export type StorageConfig = { kind: 'local'; dir: string } | ({ kind: 's3' } & S3Options);

/**
 * The storage a configuration names.
 * @example const storage = createStorage({ kind: 'local', dir: './data/files' });
 */
export function createStorage(config: StorageConfig): Storage {
  if (config.kind === 'local') return new LocalDiskStorage(config.dir);
  const { kind: _kind, ...options } = config;
  return new S3Storage(options);
}
