// The workspace is an authenticated, client-rendered app: every data request goes from the
// browser to /api/v1 with the session cookie, so there is nothing useful to render on the server.
export const ssr = false;
export const prerender = false;
