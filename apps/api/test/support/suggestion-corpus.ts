import { sql, type SQL } from 'drizzle-orm';
import { asOwner, rowsOf } from '@renda/db';
import { generateCorpus, insertCorpus, type InsertedDoc } from '../../../../scripts/data/suggestion-corpus.ts';
import { searchTokens } from '../../src/modules/suggestions/text.ts';
import type { TestPlatform } from './platform.ts';

/**
 * The generated motions and suggestions the search and analysis tests run on: `n` documents
 * across 阜宁县 (320923), its township 沟墩镇 (320923100) and 射阳县 (320924), written as the owner.
 */
export interface SeededCorpus {
  docs: InsertedDoc[];
  tenants: Record<'funing' | 'goudun' | 'sheyang' | 'yancheng' | 'province', { id: string; path: string; name: string }>;
  users: Record<string, string>;
  units: Record<string, string>;
  /** Category ids by name, of the tree the congresses file under (the province's). */
  categories: Record<string, string>;
  insertMs: number;
}

export async function ownerRows<T>(tp: TestPlatform, query: SQL): Promise<T[]> {
  return asOwner(tp.platform.owner!, async (tx) => rowsOf<T>(await tx.execute(query)));
}

/** The default tree of docs/api.md, added to the province when the seed has none yet. */
const defaultTree: [string, string[]][] = [
  ['经济发展', []], ['城乡建设', ['老旧小区改造', '交通出行', '住房保障']], ['生态环境', ['水资源保护', '大气污染治理', '垃圾分类']],
  ['教育', []], ['医疗卫生', []], ['社会保障', []], ['农业农村', []], ['民主法治', []], ['其他', []],
];

async function ensureCategories(tp: TestPlatform, provinceId: string): Promise<Record<string, string>> {
  const existing = await ownerRows<{ id: string; name: string }>(tp, sql`select id, name from suggestion_categories where tenant_id = ${provinceId}`);
  if (existing.length === 0) {
    let position = 0;
    for (const [root, children] of defaultTree) {
      const [r] = await ownerRows<{ id: string }>(tp, sql`insert into suggestion_categories (tenant_id, tenant_path, name, position)
        values (${provinceId}, '', ${root}, ${position++}) returning id`);
      for (const [i, child] of children.entries()) {
        await ownerRows(tp, sql`insert into suggestion_categories (tenant_id, tenant_path, parent_id, name, position) values (${provinceId}, '', ${r!.id}, ${child}, ${i})`);
      }
    }
  }
  const rows = await ownerRows<{ id: string; name: string }>(tp, sql`select id, name from suggestion_categories where tenant_id = ${provinceId}`);
  return Object.fromEntries(rows.map((r) => [r.name, r.id]));
}

export async function seedCorpus(tp: TestPlatform, n: number, seed: number, now = new Date()): Promise<SeededCorpus> {
  const tenantRows = await ownerRows<{ id: string; path: string; name: string; code: string }>(tp, sql`
    select id, path::text, name, code from tenants where code in ('32', '3209', '320923', '320923100', '320924')`);
  const t = (code: string) => tenantRows.find((r) => r.code === code)!;
  const tenants = { province: t('32'), yancheng: t('3209'), funing: t('320923'), goudun: t('320923100'), sheyang: t('320924') };
  const users = Object.fromEntries((await ownerRows<{ username: string; id: string }>(tp, sql`select username, id from users`)).map((r) => [r.username, r.id]));
  // The township has no units in the demo: give it one.
  await ownerRows(tp, sql`insert into units (tenant_id, tenant_path, code, name) values (${tenants.goudun.id}, '', 'agri', '沟墩镇农业服务中心')
    on conflict do nothing`);
  const unitRows = await ownerRows<{ code: string; tenant_code: string; id: string }>(tp, sql`
    select u.code, t.code as tenant_code, u.id from units u join tenants t on t.id = u.tenant_id`);
  const units = Object.fromEntries(unitRows.map((r) => [`${r.tenant_code}:${r.code}`, r.id]));
  const categories = await ensureCategories(tp, tenants.province.id);
  const docs = generateCorpus(n, seed, { now });
  const started = performance.now();
  const inserted = await asOwner(tp.platform.owner!, (tx) => insertCorpus(tx, docs, {
    now, seed,
    targets: [
      { tenantId: tenants.funing.id, share: 2, creatorUserIds: ['deputy.li', 'deputy.zhang', 'deputy.chen', 'deputy.wang'].map((u) => users[u]!),
        unitIds: ['320923:water', '320923:housing', '320923:env'].map((u) => units[u]!) },
      { tenantId: tenants.sheyang.id, share: 1.5, creatorUserIds: [users['deputy.zhao']!], unitIds: [units['320924:water']!] },
      { tenantId: tenants.goudun.id, share: 1, creatorUserIds: [users['deputy.wang']!], unitIds: [units['320923100:agri']!] },
    ],
  }));
  return { docs: inserted, tenants, users, units, categories, insertMs: performance.now() - started };
}

/** A motion or suggestion as the owner reads it: the tests' truth, whoever wrote it (corpus or demo). */
export interface TruthRow {
  id: string;
  tenantId: string;
  path: string;
  kind: 'motion' | 'suggestion';
  state: string;
  number: number | null;
  createdBy: string;
  sessionId: string | null;
  categoryId: string | null;
  rating: number | null;
  replyCategory: string | null;
  submittedAt: Date | null;
  assignedAt: Date | null;
  repliedAt: Date | null;
  dueAt: Date | null;
  publishedAt: Date | null;
  title: string;
  body: string;
  keywords: string[];
  signers: string[];
  units: string[];
  /** jieba search tokens of the title and body, as the search column holds them. */
  tokens: Set<string>;
}

export async function truthRows(tp: TestPlatform): Promise<TruthRow[]> {
  const rows = await ownerRows<Omit<TruthRow, 'tokens'>>(tp, sql`
    select s.id, s.tenant_id as "tenantId", s.tenant_path::text as path, s.kind, s.state, s.number, s.created_by as "createdBy",
      s.session_id as "sessionId", s.category_id as "categoryId", s.rating, s.reply_category as "replyCategory", s.submitted_at as "submittedAt",
      s.assigned_at as "assignedAt", s.replied_at as "repliedAt", s.due_at as "dueAt", s.published_at as "publishedAt", s.title, s.body, s.keywords,
      array(select g.user_id::text from suggestion_signers g where g.suggestion_id = s.id) as signers,
      array(select a.unit_id::text from suggestion_assignments a where a.suggestion_id = s.id and a.state <> 'withdrawn') as units
    from suggestions s`);
  return rows.map((r) => ({ ...r, tokens: new Set([...searchTokens(r.title).split(' '), ...searchTokens(r.body).split(' ')].filter(Boolean)) }));
}

/** Whether a path lies in the subtree of `scope` (ltree `<@`). */
export const within = (path: string, scope: string) => path === scope || path.startsWith(`${scope}.`);

/** What the search shows a caller: the scope, drafts to their signers, and for deputies filed ones or their own. */
export function searchable(r: TruthRow, scope: string, userId: string, filedOrMine: boolean): boolean {
  if (!within(r.path, scope)) return false;
  const mine = r.createdBy === userId || r.signers.includes(userId);
  if (r.state === 'draft' && !mine) return false;
  return !filedOrMine || r.number != null || r.signers.includes(userId);
}
