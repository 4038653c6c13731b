import { sveltekit } from '@sveltejs/kit/vite';
import adapter from '@sveltejs/adapter-node';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { defineConfig } from 'vite';

// The API server (apps/api) serves /api on the same origin in production. During `vite dev`
// requests to /api are proxied to it, so cookies stay first-party exactly as in production.
const apiTarget = process.env.RENDA_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
	plugins: [
		paraglideVitePlugin({
			project: './project.inlang',
			outdir: './src/lib/paraglide',
			// The cookie is shared with the API, which reads it to choose the language of
			// problem+json details; see README.md ("Language").
			strategy: ['cookie', 'baseLocale'],
			cookieName: 'renda_locale'
		}),
		sveltekit({
			adapter: adapter({ out: 'build' })
		})
	],
	build: {
		// ECharts (core + bar chart + SVG renderer) is ~520 kB minified, ~175 kB gzipped. It is
		// only in the /insights route's chunk, loaded when that page opens.
		chunkSizeWarningLimit: 600
	},
	server: {
		proxy: { '/api': { target: apiTarget, changeOrigin: false } }
	}
});
