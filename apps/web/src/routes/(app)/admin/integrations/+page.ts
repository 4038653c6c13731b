import { loadData } from '#lib/api.ts';
import { casesAdmin } from '#lib/cases-admin.ts';
import type { PageLoad } from './$types';

// Outbound webhooks with their delivery log, and the keys external systems use to sign for and
// reply to cases (tenant admins of the congress).
export const load: PageLoad = async ({ parent }) => {
	await parent();
	const [webhooks, deliveries, keys, units] = await Promise.all([
		loadData(casesAdmin.listWebhooks()),
		loadData(casesAdmin.listDeliveries({ limit: 20 })),
		loadData(casesAdmin.listKeys()),
		casesAdmin.listUnits().catch(() => [])
	]);
	return { webhooks: webhooks.items, deliveries, keys: keys.items, units };
};
