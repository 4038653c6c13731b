import type { SuggestionExportQuery } from '@renda/contracts';
import { authorize, tenantTx, type Ctx } from '../../platform/context.ts';
import { t, type Locale, type MessageKey } from '../../platform/i18n.ts';
import { Problem } from '../../platform/problem.ts';
import { exportRows, type ExportRow } from './export.queries.ts';
import { searchAccess, searchArgs } from './search.service.ts';
import { searchSuggestions, type SearchArgs } from './search.queries.ts';
import { numberLabel } from './suggestions.view.ts';
import { xlsxOf, type Cell } from './xlsx.ts';

/** At most this many rows in one export; beyond it the caller narrows the filters (422). A setting, so that tests can reach it. */
export const exportLimits = { rows: 50_000 };
/** Rows per call of the search function (its own cap) and per read of the columns. */
const PAGE = 200;
const CHUNK = 1000;

const columns = [
  ['session', 24], ['kind', 8], ['number', 10], ['title', 48], ['leadAuthor', 12], ['cosigners', 10], ['category', 16], ['tenant', 16],
  ['state', 10], ['leadUnit', 24], ['coUnits', 30], ['replyCategory', 10], ['rating', 12], ['submittedAt', 18], ['repliedAt', 18],
] as const;

function cellsOf(r: ExportRow, locale: Locale): Cell[] {
  return [
    r.sessionName ?? '', t(locale, `suggestion.kind.${r.kind}` as MessageKey), r.number == null ? '' : numberLabel(r.kind, r.number, locale), r.title,
    r.leadAuthor, r.cosigners, r.categoryName ?? '', r.tenantName, t(locale, `suggestion.state.${r.state}` as MessageKey), r.leadUnit ?? '',
    r.coUnits.join('、'), r.replyCategory ?? '', r.rating ? t(locale, `suggestionSearch.rating.${r.rating}` as MessageKey) : '',
    r.submittedAt ?? '', r.repliedAt ?? '',
  ];
}

/** The ids of every hit, newest first, a page of the search function at a time; 422 beyond the limit. */
async function allHits(tx: Parameters<typeof searchSuggestions>[0], args: Omit<SearchArgs, 'order' | 'after' | 'limit'>): Promise<string[]> {
  const ids: string[] = [];
  let after: SearchArgs['after'] = null;
  for (;;) {
    const hits = await searchSuggestions(tx, { ...args, order: 'recent', after, limit: PAGE });
    if (!after && (hits[0]?.total ?? 0) > exportLimits.rows) {
      throw new Problem(422, 'export-too-large', 'suggestionSearch.exportTooLarge', { total: hits[0]!.total, limit: exportLimits.rows });
    }
    ids.push(...hits.map((h) => h.id));
    if (hits.length < PAGE) return ids;
    const last = hits.at(-1)!;
    after = { rank: null, at: last.at, id: last.id };
  }
}

/** Excel reads a cell that starts with = + - @ as a formula: such CSV cells get a leading apostrophe. */
const csvCell = (value: Cell) => {
  if (value === null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The China-time date of now, for the file name. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** `attachment` with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987). */
export function contentDisposition(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/**
 * GET /suggestions/export: the hits of a search as a file, newest first. Staff only (`export`).
 * The whole file is built in memory: 50,000 rows make a few megabytes.
 */
export async function exportFor(c: Ctx, query: SuggestionExportQuery): Promise<Response> {
  authorize(c, 'export', 'Suggestion');
  const { filedOrMine } = searchAccess(c);
  const locale = c.get('locale');
  const rows = await tenantTx(c, async (tx) => {
    const ids = await allHits(tx, await searchArgs(tx, query, filedOrMine));
    const out: Cell[][] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      for (const r of await exportRows(tx, ids.slice(i, i + CHUNK))) out.push(cellsOf(r, locale));
    }
    return out;
  });
  const header = columns.map(([key]) => t(locale, `suggestionSearch.column.${key}` as MessageKey));
  const name = `${t(locale, 'suggestionSearch.fileName')}-${today()}.${query.format}`;
  const headers = { 'Content-Disposition': contentDisposition(name), 'Cache-Control': 'no-store' };
  if (query.format === 'csv') {
    const text = `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
    return c.body(text, 200, { ...headers, 'Content-Type': 'text/csv; charset=utf-8' });
  }
  const bytes = xlsxOf(t(locale, 'suggestionSearch.sheetName'), header, rows, columns.map(([, w]) => w));
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200, { ...headers, 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}
