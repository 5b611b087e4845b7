import { pinyin } from 'pinyin-pro';

/**
 * Pinyin fields computed at indexing time (Meilisearch 1.21 ships without pinyin normalisation).
 *  - syllables: "ju min shen fen zheng" — spaced pinyin input and homophone typos (身分证 → shen fen zheng);
 *  - joined suffixes: "juminshenfenzheng minshenfenzheng shenfenzheng …" — unspaced input (shenfenzheng,
 *    hukou) matches a suffix by prefix search, i.e. any substring that starts at a character;
 *  - initial suffixes: "jmsfz msfz sfz …" — initials (sfz) the same way.
 * pinyin-pro picks polyphone readings from context (银行 → yin hang).
 */
const HAN = /\p{Script=Han}/u;

export function syllablesOf(text: string): string[] {
  if (!HAN.test(text)) return [];
  return pinyin(text, { toneType: 'none', type: 'array', nonZh: 'removed', v: true })
    .map((s) => s.toLowerCase())
    .filter((s) => /^[a-z]+$/.test(s));
}

/** Most names whose joined pinyin is remembered (a province's catalogue; a few MB). */
const JOINED_MEMO_SIZE = 50_000;
const joinedMemo = new Map<string, string>();

/**
 * The syllables of a name joined without spaces (居民身份证 → jumishenfenzheng), remembered: the relevance floor
 * asks for it for up to 40 results of every uncached search, the same catalogue names again and again, and pinyin-pro
 * costs ~0.1 ms a name — most of the Node-side work of a search before it was remembered.
 */
export function joinedPinyin(name: string): string {
  let joined = joinedMemo.get(name);
  if (joined === undefined) {
    joined = syllablesOf(name).join('');
    if (joinedMemo.size >= JOINED_MEMO_SIZE) joinedMemo.clear();
    joinedMemo.set(name, joined);
  }
  return joined;
}

function suffixes(parts: string[], max = 24): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length - 1 && out.length < max; i++) out.push(parts.slice(i).join(''));
  return out;
}

export interface PinyinFields {
  py: string;
  pyj: string;
  pyi: string;
}

/** Pinyin fields for a list of phrases (a matter's name and keywords). */
export function pinyinFields(phrases: string[]): PinyinFields {
  const py: string[] = [];
  const pyj = new Set<string>();
  const pyi = new Set<string>();
  for (const phrase of phrases) {
    for (const chunk of phrase.split(/[^\p{Script=Han}]+/u).filter(Boolean)) {
      const syl = syllablesOf(chunk);
      if (!syl.length) continue;
      py.push(syl.join(' '));
      if (syl.length === 1) pyj.add(syl[0]);
      suffixes(syl).forEach((s) => pyj.add(s));
      suffixes(syl.map((s) => s[0])).forEach((s) => pyi.add(s));
    }
  }
  return { py: py.join(' , '), pyj: [...pyj].join(' '), pyi: [...pyi].join(' ') };
}
