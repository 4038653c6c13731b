// Public pages (a deputy's profile opened from a QR code) need no session: this layout never
// loads `me`, and their API calls are `quiet`, so nothing here redirects to the login page.
// Rendering stays in the browser, as the root layout decides (ssr = false).
export const prerender = false;
