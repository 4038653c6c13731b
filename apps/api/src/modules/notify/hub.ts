import type { Shared } from '../../platform/shared.ts';

/** A live event for one person's open streams (the SSE endpoint). */
export interface LiveEvent {
  type: 'notification';
  data: unknown;
}

export interface LiveHub {
  /** Reach every API instance the person is connected to (Redis pub/sub). */
  publish(userId: string, event: LiveEvent): Promise<void>;
  /** Listen in this process; call the returned function when the stream closes. */
  subscribe(userId: string, listener: (event: LiveEvent) => void): () => void;
  /** Open listeners in this process (for tests and metrics). */
  listeners(): number;
}

const CHANNEL = 'live:users';

/**
 * Live pushes over the shared pub/sub: one Redis subscription per process, fanned out in
 * process to the open streams of each person. A process with nobody connected still receives
 * every message and drops it; one channel keeps the subscription count at one whatever the
 * number of people, which matters more at this scale than the bytes.
 * @example const hub = await createLiveHub(shared); const off = hub.subscribe(userId, send);
 */
export async function createLiveHub(shared: Shared, log: (line: object) => void = () => {}): Promise<LiveHub> {
  const byUser = new Map<string, Set<(event: LiveEvent) => void>>();
  await shared.subscribe(CHANNEL, (message) => {
    let parsed: { userId: string; event: LiveEvent };
    try {
      parsed = JSON.parse(message);
    } catch {
      return;
    }
    for (const listener of byUser.get(parsed.userId) ?? []) {
      try {
        listener(parsed.event);
      } catch (error) {
        log({ level: 'warn', msg: 'live listener failed', error: String(error) });
      }
    }
  });
  return {
    async publish(userId, event) {
      await shared.publish(CHANNEL, JSON.stringify({ userId, event }));
    },
    subscribe(userId, listener) {
      let set = byUser.get(userId);
      if (!set) byUser.set(userId, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && byUser.get(userId) === set) byUser.delete(userId);
      };
    },
    listeners: () => [...byUser.values()].reduce((n, s) => n + s.size, 0),
  };
}
