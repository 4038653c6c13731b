import { casesAdmin, type UnitOption } from '#lib/cases-admin.ts';
import { session } from '#lib/session.svelte.ts';

/**
 * Units a category can route to, one per code: routing names a unit code of the case's congress,
 * so a scenario shared down routes to whichever unit carries that code below. The own congress's
 * unit names the code when there is one.
 */
export async function routingUnits(): Promise<UnitOption[]> {
	const all = await casesAdmin.listUnits().catch(() => []);
	const own = session.me?.tenant.id;
	const byCode = new Map<string, UnitOption>();
	for (const u of [...all.filter((u) => u.tenantId === own), ...all.filter((u) => u.tenantId !== own)]) {
		if (!byCode.has(u.code)) byCode.set(u.code, u);
	}
	return [...byCode.values()];
}
