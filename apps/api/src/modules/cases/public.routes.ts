import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { describeRoute } from 'hono-openapi';
import * as v from 'valibot';
import { CaseRate, PublicCaseCreate, PublicOtpRequest } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { keepsOwnIdempotency } from '../../platform/idempotency.ts';
import { Problem } from '../../platform/problem.ts';
import { input } from '../../platform/validate.ts';
import { readUpload } from '../files/files.upload.ts';
import { publicCaseRateLimit } from './public.limit.ts';
import { requestOtp } from './public.otp.ts';
import { listPublicScenarios, uploadPublicPhoto } from './public.service.ts';
import { submitPublicCase } from './public.submit.ts';
import { publicCaseView, ratePublicCase, sendPublicCaseFile } from './public.view.ts';

/**
 * The public's side of the cases module: no session; the congress behind the code (or the
 * ticket) decides, and answers 404 when its module is off. Every route is budgeted per address.
 */
// The submission stores its Idempotency-Key on the case, in the transaction that opens it.
keepsOwnIdempotency('POST', /^\/api\/v1\/public\/cases\/?$/);

export const publicCaseRoutes = new Hono<AppEnv>();
publicCaseRoutes.use('*', publicCaseRateLimit);

const tags = ['public'];
const CodeQuery = v.object({ code: v.pipe(v.string(), v.maxLength(20)) });
const LinkQuery = v.object({ k: v.optional(v.pipe(v.string(), v.maxLength(64))) });
// Visible ASCII: the key travels in a header and is stored with the case.
const KEY = /^[\x21-\x7e]{8,200}$/;

/** The Idempotency-Key a public submission must carry (checked before the body). */
const requireKey = createMiddleware<AppEnv>(async (c, next) => {
  const key = c.req.header('idempotency-key');
  if (!key) throw new Problem(400, 'validation', 'publicCase.keyRequired');
  if (!KEY.test(key)) throw new Problem(400, 'validation', 'publicCase.keyInvalid');
  await next();
});

// GET /api/v1/public/cases/scenarios?code= — who a QR code reaches and the forms offered there
publicCaseRoutes.get('/scenarios', describeRoute({ tags, summary: 'Public scenarios behind a deputy\'s or a station\'s code' }),
  input('query', CodeQuery), async (c) => c.json(await listPublicScenarios(c, c.req.valid('query').code)));

// POST /api/v1/public/cases/otp — send a one-time code to a phone by SMS
publicCaseRoutes.post('/otp', describeRoute({ tags, summary: 'Send a one-time code by SMS' }),
  input('json', PublicOtpRequest), async (c) => c.json(await requestOtp(c, c.req.valid('json').phone)));

// POST /api/v1/public/cases/uploads?code= — a photo for a submission to that code's congress
publicCaseRoutes.post('/uploads', describeRoute({
  tags, summary: 'Upload a photo for a public submission (images only)',
  requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } } } },
}), input('query', CodeQuery), async (c) =>
  c.json(await uploadPublicPhoto(c, c.req.valid('query').code, () => readUpload(c, c.get('deps').uploadMaxBytes)), 201));

// POST /api/v1/public/cases — open a case; a retry with the same Idempotency-Key replays the first answer
publicCaseRoutes.post('/', describeRoute({
  tags, summary: 'Submit a case from the public',
  parameters: [{ name: 'Idempotency-Key', in: 'header', required: true, schema: { type: 'string', minLength: 8, maxLength: 200 } }],
}), requireKey, input('json', PublicCaseCreate), async (c) => {
  const result = await submitPublicCase(c, c.req.valid('json'), c.req.header('idempotency-key') ?? '');
  if (result.status === 200) c.header('Idempotent-Replayed', 'true');
  return c.json(result.body, result.status);
});

// GET /api/v1/public/cases/:ticket?k= — the ticket page behind the follow link
publicCaseRoutes.get('/:ticket', describeRoute({ tags, summary: 'Follow a case by its ticket and link' }), input('query', LinkQuery), async (c) =>
  c.json(await publicCaseView(c, c.req.param('ticket') ?? '', c.req.valid('query').k)));

// POST /api/v1/public/cases/:ticket/rating?k= — the submitter rates the outcome
publicCaseRoutes.post('/:ticket/rating', describeRoute({ tags, summary: 'Rate a closed case' }), input('query', LinkQuery), input('json', CaseRate), async (c) =>
  c.json(await ratePublicCase(c, c.req.param('ticket') ?? '', c.req.valid('query').k, c.req.valid('json'))));

// GET /api/v1/public/cases/:ticket/files/:fileId?k= — a photo of the submission or of a reply
publicCaseRoutes.get('/:ticket/files/:fileId', describeRoute({ tags, summary: 'Download a photo of a followed case' }), input('query', LinkQuery), (c) =>
  sendPublicCaseFile(c, c.req.param('ticket') ?? '', c.req.valid('query').k, c.req.param('fileId') ?? '', 'original'));

// GET /api/v1/public/cases/:ticket/files/:fileId/thumb?k= — its thumbnail
publicCaseRoutes.get('/:ticket/files/:fileId/thumb', describeRoute({ tags, summary: 'Download a thumbnail of a followed case\'s photo' }), input('query', LinkQuery), (c) =>
  sendPublicCaseFile(c, c.req.param('ticket') ?? '', c.req.valid('query').k, c.req.param('fileId') ?? '', 'thumb'));
