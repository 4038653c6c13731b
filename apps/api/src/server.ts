import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';

type NodeHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

const webHandlerPath = fileURLToPath(new URL('../../web/build/handler.js', import.meta.url));

/** The web app's adapter-node handler, when the web app has been built. */
export async function loadWebHandler(): Promise<NodeHandler | null> {
  if (!existsSync(webHandlerPath)) return null;
  const mod = (await import(webHandlerPath)) as { handler: NodeHandler };
  return mod.handler;
}

/**
 * One port for both: `/api/*` goes to Hono, everything else to the SvelteKit handler, so the
 * session cookie and the same-origin checks need no proxy in front.
 */
export function createHttpServer(app: Hono<never>, web: NodeHandler | null): Server {
  const api = getRequestListener(app.fetch);
  return createServer((req, res) => {
    if (!web || req.url?.startsWith('/api/') || req.url === '/api') {
      api(req, res);
      return;
    }
    web(req, res, () => {
      res.statusCode = 404;
      res.end('Not found');
    });
  });
}
