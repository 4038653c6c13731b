import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { withContext } from '@renda/db';
import { subjectOf } from '@renda/policy';
import type { AppEnv } from '../../platform/env-types.ts';
import { authorize, requireAuth, tenantTx, type Ctx } from '../../platform/context.ts';
import { notFound } from '../../platform/problem.ts';
import { findFile, findPublicFile } from './files.queries.ts';
import { fileId, sendFile, uploadFile } from './files.service.ts';
import { readUpload } from './files.upload.ts';

export const fileRoutes = new Hono<AppEnv>();
export const publicFileRoutes = new Hono<AppEnv>();

// Private files may sit in a browser cache for an hour: they are the signed-in person's own
// roll-up and never change (a new upload is a new id). Public files are shared caches' business.
const PRIVATE_CACHE = 'private, max-age=3600';
const PUBLIC_CACHE = 'public, max-age=86400';

const uploadDoc = describeRoute({
  tags: ['files'], summary: 'Upload a file (JPEG, PNG, WebP, GIF or PDF)',
  requestBody: {
    required: true,
    content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } } },
  },
});

// POST /api/v1/files — upload one file into the active tenant (checked by its bytes, images re-encoded)
fileRoutes.post('/', uploadDoc, async (c) => {
  const auth = requireAuth(c);
  // Permission before reading the body: a refused caller does not get to stream 10 MB at us.
  authorize(c, 'create', subjectOf('File', { tenantId: auth.membership.tenantId }));
  const upload = await readUpload(c, c.get('deps').uploadMaxBytes);
  return c.json(await uploadFile(c, upload), 201);
});

// GET /api/v1/files/:id — the stored bytes of a file in the caller's roll-up
fileRoutes.get('/:id', describeRoute({ tags: ['files'], summary: 'Download a file' }), (c) => sendPrivate(c, 'original'));

// GET /api/v1/files/:id/thumb — the WebP thumbnail of an image in the caller's roll-up
fileRoutes.get('/:id/thumb', describeRoute({ tags: ['files'], summary: 'Download a thumbnail' }), (c) => sendPrivate(c, 'thumb'));

async function sendPrivate(c: Ctx, variant: 'original' | 'thumb') {
  authorize(c, 'read', 'File');
  const id = fileId(c.req.param('id') ?? '');
  // RLS decides visibility: a file outside the roll-up is simply not found (404, never 403).
  const row = await tenantTx(c, (tx) => findFile(tx, id));
  if (!row) throw notFound('file.notFound');
  return sendFile(c, row, variant, PRIVATE_CACHE);
}

// GET /api/v1/public/files/:id — a deputy's photo or evidence of a published activity, no session
publicFileRoutes.get('/:id', describeRoute({ tags: ['public'], summary: 'Download a public file' }), (c) => sendPublic(c, 'original'));

// GET /api/v1/public/files/:id/thumb — the thumbnail of such a public file
publicFileRoutes.get('/:id/thumb', describeRoute({ tags: ['public'], summary: 'Download a public thumbnail' }), (c) => sendPublic(c, 'thumb'));

async function sendPublic(c: Ctx, variant: 'original' | 'thumb') {
  const id = fileId(c.req.param('id') ?? '');
  // No tenant scope: the SECURITY DEFINER function public_file decides what the public may see.
  const row = await withContext(c.get('deps').handle, {}, (tx) => findPublicFile(tx, id));
  if (!row) throw notFound('file.notFound');
  return sendFile(c, { id, ...row }, variant, PUBLIC_CACHE);
}
