import { sql } from 'drizzle-orm';
import { rowsOf, type Tx } from '@renda/db';
import type { DeputyRef } from '../deputies/deputies.lookup.ts';
import type { ContributionProvider } from '../duties/archive.contributions.ts';

/**
 * What the suggestions module adds to a deputy's archive: the motions and suggestions the seat
 * signed as an author (领衔 or 联名) that were filed (numbered on acceptance).
 */
export const suggestionsContribution: ContributionProvider = {
  module: 'suggestions',
  label: { 'zh-CN': '提出议案建议', en: 'Motions and suggestions filed' },
  async count(tx: Tx, deputy: DeputyRef) {
    const [row] = rowsOf<{ n: number }>(await tx.execute(sql`select count(*)::int as n from suggestion_signers g
      join suggestions s on s.tenant_id = g.tenant_id and s.id = g.suggestion_id
      where g.tenant_id = ${deputy.tenantId} and g.deputy_id = ${deputy.id} and g.role = 'author' and g.state = 'signed' and s.number is not null`));
    return row?.n ?? 0;
  },
};
