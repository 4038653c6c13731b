import type { Deps } from './platform/env-types.ts';
import { JOB, type InlineJobQueue } from './platform/queue.ts';

/**
 * The embedded start's stand-in for the worker (pg-boss needs a PostgreSQL server). Jobs queued
 * by requests already run after their commit (see createInlineJobQueue); these timers add what
 * the worker's schedules do: the outbox sweeper every 30 s — durable, since the outbox rows are
 * the truth and a restart only delays them — the deadline scan every minute, and the purge.
 */
export function startEmbeddedJobs(deps: Deps) {
  const queue = deps.jobs as InlineJobQueue;
  if (queue.kind !== 'inline') throw new Error('startEmbeddedJobs: the platform has a real job queue; run apps/worker instead');
  const every = (ms: number, fn: () => unknown) => {
    const timer = setInterval(() => void fn(), ms);
    timer.unref();
    return timer;
  };
  const timers = [
    every(30_000, () => queue.run(JOB.sweep, {})),
    every(60_000, () => queue.run(JOB.deadlines, {})),
    every(15 * 60_000, () => queue.run(JOB.purge, {})),
  ];
  return { stop: () => timers.forEach(clearInterval) };
}
