import { publicReadLimit } from '../deputies/public.limit.ts';

/** The public replies of a congress, read past the tenant policies through a definer function. */
export const publicSuggestionRateLimit = publicReadLimit('suggestions', 'suggestionSearch.publicTooMany');
