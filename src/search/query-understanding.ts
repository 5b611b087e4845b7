import { Converter } from 'opencc-js';
import { STOP_WORDS, stripQuestion } from './lexicon/stop-words';
import { syllablesOf } from './pinyin';

/** Traditional → simplified (OpenCC). Meilisearch 1.21 only partly normalises traditional characters. */
const toSimplified = Converter({ from: 't', to: 'cn' });
const toSimplifiedHK = Converter({ from: 'hk', to: 'cn' });
const HAN = /\p{Script=Han}/u;
const STOP_SET = new Set(STOP_WORDS);

export interface UnderstoodQuery {
  /** What the citizen typed, trimmed. */
  raw: string;
  /** Normalised text sent to Meilisearch (simplified, half-width, question wrappers removed). */
  text: string;
  /** Pinyin syllables of the Chinese part, for the homophone query (null when the query has no Chinese). */
  syllables: string[] | null;
}

/**
 * Pure and general: the same steps for every query, no per-query cases.
 * 1. Unicode NFKC (full-width letters and digits → half-width), lower case, collapse spaces;
 * 2. traditional → simplified; 3. strip question wrappers (怎么办, 需要什么材料, 在哪里办 …);
 * 4. pinyin syllables of what remains, without stop words, for the homophone query.
 */
export function understandQuery(input: string): UnderstoodQuery {
  const raw = input.trim();
  const normal = toSimplifiedHK(toSimplified(raw.normalize('NFKC').toLowerCase()))
    .replace(/\s+/g, ' ')
    .trim();
  const text = stripQuestion(normal) || normal;
  let syllables: string[] | null = null;
  if (HAN.test(text)) {
    const core = [...STOP_SET].filter((w) => w.length > 1).reduce((s, w) => s.split(w).join(' '), text);
    syllables = syllablesOf([...core].filter((ch) => !STOP_SET.has(ch)).join(''));
    if (!syllables.length) syllables = null;
  }
  return { raw, text, syllables };
}

/** The key best bets and query statistics use: normalised text without spaces. */
export function keyOf(q: UnderstoodQuery): string {
  return q.text.replace(/\s+/g, '').slice(0, 100);
}

export function queryKey(input: string): string {
  return keyOf(understandQuery(input));
}
