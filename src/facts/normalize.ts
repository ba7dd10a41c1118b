// Text folding shared by every lookup: case, accents and punctuation do not matter.

/** Combining marks, except the kana voicing marks (゛ ゜), which are part of the letter: "ダ" is not "タ". */
const MARKS = /[^\P{M}\u3099\u309A]+/gu;
const KANA_MARK = /[\u3099\u309A]/;
const NON_WORD = /[^\p{L}\p{N}]+/gu;

/**
 * "Sagamihara électrod-plant!" -> "sagamihara electrod plant". Compatibility forms become their plain letters
 * (full-width "ＡＥＳＣ" -> "aesc", half-width "ｻﾝﾀﾞｰ" -> "サンダー"); kana keep their voicing marks.
 */
export function fold(text: string): string {
  let s = text.normalize('NFKD').replace(MARKS, '');
  // NFKD splits "ダ" into "タ" and a combining mark: put them back together (only when there is one to join).
  if (KANA_MARK.test(s)) s = s.normalize('NFC');
  return s.toLowerCase().replace(NON_WORD, ' ').trim();
}

/** Folded words of a text, without empties. */
export function words(text: string): string[] {
  const f = fold(text);
  return f === '' ? [] : f.split(' ');
}
