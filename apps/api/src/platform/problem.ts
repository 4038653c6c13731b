import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { t, type Locale, type MessageKey } from './i18n.ts';

export const PROBLEM_BASE = 'https://renda.dev/problems/';

export interface FieldError {
  path: string;
  message: string;
}

/**
 * An RFC 9457 problem. `slug` is the stable machine-readable type; `detail` is a message key
 * rendered in the caller's language when the response is written.
 */
export class Problem extends Error {
  readonly status: ContentfulStatusCode;
  readonly slug: string;
  readonly detailKey: MessageKey;
  readonly params: Record<string, unknown>;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(status: ContentfulStatusCode, slug: string, detailKey: MessageKey, params: Record<string, unknown> = {}, extra: { errors?: FieldError[]; headers?: Record<string, string> } = {}) {
    super(slug);
    this.status = status;
    this.slug = slug;
    this.detailKey = detailKey;
    this.params = params;
    this.errors = extra.errors;
    this.headers = extra.headers;
  }
}

export const notFound = (key: MessageKey = 'problem.notFound', params?: Record<string, unknown>) => new Problem(404, 'not-found', key, params);
export const forbidden = (key: MessageKey = 'problem.forbidden') => new Problem(403, 'forbidden', key);
export const conflict = (key: MessageKey, params?: Record<string, unknown>) => new Problem(409, 'conflict', key, params);
export const unauthenticated = () => new Problem(401, 'unauthenticated', 'problem.unauthenticated');
export const invalid = (errors: FieldError[]) => new Problem(422, 'validation', 'problem.validation', {}, { errors });

const titles: Record<number, MessageKey> = {
  400: 'title.400', 401: 'title.401', 403: 'title.403', 404: 'title.404', 409: 'title.409',
  410: 'title.410', 413: 'title.413', 415: 'title.415',
  422: 'title.422', 429: 'title.429', 500: 'title.500', 503: 'title.503',
};

/** Write a problem as application/problem+json in the request's language. */
export function problemResponse(c: Context, p: Problem): Response {
  const locale = (c.get('locale') as Locale | undefined) ?? 'zh-CN';
  const detail = t(locale, p.detailKey, p.params);
  const body = {
    type: PROBLEM_BASE + p.slug,
    title: t(locale, titles[p.status] ?? 'title.500'),
    status: p.status,
    detail,
    ...(p.errors ? { errors: p.errors.map((e) => ({ path: e.path, message: e.message || detail })) } : {}),
    ...(c.get('requestId') ? { instance: `urn:request:${c.get('requestId')}` } : {}),
  };
  for (const [k, v] of Object.entries(p.headers ?? {})) c.header(k, v);
  return c.body(JSON.stringify(body), p.status, { 'Content-Type': 'application/problem+json; charset=utf-8' });
}
