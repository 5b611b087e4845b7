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
