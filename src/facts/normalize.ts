// Text folding shared by every lookup: case, accents and punctuation do not matter.

const MARKS = /\p{M}+/gu;
const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** "Sagamihara électrod-plant!" -> "sagamihara electrod plant" */
export function fold(text: string): string {
  return text.normalize('NFKD').replace(MARKS, '').toLowerCase().replace(NON_WORD, ' ').trim();
}

/** Folded words of a text, without empties. */
export function words(text: string): string[] {
  const f = fold(text);
  return f === '' ? [] : f.split(' ');
}
