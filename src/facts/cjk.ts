// Words of text written without spaces (Japanese, Chinese): how full-text search and name matching cut them.
//
// Why character bigrams and not Intl.Segmenter('ja', { granularity: 'word' }): measured on real queries against
// the translated statements (test/facts/search-ja.test.ts holds them; the comparison is in the commit message and
// the report). ICU's dictionary cuts foreign names written in katakana at arbitrary points ("サンダーランド" ->
// "サン|ダーラン|ド", "エンビジョン" -> "エン|ビジョン", "イングランド" -> "イン|グランド") and cuts a name
// differently when it is typed half-way ("サンダー" -> "サン|ダー"), so the query's pieces and the text's often
// differ; most place and company names here are such katakana words. Overlapping bigrams need no dictionary,
// find a word inside a compound ("能力" in "生産能力") and a half-typed name, and BM25 ranks a text that has every
// bigram of the query (the whole word) above one that shares a single bigram. They also cost less: segmenting is
// several times slower than slicing (bench/facts.ts reports the index build and query times).

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

/** Lone hiragana are particles and endings ("の", "は", "が"): no search word on their own. */
const LONE_HIRAGANA = /^\p{Script=Hiragana}$/u;

/**
 * The search terms of a run of CJK characters: its overlapping bigrams ("生産能力" -> 生産, 産能, 能力), or the
 * character itself when the run is one character long (a kanji such as "株"; not a lone hiragana particle).
 */
export function cjkTerms(run: string): string[] {
  const chars = [...run];
  if (chars.length === 1) return LONE_HIRAGANA.test(run) ? [] : [run];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
}
