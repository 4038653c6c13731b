import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { requestId } from 'hono/request-id';
import { openAPIRouteHandler } from 'hono-openapi';
import { sql } from 'drizzle-orm';
import { withContext } from '@renda/db';
import type { AppEnv, Deps } from './platform/env-types.ts';
import { pickLocale } from './platform/i18n.ts';
import { idempotency } from './platform/idempotency.ts';
import { originGuard } from './platform/origin.ts';
import { Problem, problemResponse } from './platform/problem.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { sessionMiddleware } from './modules/auth/sessions.ts';
import { createLoginThrottle } from './modules/auth/throttle.ts';
import { meRoutes } from './modules/me/me.routes.ts';
import { tenantRoutes } from './modules/tenants/tenants.routes.ts';
import { flagRoutes } from './modules/flags/flags.routes.ts';
import { importRoutes, membershipRoutes } from './modules/accounts/accounts.routes.ts';
import { unitRoutes } from './modules/units/units.routes.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import { insightRoutes } from './modules/insights/insights.routes.ts';
import { fileRoutes, publicFileRoutes } from './modules/files/files.routes.ts';
import { deputyImportRoutes, deputyRoutes } from './modules/deputies/deputies.routes.ts';
import { groupRoutes, stationRoutes, termRoutes } from './modules/deputies/registry.routes.ts';
import { publicDeputyRoutes } from './modules/deputies/public.routes.ts';
import { activityKindRoutes, activityRoutes } from './modules/duties/activities.routes.ts';
import { archiveRoutes, evaluationRoutes } from './modules/duties/archive.routes.ts';
import { checkinRoutes, eventRoutes } from './modules/duties/events.routes.ts';
import { notificationRoutes } from './modules/notify/notifications.routes.ts';
import { webhookRoutes } from './modules/notify/webhooks.routes.ts';
import { integrationKeyRoutes } from './modules/notify/integration-keys.routes.ts';
import { calendarRoutes } from './modules/cases/calendar.routes.ts';
import { scenarioRoutes } from './modules/cases/scenarios.routes.ts';
import { caseRoutes } from './modules/cases/cases.routes.ts';
import { publicCaseRoutes } from './modules/cases/public.routes.ts';
import { integrationRoutes } from './modules/cases/integration.routes.ts';
import { suggestionAnalysisRoutes } from './modules/suggestions/analysis.routes.ts';
import { categoryRoutes, sessionRoutes } from './modules/suggestions/config.routes.ts';
import { publicSuggestionRoutes } from './modules/suggestions/public.routes.ts';
import { supervisionSubjectRoutes } from './modules/suggestions/subjects.routes.ts';
import { suggestionRoutes } from './modules/suggestions/suggestions.routes.ts';

export interface AppOptions {
  /** Write one JSON line per request to stdout. */
  log?: boolean;
}

/**
 * The HTTP API. A request flows once: request id → locale → session → guards → module route →
 * service (one transaction with the tenant settings) → JSON or problem+json.
 * @example const app = createApp(deps); const res = await app.request('/api/health');
 */
export function createApp(deps: Deps, options: AppOptions = {}) {
  const app = new Hono<AppEnv>();
  app.use('*', requestId());
  app.use('*', async (c, next) => {
    c.set('deps', deps);
    c.set('locale', pickLocale(getCookie(c, 'renda_locale'), c.req.header('accept-language')));
    const started = performance.now();
    await next();
    // API answers are personal and must not be cached, unless a handler chose its own policy
    // (file downloads: private or public caching of bytes that never change under one id).
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
    if (options.log) {
      const line = { t: new Date().toISOString(), id: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) };
      process.stdout.write(JSON.stringify(line) + '\n');
    }
  });

  // GET /api/health — the process is up
  app.get('/api/health', (c) => c.json({ status: 'ok' }));
  // GET /api/ready — the database and Redis answer
  app.get('/api/ready', async (c) => {
    const database = await withContext(deps.handle, {}, (tx) => tx.execute(sql`select 1`)).then(() => 'ok', () => 'down');
    const redis = (await deps.shared.ping()) ? 'ok' : 'down';
    const ready = database === 'ok' && redis === 'ok';
    return c.json({ status: ready ? 'ready' : 'unavailable', database, redis }, ready ? 200 : 503);
  });

  const v1 = new Hono<AppEnv>();
  v1.use('*', originGuard, sessionMiddleware);
  v1.use('*', async (c, next) => {
    const auth = c.get('auth');
    const path = c.req.path;
    if (auth?.totpSetupRequired && !path.startsWith('/api/v1/auth/') && path !== '/api/v1/me') {
      throw new Problem(403, 'totp-setup-required', 'auth.totpSetupRequired');
    }
    await next();
  });
  v1.use('*', idempotency);
  v1.route('/auth', authRoutes(createLoginThrottle(deps.shared)));
  v1.route('/me', meRoutes);
  v1.route('/tenants', tenantRoutes);
  v1.route('/modules', flagRoutes);
  v1.route('/memberships', membershipRoutes);
  v1.route('/imports', importRoutes);
  v1.route('/units', unitRoutes);
  v1.route('/audit', auditRoutes);
  v1.route('/insights', insightRoutes);
  v1.route('/files', fileRoutes);
  v1.route('/public/files', publicFileRoutes);
  v1.route('/public/deputies', publicDeputyRoutes);
  v1.route('/terms', termRoutes);
  v1.route('/groups', groupRoutes);
  v1.route('/stations', stationRoutes);
  v1.route('/deputies', deputyRoutes);
  v1.route('/imports/deputies', deputyImportRoutes);
  v1.route('/activity-kinds', activityKindRoutes);
  v1.route('/activities', activityRoutes);
  v1.route('/archives', archiveRoutes);
  v1.route('/evaluation', evaluationRoutes);
  v1.route('/events', eventRoutes);
  v1.route('/checkin', checkinRoutes);
  v1.route('/notifications', notificationRoutes);
  v1.route('/webhooks', webhookRoutes);
  v1.route('/integration-keys', integrationKeyRoutes);
  v1.route('/calendar', calendarRoutes);
  v1.route('/case-scenarios', scenarioRoutes);
  v1.route('/cases', caseRoutes);
  v1.route('/public/cases', publicCaseRoutes);
  v1.route('/integrations', integrationRoutes);
  v1.route('/suggestion-sessions', sessionRoutes);
  v1.route('/suggestion-categories', categoryRoutes);
  // The analysis routes first: /suggestions/search must not be read as /suggestions/:id.
  v1.route('/suggestions', suggestionAnalysisRoutes);
  v1.route('/suggestions', suggestionRoutes);
  v1.route('/supervision-subjects', supervisionSubjectRoutes);
  v1.route('/public/suggestions', publicSuggestionRoutes);
  app.route('/api/v1', v1);

  app.get('/api/openapi.json', openAPIRouteHandler(app, {
    documentation: {
      openapi: '3.1.0',
      info: { title: 'Renda API', version: '1.0.0', description: 'Digital people\'s congress platform: tenants, accounts, modules.' },
      servers: [{ url: '/' }],
    },
  }));

  app.notFound((c) => problemResponse(c, new Problem(404, 'not-found', 'problem.notFound')));
  app.onError((error, c) => {
    if (error instanceof Problem) return problemResponse(c, error);
    if (error instanceof SyntaxError) return problemResponse(c, new Problem(400, 'validation', 'problem.badJson'));
    process.stderr.write(`${JSON.stringify({ t: new Date().toISOString(), id: c.get('requestId'), level: 'error', path: c.req.path, error: String((error as Error)?.stack ?? error) })}\n`);
    return problemResponse(c, new Problem(500, 'internal', 'problem.internal'));
  });
  return app;
}
