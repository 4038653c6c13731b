import { routingUnits } from '../units.ts';
import type { PageLoad } from './$types';

// A new scenario of the active congress.
export const load: PageLoad = async ({ parent }) => {
	await parent();
	return { units: await routingUnits() };
};
