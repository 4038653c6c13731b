import type { Tx } from '@renda/db';
import type { Deps } from '../../platform/env-types.ts';
import { t, type MessageKey } from '../../platform/i18n.ts';
import { emitWebhook, notifyUsers, renderTemplate, sendMessage } from '../notify/notify.ts';
import { caseLinkToken } from './public.service.ts';
import { defaultTemplates } from './builtin.ts';
import { findCase, type CaseRow } from './cases.queries.ts';
import { assignmentsOf, contactOf } from './parts.queries.ts';
import { officersOf, staffOf } from './routing.queries.ts';
import type { Actor } from './cases.writes.ts';

/**
 * Who hears of a step and how: in-app notices (and the scenario's channels) to people, an SMS
 * to a public submitter with a known phone, and a webhook event per step for external systems.
 * Everything is written in the step's transaction (outbox rows and jobs), so a crash after the
 * commit loses nothing and a rollback sends nothing.
 */

/** The handler of a case: its deputy when the scenario lets the deputy take it, else the congress's staff. */
export function handledByDeputy(row: Pick<CaseRow, 'snapshot' | 'deputyId' | 'seatUserId'>): boolean {
  return row.snapshot.triage === 'deputy' && Boolean(row.deputyId && row.seatUserId);
}

/** The people who handle a case (take it, route it, close it). */
export async function handlerUserIds(tx: Tx, row: CaseRow): Promise<string[]> {
  return handledByDeputy(row) ? [row.seatUserId!] : staffOf(tx, row.tenantId);
}

/** The people who owe a case's current step: handler, or the officers of the units that must act. */
export async function holderUserIds(tx: Tx, row: CaseRow): Promise<string[]> {
  if (row.state === 'transferred' || row.state === 'signed') {
    const current = (await assignmentsOf(tx, row.tenantId, row.id)).filter((a) => a.round === row.round);
    const owing = row.state === 'transferred'
      ? current.filter((a) => a.state === 'assigned')
      : current.filter((a) => a.role === 'lead' && a.state === 'signed');
    return officersOf(tx, row.tenantId, owing.map((a) => a.unitId));
  }
  return handlerUserIds(tx, row);
}

export interface Announcement {
  kind: string;
  seq: number;
  actor: Actor;
  note?: string;
  data?: Record<string, unknown>;
  /** In-app recipients (the scenario's other channels follow). */
  userIds?: string[];
  /** Units named in the message ({unit}). */
  units?: string[];
  /** Text the public submitter by SMS, when the case has a phone and the scenario uses SMS. */
  smsSubmitter?: boolean;
}

/** China time as people read it in a message: 2026-11-23 23:59. */
function chinaTime(value: Date | string | null): string {
  if (!value) return '';
  return new Date(new Date(value).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function templateOf(row: CaseRow, kind: string): string {
  return row.snapshot.templates?.[kind]?.['zh-CN'] ?? defaultTemplates[kind]?.['zh-CN'] ?? '{title}（{ticket}）';
}

/**
 * Tell everyone concerned about a step just committed on `caseId` (re-read, so the message
 * carries the new state and deadline).
 */
export async function announce(tx: Tx, deps: Deps, target: string | CaseRow, a: Announcement): Promise<void> {
  // A caller that has just read the case under its lock passes the row and saves a query.
  const row = typeof target === 'string' ? (await findCase(tx, target))! : target;
  const vars = { ticket: row.ticket, title: row.title, deputy: row.deputyName ?? '', unit: (a.units ?? []).join('、'), due: chinaTime(row.dueAt), link: `/cases/${row.id}` };
  const userIds = [...new Set(a.userIds ?? [])];
  if (userIds.length) {
    await notifyUsers(tx, deps, {
      tenantId: row.tenantId, userIds, kind: `case.${a.kind}`,
      title: t('zh-CN', `case.notice.${a.kind}` as MessageKey, { scenario: row.snapshot.name }),
      body: renderTemplate(templateOf(row, a.kind), vars), link: `/cases/${row.id}`,
      data: { caseId: row.id, ticket: row.ticket, title: row.title }, channels: row.snapshot.channels,
    });
  }
  if (a.smsSubmitter && row.source === 'public' && row.snapshot.channels.includes('sms')) {
    const contact = await contactOf(tx, row.tenantId, row.id);
    if (contact?.phone) {
      const link = `/t/${row.ticket}?k=${await caseLinkToken(tx, row.id)}`;
      await sendMessage(tx, deps, {
        tenantId: row.tenantId, channel: 'sms', recipient: contact.phone, kind: `case.${a.kind}`, caseId: row.id,
        body: renderTemplate(templateOf(row, a.kind), { ...vars, link }),
      });
    }
  }
  await emitWebhook(tx, deps, { tenantId: row.tenantId, name: `case.${a.kind}`, payload: webhookPayload(row, a) });
}

/** What an external system learns of a step: the case without any contact data, and the entry. */
function webhookPayload(row: CaseRow, a: Announcement): Record<string, unknown> {
  return {
    case: {
      id: row.id, ticket: row.ticket, tenantId: row.tenantId, tenantName: row.tenantName, scenario: { key: row.snapshot.key, name: row.snapshot.name },
      source: row.source, category: row.category, title: row.title, location: row.location, state: row.state, round: row.round,
      dueStep: row.dueStep, dueAt: row.dueAt ? new Date(row.dueAt).toISOString() : null, phoneMasked: row.phoneMasked,
      createdAt: new Date(row.createdAt).toISOString(),
    },
    event: { seq: a.seq, kind: a.kind, actorKind: a.actor.kind, actorName: a.actor.name, note: a.note ?? '', data: a.data ?? {} },
  };
}
