import type { Tenant } from '#lib/types.ts';

/** What a tree node may ask of the page: the page owns the dialogs. */
export interface TenantActions {
	canCreate: boolean;
	canRetire: boolean;
	add(parent: Tenant, done: (child: Tenant) => void): void;
	retire(tenant: Tenant, done: (retired: Tenant) => void): void;
	/** Add the congresses of the official division list that are missing below `tenant`. */
	fill(tenant: Tenant, done: (updated: Tenant) => void): Promise<void>;
}
