import type { Handle } from '@sveltejs/kit/hooks';

// The workspace renders in the browser (ssr = false), but the HTML shell still comes from the
// server: give it the right `lang` from the same cookie the API and the client read.
export const handle: Handle = ({ event, resolve }) => {
	const lang = event.cookies.get('renda_locale') === 'en' ? 'en' : 'zh-CN';
	return resolve(event, {
		transformPageChunk: ({ html }) => html.replace('%lang%', lang)
	});
};
