// Bounded optimal-string-alignment distance (Levenshtein plus adjacent transposition), for the
// typo-tolerant tier of plant search. Written here because the maintained edit-distance packages
// (fastest-levenshtein and others) count a swap of two letters as two edits and offer no cutoff;
// "symrna" for "smyrna" is one typo, and the cutoff keeps autocomplete within its microsecond budget.

let prev2 = new Int32Array(64);
let prev = new Int32Array(64);
let curr = new Int32Array(64);

/**
 * OSA distance between `a` and the first `bLen` characters of `b`, or `max + 1` as soon as it is
 * known to exceed `max`. Allocation-free for strings up to 63 characters.
 */
export function boundedOsaDistance(a: string, b: string, max: number, bLen: number = b.length): number {
  const n = a.length;
  const m = Math.min(bLen, b.length);
  if (Math.abs(n - m) > max) return max + 1;
  if (n === 0 || m === 0) return Math.max(n, m) <= max ? Math.max(n, m) : max + 1;
  if (m + 1 > curr.length) {
    prev2 = new Int32Array(m + 1);
    prev = new Int32Array(m + 1);
    curr = new Int32Array(m + 1);
  }
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    curr[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const bj = b.charCodeAt(j - 1);
      const cost = ai === bj ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (curr[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      }
      curr[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = curr;
    curr = t;
  }
  const result = prev[m] as number;
  return result <= max ? result : max + 1;
}

const counts = new Int16Array(128);

/**
 * How many characters of `q` (counted with repeats) the first `len` characters of `text` lack. Each edit
 * supplies at most one of them, so it is a lower bound of the edit distance: cheap to compute, and it rules
 * out most targets before the quadratic distance runs.
 */
export function missingChars(q: string, text: string, len: number): number {
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i) & 127;
    counts[c] = (counts[c] as number) + 1;
  }
  let missing = 0;
  for (let i = 0; i < q.length; i++) {
    const c = q.charCodeAt(i) & 127;
    const n = counts[c] as number;
    if (n > 0) counts[c] = n - 1;
    else missing++;
  }
  for (let i = 0; i < len; i++) counts[text.charCodeAt(i) & 127] = 0;
  return missing;
}

/** A 32-bit set of the characters of a folded string: a-z and 0-9 mostly get a bit of their own. */
export function charMask(text: string, length: number = text.length): number {
  let mask = 0;
  for (let i = 0; i < length; i++) mask |= 1 << (text.charCodeAt(i) % 32);
  return mask;
}

/** Number of set bits. */
export function popcount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
