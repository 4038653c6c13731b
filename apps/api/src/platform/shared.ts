import { EventEmitter } from 'node:events';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

export interface LimiterOptions {
  keyPrefix: string;
  points: number;
  /** Window in seconds. */
  duration: number;
  /** Seconds to block once the points are spent. */
  blockDuration?: number;
}

/**
 * What the platform asks of Redis: a cache with expiry, counters, rate limiters and pub/sub
 * between API instances. `createRedisShared` is the real one; `createMemoryShared` stands in
 * for a single embedded process, where "every instance" is this one.
 */
export interface Shared {
  kind: 'redis' | 'memory';
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Set only when absent (a lock); true when this call set it. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  del(...keys: string[]): Promise<void>;
  incr(key: string): Promise<number>;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: (message: string) => void): Promise<void>;
  limiter(options: LimiterOptions): RateLimiterAbstract;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Every key and channel is prefixed, so deployments (or test suites) can share one Redis.
 * @example const shared = await createRedisShared('redis://127.0.0.1:6379', 'renda:');
 */
export async function createRedisShared(url: string, prefix = 'renda:'): Promise<Shared> {
  const k = (key: string) => prefix + key;
  const { createClient } = await import('redis');
  const client = createClient({ url });
  client.on('error', () => {}); // reconnects on its own; readiness reports the outage
  await client.connect();
  let subscriber: typeof client | null = null;
  return {
    kind: 'redis',
    get: (key) => client.get(k(key)) as Promise<string | null>,
    async set(key, value, ttl) {
      await client.set(k(key), value, { EX: ttl });
    },
    async setIfAbsent(key, value, ttl) {
      return (await client.set(k(key), value, { EX: ttl, NX: true })) === 'OK';
    },
    async del(...keys) {
      if (keys.length) await client.del(keys.map(k));
    },
    incr: (key) => client.incr(k(key)) as Promise<number>,
    async publish(channel, message) {
      await client.publish(k(channel), message);
    },
    async subscribe(channel, handler) {
      if (!subscriber) {
        subscriber = client.duplicate();
        subscriber.on('error', () => {});
        await subscriber.connect();
      }
      await subscriber.subscribe(k(channel), (message: string) => handler(message));
    },
    limiter: (o) => new RateLimiterRedis({ storeClient: client, useRedisPackage: true, ...o, keyPrefix: k(o.keyPrefix) }),
    async ping() {
      try {
        return (await client.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      await subscriber?.quit().catch(() => {});
      await client.quit().catch(() => {});
    },
  };
}

/** The in-process stand-in for the embedded start: one process, so one memory. */
export function createMemoryShared(): Shared {
  const store = new Map<string, { value: string; expires: number }>();
  const bus = new EventEmitter();
  bus.setMaxListeners(0);
  const live = (key: string) => {
    const entry = store.get(key);
    if (entry && entry.expires <= Date.now()) store.delete(key);
    return store.get(key);
  };
  return {
    kind: 'memory',
    get: async (key) => live(key)?.value ?? null,
    async set(key, value, ttl) {
      store.set(key, { value, expires: Date.now() + ttl * 1000 });
    },
    async setIfAbsent(key, value, ttl) {
      if (live(key)) return false;
      store.set(key, { value, expires: Date.now() + ttl * 1000 });
      return true;
    },
    async del(...keys) {
      for (const k of keys) store.delete(k);
    },
    async incr(key) {
      const next = Number(live(key)?.value ?? 0) + 1;
      store.set(key, { value: String(next), expires: Number.MAX_SAFE_INTEGER });
      return next;
    },
    async publish(channel, message) {
      bus.emit(channel, message);
    },
    async subscribe(channel, handler) {
      bus.on(channel, handler);
    },
    limiter: (o) => new RateLimiterMemory(o),
    ping: async () => true,
    async close() {
      store.clear();
      bus.removeAllListeners();
    },
  };
}
