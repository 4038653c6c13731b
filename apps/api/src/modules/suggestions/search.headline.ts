/**
 * The headline of a search hit: a window of the body around the first query word, HTML-escaped,
 * with every occurrence of every query word wrapped in <mark>. Matching runs on the raw text and
 * escaping on the pieces between matches, so a word can never match inside an entity.
 */

const WINDOW = 120;
const BEFORE = 30;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regular expression matching any of the words, longest first (so 老旧小区 wins over 小区). */
function wordsPattern(tokens: readonly string[]): RegExp | null {
  const words = [...new Set(tokens.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  return words.length ? new RegExp(words.map(escapeRegExp).join('|'), 'giu') : null;
}

/** Escape `text` and mark the words in it. */
export function markWords(text: string, tokens: readonly string[]): string {
  const pattern = wordsPattern(tokens);
  if (!pattern) return escapeHtml(text);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out += escapeHtml(text.slice(last, m.index)) + `<mark>${escapeHtml(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/**
 * About 120 characters of `body` around the first query word (or its start), marked.
 * @example headline('……老旧小区加装电梯……', ['老旧小区']) // '…<mark>老旧小区</mark>加装电梯…'
 */
export function headline(body: string, tokens: readonly string[]): string {
  const text = body.replace(/\s+/g, ' ').trim();
  const pattern = wordsPattern(tokens);
  const first = pattern ? text.search(new RegExp(pattern.source, 'iu')) : -1;
  // Code points, not UTF-16 units, so that a window never splits a character.
  const chars = Array.from(text);
  const at = first < 0 ? 0 : Array.from(text.slice(0, first)).length;
  const start = Math.max(0, Math.min(at - BEFORE, chars.length - WINDOW));
  const end = Math.min(chars.length, start + WINDOW);
  const window = chars.slice(start, end).join('');
  return `${start > 0 ? '…' : ''}${markWords(window, tokens)}${end < chars.length ? '…' : ''}`;
}
