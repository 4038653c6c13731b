import type { StoredObject } from './types.ts';

/**
 * Read a storage body, whichever form it has, into one buffer (tests and small objects only).
 * @example const bytes = await bytesOf((await storage.get(key))!.body);
 */
export async function bytesOf(body: StoredObject['body']): Promise<Buffer> {
  if (body instanceof Uint8Array) return Buffer.from(body);
  return Buffer.from(await new Response(body).arrayBuffer());
}
