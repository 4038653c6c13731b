import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidKeyError, LocalDiskStorage } from './index.ts';
import { bytesOf } from './testing.ts';

describe('LocalDiskStorage', () => {
  let root: string;
  let storage: LocalDiskStorage;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'renda-storage-'));
    storage = new LocalDiskStorage(join(root, 'files'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('stores, reads back and deletes an object with its content type', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 250]);
    await storage.put('tenant-a/2026/05/one', bytes, 'image/png');
    const got = await storage.get('tenant-a/2026/05/one');
    expect(got).not.toBeNull();
    expect(got!.size).toBe(bytes.length);
    expect(got!.contentType).toBe('image/png');
    expect([...(await bytesOf(got!.body))]).toEqual([...bytes]);
    await storage.delete('tenant-a/2026/05/one');
    expect(await storage.get('tenant-a/2026/05/one')).toBeNull();
  });

  it('answers null for a missing key and deletes a missing key without error', async () => {
    expect(await storage.get('tenant-a/2026/05/missing')).toBeNull();
    await expect(storage.delete('tenant-a/2026/05/missing')).resolves.toBeUndefined();
  });

  it('replaces an object atomically and leaves no temporary files behind', async () => {
    await storage.put('tenant-b/x', new Uint8Array(1000).fill(1), 'application/pdf');
    await storage.put('tenant-b/x', new Uint8Array(10).fill(2), 'application/pdf');
    const got = await storage.get('tenant-b/x');
    expect([...(await bytesOf(got!.body))]).toEqual(new Array(10).fill(2));
    const names = await readdir(join(root, 'files', 'tenant-b'));
    expect(names.sort()).toEqual(['x', 'x.meta.json']);
  });

  it('refuses keys that could escape the directory or hit internal files', async () => {
    const bad = ['../outside', 'a/../../outside', '/etc/passwd', 'a//b', '.hidden', 'a/./b', 'a\\..\\b', '', 'a/b.meta.json', 'a/b%2F..', 'a\0b'];
    for (const key of bad) {
      await expect(storage.put(key, new Uint8Array([1]), 'text/plain'), key).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage.get(key), key).rejects.toBeInstanceOf(InvalidKeyError);
      await expect(storage.delete(key), key).rejects.toBeInstanceOf(InvalidKeyError);
    }
    await expect(stat(join(root, 'outside'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps the object at the key path so the layout is plain files', async () => {
    await storage.put('tenant-c/2026/01/abc', new TextEncoder().encode('%PDF-1.7'), 'application/pdf');
    expect(await readFile(join(root, 'files', 'tenant-c', '2026', '01', 'abc'), 'utf8')).toBe('%PDF-1.7');
  });
});
