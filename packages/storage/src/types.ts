/** The bytes of a stored object and what the storage knows about them. */
export interface StoredObject {
  body: ReadableStream<Uint8Array> | Uint8Array;
  size: number;
  contentType: string;
}

/**
 * Where uploaded bytes live. Rows in `files` decide who may read them; a storage only keeps
 * bytes under keys the app generated. Implementations refuse keys that could escape their root.
 */
export interface Storage {
  /** Store `bytes` under `key`, replacing any object there. Readers never see a partial object. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The object under `key`, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  /** Remove the object under `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}
