import { Hono } from 'hono';
import { describeRoute } from 'hono-openapi';
import { CheckinRequest } from '@renda/contracts';
import type { AppEnv } from '../../platform/env-types.ts';
import { input } from '../../platform/validate.ts';
import { checkIn } from './checkin.service.ts';
import { eventClock } from './events.clock.ts';

/**
 * Check-in has no module gate on the active tenant: a deputy may scan while another tier is
 * active, and the gate that matters, the event's congress, is checked by the service.
 */
export const checkinRoutes = new Hono<AppEnv>();

// POST /api/v1/checkin — check in to an event with a scanned code; creates the activity once
checkinRoutes.post('/', describeRoute({ tags: ['events'], summary: 'Check in with a scanned code' }), input('json', CheckinRequest), async (c) =>
  c.json(await checkIn(c, c.req.valid('json').token, eventClock.now())));
