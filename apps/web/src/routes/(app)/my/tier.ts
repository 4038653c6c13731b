// A deputy's list can show records of another seat: from a city tier the API rolls up the
// person's county and township records too. These helpers name that seat, and switch to it,
// because a record can only be changed from the congress that owns it.

import { session } from '#lib/session.svelte.ts';
import type { Membership } from '#lib/types.ts';

/** The caller's membership in `tenantId` when that is not the active tier, else null. */
export function otherSeat(tenantId: string): Membership | null {
	const me = session.me;
	if (!me || me.tenant.id === tenantId) return null;
	return me.memberships.find((ms) => ms.tenantId === tenantId) ?? null;
}
