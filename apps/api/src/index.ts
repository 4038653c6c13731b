// What other apps of the repository use from the API package: the worker boots the same platform
// without HTTP and works the jobs the API queues.
export { bootPlatform, type Platform, type PlatformConfig } from './boot.ts';
export { NotifyEnv, channelConfig, checkNotifyEnv, jobsConfig } from './env.ts';
export { registerJobs, jobRunner, purgeExpired, type WorkOptions } from './jobs/index.ts';
export { JOB, createBoss, installQueue, type JobName } from './platform/queue.ts';
