// Words of text written without spaces (Japanese, Chinese): how full-text search and name matching cut them.
//
// Why character bigrams and not Intl.Segmenter('ja', { granularity: 'word' }): measured on 15 real queries against
// the translated statements (the expected document for each: "サンダーランド 生産能力", "日産 合弁", "サンダー",
// "誰が所有している", "ドゥエー 投資", ...; bench/facts.ts runs the comparison, and several of them are tests in
// test/facts/search-ja.test.ts). Bigrams of the kanji and katakana, hiragana dropped: mean reciprocal rank 0.97,
// precision at 5 0.96; the segmenter's words: 0.84 / 0.83 (in an earlier run, before names were indexed by their
// Japanese words only: 0.93 / 0.96 against 0.80 / 0.83, and bigrams of every character, hiragana too, 0.89 / 0.96;
// the segmenter with prefix search 0.87 / 0.89). ICU's dictionary cuts foreign names written in
// katakana at arbitrary points ("サンダーランド" -> "サン|ダーラン|ド", "エンビジョン" -> "エン|ビジョン") and a
// half-typed name differently again ("サンダー" found nothing), and most names here are such katakana words.
// Bigrams need no dictionary, find a word inside a compound ("能力" in "生産能力") and a half-typed name, and BM25
// ranks a text with every bigram of the query (the whole word) above one that shares a single bigram. The cost:
// about three times as many terms as English text, so that index is built on the first Japanese query only
// (bench/facts.ts reports the build and query times).

/** A character of a script written without spaces: Han, hiragana, katakana, and the marks used inside words. */
const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u3005\u3006]/u;
/** Runs of such characters, or runs of anything else (Latin letters, digits). */
const RUNS =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u3005\u3006]+|[^\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u30FC\u3005\u3006]+/gu;

export function hasCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}

/** "エンビジョンaesc" -> ["エンビジョン", "aesc"]; "2018年" -> ["2018", "年"]: a folded word by script. */
export function scriptRuns(word: string): string[] {
  return word.match(RUNS) ?? [];
}

/** Kanji and katakana between the hiragana, which are mostly particles, endings and auxiliaries. */
const CONTENT = /[\p{Script=Han}\p{Script=Katakana}\u30FC\u3005\u3006]+/gu;

/**
 * The search terms of a run of CJK characters: the parts between its hiragana ("サンダーランドの生産能力は" ->
 * "サンダーランド", "生産能力"; "誰が所有している" -> "誰", "所有"), each as its overlapping bigrams (生産, 産能,
 * 能力), or as itself when one character long ("株"). Hiragana are dropped: in these texts they are the grammar
 * between the words, and their bigrams ("して", "てい", "いる") matched every sentence of the same shape (measured:
 * "誰が所有している" ranked a Nikkei report above the owners). A word written in hiragana alone is not found.
 */
export function cjkTerms(run: string): string[] {
  const out: string[] = [];
  for (const part of run.match(CONTENT) ?? []) {
    const chars = [...part];
    if (chars.length === 1) out.push(part);
    for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  }
  return out;
}

/**
 * Where a text shows the Japanese words of a query (the kanji and katakana between its hiragana, two characters or
 * more), as [start, end) ranges of the text, overlapping ones merged: in "英国イングランド、サンダーランドの新工場"
 * the query "サンダーランドの工場" shows "サンダーランド" and "工場" (never the "ランド" of "イングランド", which
 * shares bigrams only). For showing the matched words of a translated statement in bold (/aesc search's snippet).
 */
export function cjkMatchRanges(text: string, query: string): [number, number][] {
  const parts = new Set<string>();
  for (const run of query.normalize('NFKC').match(RUNS) ?? []) {
    if (!hasCjk(run)) continue;
    for (const part of run.match(CONTENT) ?? []) if ([...part].length >= 2) parts.add(part);
  }
  const ranges: [number, number][] = [];
  for (const part of parts) {
    for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) ranges.push([at, at + part.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const [start, end] of ranges) {
    const last = out.at(-1);
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else out.push([start, end]);
  }
  return out;
}
