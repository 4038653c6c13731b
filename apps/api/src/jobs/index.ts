import type { PgBoss } from 'pg-boss';
import type { Deps } from '../platform/env-types.ts';
import { JOB, type JobName, type JobRunner } from '../platform/queue.ts';
import { scanDeadlines } from '../modules/cases/deadlines.ts';
import { scanSuggestionDeadlines } from '../modules/suggestions/suggestions.deadlines.ts';
import { deliverMessage, type OutboxJob } from './deliver.ts';
import { purgeExpired } from './maintenance.ts';
import { sweepOutbox } from './sweep.ts';
import { deliverWebhook } from './webhook.ts';

export { purgeExpired } from './maintenance.ts';
export { deliverMessage } from './deliver.ts';
export { deliverWebhook } from './webhook.ts';
export { sweepOutbox } from './sweep.ts';

/** On the worker, a pending outbox row older than this has lost its job. */
export const LOST_AFTER_MS = 2 * 60 * 1000;

type Log = (line: object) => void;

/** The handler of each job, shared by the worker (pg-boss) and the embedded start (in process). */
export function jobRunner(deps: Deps, log: Log, options: { lostAfterMs?: number } = {}): JobRunner {
  return async (name: JobName, data: object, attempt: { retryCount: number }) => {
    switch (name) {
      case JOB.deliver:
        return deliverMessage(deps, data as OutboxJob, attempt);
      case JOB.webhook:
        return deliverWebhook(deps, data as OutboxJob);
      case JOB.sweep: {
        const result = await sweepOutbox(deps, options.lostAfterMs ?? LOST_AFTER_MS);
        if (result.queued) log({ msg: 'requeued pending outbox rows', ...result });
        return result;
      }
      case JOB.deadlines: {
        const result = await scanDeadlines(deps);
        if (result.reminded || result.escalated) log({ msg: 'deadlines scanned', ...result });
        // Motions and suggestions owe their sign-for, reply and rating steps on the same clock.
        const suggestions = await scanSuggestionDeadlines(deps);
        if (suggestions.reminded || suggestions.escalated) log({ msg: 'suggestion deadlines scanned', ...suggestions });
        return { reminded: result.reminded + suggestions.reminded, escalated: result.escalated + suggestions.escalated };
      }
      case JOB.purge: {
        const result = await purgeExpired(deps.handle);
        log({ msg: 'purged expired rows', ...result });
        return result;
      }
    }
  };
}

export interface WorkOptions {
  /** How often an idle worker polls each queue; default 2 s. */
  pollingIntervalSeconds?: number;
  /** Jobs of one kind run at once in this process; default 4 for deliveries. */
  concurrency?: number;
}

const schedules: Array<[JobName, string]> = [
  [JOB.purge, '*/15 * * * *'],
  [JOB.sweep, '* * * * *'],
  [JOB.deadlines, '* * * * *'],
];

/**
 * Work every queue and keep the periodic schedules (the worker; the API only sends). A schedule
 * lives in the database, so several workers share one cron and each minute's job runs once.
 * @example await registerJobs(platform.boss!, platform.deps, log);
 */
export async function registerJobs(boss: PgBoss, deps: Deps, log: Log, options: WorkOptions = {}): Promise<void> {
  const run = jobRunner(deps, log);
  const polling = { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 };
  for (const name of [JOB.deliver, JOB.webhook, JOB.sweep, JOB.deadlines, JOB.purge] as const) {
    const parallel = name === JOB.deliver || name === JOB.webhook ? (options.concurrency ?? 4) : 1;
    await boss.work<object>(name, { ...polling, localConcurrency: parallel }, async (jobs) => {
      const results = [];
      for (const job of jobs) results.push(await run(name, job.data, { retryCount: job.retryCount }));
      return results.length === 1 ? results[0] : results;
    });
  }
  for (const [name, cron] of schedules) {
    const { policy: _, ...retry } = deps.jobs.settings.policies[name];
    await boss.schedule(name, cron, null, retry);
  }
}
