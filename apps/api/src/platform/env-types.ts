import type { DatabaseHandle } from '@renda/db';
import type { AppAbility } from '@renda/policy';
import type { Storage } from '@renda/storage';
import type { Locale } from './i18n.ts';
import type { Shared } from './shared.ts';
import type { FlagService } from '../modules/flags/flags.service.ts';
import type { ChannelSet } from '../modules/notify/channels.ts';
import type { LiveHub } from '../modules/notify/hub.ts';
import type { JobQueue } from './queue.ts';

/** Everything a request handler may reach, built once at boot. */
export interface Deps {
  handle: DatabaseHandle;
  shared: Shared;
  flags: FlagService;
  production: boolean;
  secureCookies: boolean;
  /** Allow the demo password (never in production). */
  demo: boolean;
  /** Where uploaded files' bytes live (local disk or S3-compatible). */
  storage: Storage;
  /** Largest accepted upload, in bytes (UPLOAD_MAX_BYTES). */
  uploadMaxBytes: number;
  /** Durable jobs, queued inside the caller's transaction (pg-boss; in process when embedded). */
  jobs: JobQueue;
  /** Live pushes to people's open streams, across API instances. */
  hub: LiveHub;
  /** SMS, WeChat and email. */
  channels: ChannelSet;
}

export interface ActiveMembership {
  id: string;
  tenantId: string;
  tenantPath: string;
  tenantCode: string;
  tenantName: string;
  tenantLevel: string;
  requireTotp: boolean;
  roles: string[];
}

export interface Auth {
  sessionId: string;
  userId: string;
  username: string;
  userHasTotp: boolean;
  membership: ActiveMembership | null;
  ability: AppAbility;
  /** The tenant asks this role for TOTP and the person has not enrolled yet. */
  totpSetupRequired: boolean;
}

export type AppEnv = {
  Variables: {
    requestId: string;
    locale: Locale;
    deps: Deps;
    auth: Auth | null;
  };
};
