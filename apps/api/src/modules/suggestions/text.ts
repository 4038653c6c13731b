import { readFileSync } from 'node:fs';
import { Jieba, TfIdf } from '@node-rs/jieba';
import { dict, idf } from '@node-rs/jieba/dict.js';
import { sql, type SQL } from 'drizzle-orm';

/**
 * Chinese text for search and topics. jieba segments the text; the search column holds the
 * search-mode tokens (a compound and its parts: 老旧小区改造 → 老旧, 小区, 老旧小区, 改造 …) as a
 * `simple` tsvector, so a query for any of them matches. Keywords come from jieba's TF-IDF with
 * the project's stop words filtered here (its own stop-word setting throws in 2.0.3).
 */

let engine: { jieba: Jieba; tfidf: TfIdf } | null = null;

/** jieba with its dictionary and the governance terms it lacks (words.txt), loaded once. */
function load(): { jieba: Jieba; tfidf: TfIdf } {
  if (!engine) {
    const jieba = Jieba.withDict(dict);
    jieba.loadDict(readFileSync(new URL('./words.txt', import.meta.url)));
    engine = { jieba, tfidf: TfIdf.withDict(idf) };
  }
  return engine;
}

/** A token worth indexing: letters or digits, not a lone character of punctuation or a space. */
const wordLike = /[\p{L}\p{N}]/u;

function clean(tokens: readonly string[]): string[] {
  return tokens.map((t) => t.trim().toLowerCase()).filter((t) => t.length > 0 && wordLike.test(t));
}

/**
 * The search-mode tokens of a text, separated by spaces, for `to_tsvector('simple', …)`.
 * @example searchTokens('老旧小区改造') // '小区 改造 老旧小区改造 老旧 老旧小区 …'
 */
export function searchTokens(text: string): string {
  if (!text) return '';
  const { jieba } = load();
  const tokens = clean(jieba.cutForSearch(text, true));
  // Search mode splits a compound into its 2- and 3-character words only; the dictionary words
  // inside longer compounds (老旧小区 in 老旧小区改造) are added so that a query for them matches.
  const inner = tokens.filter((t) => [...t].length >= 4).flatMap((t) => clean(jieba.cutAll(t)).filter((w) => w !== t && [...w].length >= 2));
  return [...tokens, ...inner].join(' ');
}

/**
 * The words of a query, for `plainto_tsquery('simple', …)` (every word must match). A query is
 * cut in the default mode, so 老旧小区改造 asks for 老旧小区 and 改造, both of which the
 * search-mode tokens of a document contain.
 */
export function queryTokens(query: string): string {
  if (!query.trim()) return '';
  return [...new Set(clean(load().jieba.cut(query, true)).filter((t) => !stopWords.has(t)))].join(' ');
}

/** The weighted search vector of a title (A) and body (B), for an insert or update. */
export function searchVector(title: string, body: string): SQL {
  return sql`setweight(to_tsvector('simple', ${searchTokens(title)}), 'A') || setweight(to_tsvector('simple', ${searchTokens(body)}), 'B')`;
}

/**
 * Words too common in motions and suggestions to say what one is about: the form's own words
 * (建议, 关于, 问题 …), verbs of proposing, and units of administration.
 */
export const stopWords = new Set([
  '关于', '建议', '议案', '问题', '进一步', '加强', '加快', '推进', '推动', '提升', '提高', '完善', '解决', '实施', '落实', '做好',
  '开展', '工作', '情况', '方面', '有关', '相关', '部门', '政府', '我县', '我市', '我省', '我区', '全县', '全市', '全省', '当前',
  '目前', '存在', '需要', '希望', '要求', '建设', '管理', '发展', '群众', '老百姓', '人民', '代表', '一些', '部分', '没有', '可以',
  '应当', '应该', '通过', '进行', '实现', '促进', '保障', '支持', '确保', '主要', '重点', '增加', '不断', '切实', '积极', '有效',
  '今年', '去年', '明年', '每年', '近年来', '年度', '同时', '以及', '其中', '并且', '但是', '因此', '所以', '由于', '如何', '什么',
  '已经', '正在', '各类', '各级', '一定', '较大', '较多', '严重', '突出', '影响', '办法', '措施', '机制', '力度', '水平', '能力',
]);

/**
 * The top keywords of a motion or suggestion, by TF-IDF over its title (counted twice: a title
 * says what it is about) and body, without stop words, numbers or single characters.
 * @example extractKeywords('关于加快老旧小区改造的建议', '…') // ['老旧小区改造', …]
 */
export function extractKeywords(title: string, body: string, top = 5): string[] {
  const { jieba, tfidf } = load();
  const text = `${title}。${title}。${body}`.slice(0, 20000);
  const found = tfidf.extractKeywords(jieba, text, top * 4, []);
  const out: string[] = [];
  for (const { keyword } of found) {
    const word = keyword.trim().toLowerCase();
    if (word.length < 2 || stopWords.has(word) || !wordLike.test(word) || /^[\p{N}.%]+$/u.test(word)) continue;
    if (!out.includes(word)) out.push(word);
    if (out.length === top) break;
  }
  return out;
}
