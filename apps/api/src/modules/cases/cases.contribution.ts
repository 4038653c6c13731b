import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import type { DeputyRef } from '../deputies/deputies.lookup.ts';
import type { ContributionProvider } from '../duties/archive.contributions.ts';

/**
 * What the cases module adds to a deputy's archive: the cases addressed to the seat that were
 * brought to an end (closed or rated), counted through this module's own query.
 */
export const casesContribution: ContributionProvider = {
  module: 'cases',
  label: { 'zh-CN': '办结群众诉求', en: 'Cases brought to an end' },
  async count(tx: Tx, deputy: DeputyRef) {
    const [row] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from cases
      where tenant_id = ${deputy.tenantId} and deputy_id = ${deputy.id} and state in ('closed', 'rated')`));
    return row?.n ?? 0;
  },
};
