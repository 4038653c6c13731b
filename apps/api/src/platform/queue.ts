import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { PgBoss, fromDrizzle } from 'pg-boss';
import { afterCommit, type Tx } from '@renda/db';

export const QUEUE_SCHEMA = 'pgboss';

/** Every durable job of the platform. The names are pg-boss queue names; never rename one in place. */
export const JOB = {
  purge: 'maintenance.purge-expired',
  deliver: 'notify.deliver',
  webhook: 'webhook.deliver',
  sweep: 'outbox.sweep',
  deadlines: 'cases.deadlines',
} as const;
export type JobName = (typeof JOB)[keyof typeof JOB];
export const jobNames: readonly JobName[] = Object.values(JOB);

/** Retry and expiry of one queue; sent with every job so they never depend on who created the queue. */
export interface JobPolicy {
  retryLimit: number;
  retryDelay: number;
  retryBackoff: boolean;
  retryDelayMax?: number;
  /** A job active for longer (its worker died) goes back to retry. */
  expireInSeconds: number;
  /** `stately`: at most one queued and one active, for periodic scans that must not pile up. */
  policy: 'standard' | 'stately';
}

export interface JobsConfig {
  policies?: Partial<Record<JobName, Partial<JobPolicy>>>;
  /** Outbound webhooks retry on their own schedule: `baseDelaySeconds` doubling, `maxAttempts` tries. */
  webhook?: { baseDelaySeconds?: number; maxAttempts?: number };
}

// A gateway or webhook call times out after 10 s, so a job still active after a minute lost its worker.
const defaultPolicies: Record<JobName, JobPolicy> = {
  [JOB.purge]: { retryLimit: 1, retryDelay: 60, retryBackoff: false, expireInSeconds: 600, policy: 'standard' },
  [JOB.deliver]: { retryLimit: 5, retryDelay: 30, retryBackoff: true, retryDelayMax: 3600, expireInSeconds: 60, policy: 'standard' },
  [JOB.webhook]: { retryLimit: 2, retryDelay: 30, retryBackoff: false, expireInSeconds: 60, policy: 'standard' },
  [JOB.sweep]: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 120, policy: 'stately' },
  [JOB.deadlines]: { retryLimit: 0, retryDelay: 0, retryBackoff: false, expireInSeconds: 300, policy: 'stately' },
};

export interface JobSettings {
  policies: Record<JobName, JobPolicy>;
  webhook: { baseDelaySeconds: number; maxAttempts: number };
}

/** The defaults with a deployment's (or a test's) overrides. */
export function jobSettings(config: JobsConfig = {}): JobSettings {
  const policies = Object.fromEntries(jobNames.map((name) => {
    const { retryDelayMax, ...policy } = { ...defaultPolicies[name], ...config.policies?.[name] };
    // pg-boss refuses a maximum delay without backoff.
    return [name, policy.retryBackoff && retryDelayMax ? { ...policy, retryDelayMax } : policy];
  })) as Record<JobName, JobPolicy>;
  return { policies, webhook: { baseDelaySeconds: config.webhook?.baseDelaySeconds ?? 30, maxAttempts: config.webhook?.maxAttempts ?? 8 } };
}

export interface EnqueueOptions {
  /** A deterministic job id: a second enqueue of the same id is a no-op (pg-boss `ON CONFLICT DO NOTHING`). */
  id?: string;
  startAfter?: Date;
}

/** Where a job stands, for the sweeper: absent, still to run, or finished one way or the other. */
export type JobState = 'absent' | 'waiting' | 'active' | 'completed' | 'failed' | 'cancelled';

/**
 * The durable job queue as request code sees it. `enqueue` writes the job in the caller's
 * transaction, so it exists exactly when the change that caused it commits.
 */
export interface JobQueue {
  kind: 'pg-boss' | 'inline';
  settings: JobSettings;
  enqueue(tx: Tx, name: JobName, data: object, options?: EnqueueOptions): Promise<void>;
  /** Queue outside any transaction (the sweeper); false when a job with that id already exists. */
  dispatch(name: JobName, data: object, options?: EnqueueOptions): Promise<boolean>;
  state(name: JobName, id: string): Promise<JobState>;
}

/** A job id made from a key (a webhook delivery and its attempt number): one job per attempt, whoever queues it. */
export function jobIdFor(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * pg-boss's `db` option over a drizzle transaction (pg-boss's own `fromDrizzle` adapter): its
 * statements run through `tx.execute`, on the transaction's connection, so a rollback removes
 * the job together with the change that queued it.
 */
export function transactionAdapter(tx: Tx) {
  return fromDrizzle(tx as unknown as Parameters<typeof fromDrizzle>[0], sql);
}

function sendOptions(policy: JobPolicy, options: EnqueueOptions) {
  const { policy: _, ...retry } = policy;
  return { ...retry, ...(options.id ? { id: options.id } : {}), ...(options.startAfter ? { startAfter: options.startAfter } : {}) };
}

/** The queue over pg-boss (a PostgreSQL server). */
export function createPgJobQueue(boss: PgBoss, settings: JobSettings): JobQueue {
  return {
    kind: 'pg-boss',
    settings,
    async enqueue(tx, name, data, options = {}) {
      const id = await boss.send(name, data, { ...sendOptions(settings.policies[name], options), db: transactionAdapter(tx) });
      // Without an id of ours, no row back means the queue does not exist: never lose a job silently.
      if (!id && !options.id) throw new Error(`job ${name} was not queued`);
    },
    async dispatch(name, data, options = {}) {
      return (await boss.send(name, data, sendOptions(settings.policies[name], options))) !== null;
    },
    async state(name, id) {
      const job = await boss.getJobById(name, id);
      if (!job) return 'absent';
      return job.state === 'created' || job.state === 'retry' ? 'waiting' : job.state;
    },
  };
}

export type JobRunner = (name: JobName, data: object, attempt: { retryCount: number }) => Promise<unknown>;

/**
 * The embedded start's stand-in (PGlite has no pg-boss): a job runs in this process right after
 * its transaction commits, or at its `startAfter`. Nothing is lost on a restart because the
 * outbox rows are the truth: the sweeper (see jobs.ts) re-runs what is still pending.
 */
export function createInlineJobQueue(settings: JobSettings, log: (line: object) => void = () => {}) {
  let runner: JobRunner | null = null;
  const running = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  const keyOf = (name: string, data: object, id?: string) => `${name}:${id ?? JSON.stringify(data)}`;

  async function run(name: JobName, data: object, id?: string): Promise<boolean> {
    const key = keyOf(name, data, id);
    if (!runner || running.has(key)) return false;
    running.add(key);
    try {
      await runner(name, data, { retryCount: 0 });
    } catch (error) {
      log({ level: 'warn', msg: 'job failed', job: name, error: String((error as Error)?.message ?? error) });
    } finally {
      running.delete(key);
    }
    return true;
  }

  function later(name: JobName, data: object, options: EnqueueOptions) {
    const delay = Math.max(0, (options.startAfter?.getTime() ?? 0) - Date.now());
    const timer = setTimeout(() => {
      timers.delete(timer);
      void run(name, data, options.id);
    }, delay);
    timer.unref();
    timers.add(timer);
  }

  const queue: JobQueue & { bind(fn: JobRunner): void; stop(): void; run: typeof run } = {
    kind: 'inline',
    settings,
    async enqueue(_tx, name, data, options = {}) {
      afterCommit(() => later(name, data, options));
    },
    async dispatch(name, data, options = {}) {
      if (running.has(keyOf(name, data, options.id))) return false;
      later(name, data, options);
      return true;
    },
    async state(name, id) {
      return [...running].some((k) => k === `${name}:${id}`) ? 'active' : 'absent';
    },
    bind(fn) {
      runner = fn;
    },
    stop() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      runner = null;
    },
    run,
  };
  return queue;
}
export type InlineJobQueue = ReturnType<typeof createInlineJobQueue>;

/**
 * Install or upgrade pg-boss's tables as the owner, then let the app role use them. The API and
 * the worker connect as renda_app and start pg-boss with `migrate: false`, so no request-serving
 * process ever needs DDL rights. Runs wherever the migrations run.
 * @example await installQueue(env.MIGRATION_DATABASE_URL);
 */
export async function installQueue(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({ connectionString: ownerUrl, schema: QUEUE_SCHEMA, supervise: false, schedule: false, max: 1 });
  boss.on('error', () => {});
  await boss.start();
  await boss.stop({ graceful: false });
  const { default: postgres } = await import('postgres');
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`
      GRANT USAGE ON SCHEMA ${QUEUE_SCHEMA} TO renda_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${QUEUE_SCHEMA} TO renda_app;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${QUEUE_SCHEMA} TO renda_app;
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${QUEUE_SCHEMA} TO renda_app;`);
  } finally {
    await sql.end();
  }
}

export interface BossOptions {
  /** Expire stuck jobs, keep queue statistics (the worker; never the API). */
  supervise?: boolean;
  /** Run cron schedules (the worker). */
  schedule?: boolean;
  superviseIntervalSeconds?: number;
  max?: number;
}

/** A pg-boss instance as the app role, never migrating. */
export function createBoss(appUrl: string, options: BossOptions = {}): PgBoss {
  const { superviseIntervalSeconds, max, ...rest } = options;
  return new PgBoss({
    connectionString: appUrl, schema: QUEUE_SCHEMA, migrate: false, max: max ?? 4,
    supervise: false, schedule: false, ...rest,
    // Expiry of a dead worker's job happens in the monitor pass: both follow the supervise interval.
    ...(superviseIntervalSeconds ? { superviseIntervalSeconds, monitorIntervalSeconds: superviseIntervalSeconds } : {}),
  });
}

/** Create every queue that does not exist yet (at startup, before anything is sent). */
export async function ensureQueues(boss: PgBoss, settings: JobSettings): Promise<void> {
  for (const name of jobNames) {
    if (await boss.getQueue(name)) continue;
    const { policy, ...options } = settings.policies[name];
    try {
      await boss.createQueue(name, { policy, ...options });
    } catch (error) {
      // Another process may have created it at the same moment.
      if (!(await boss.getQueue(name))) throw error;
    }
  }
}
