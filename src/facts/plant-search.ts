// Plant lookup and ranked search for autocomplete: exact name/alias, then prefix, then word-prefix or
// substring, then typo-tolerant fuzzy (bounded edit distance with transpositions). Pure, synchronous,
// allocation-light: it runs on every keystroke. Names in other languages (the translated plant name, the search
// words for its aliases and places: src/facts/local-names.ts) are keys like the English ones, so "座間", "サンダー"
// or "テネシー" find their sites and `matched` is the Japanese name.
import { hasCjk } from './cjk.js';
import { boundedOsaDistance, charMask, missingChars, popcount } from './edit-distance.js';
import { type LocalNames, NO_LOCAL_NAMES } from './local-names.js';
import { fold } from './normalize.js';
import { placeNames } from './places.js';
import type { Plant } from './schema.js';

export const MATCH_TIERS = ['exact', 'prefix', 'word', 'fuzzy'] as const;
export type MatchTier = (typeof MATCH_TIERS)[number];

export interface PlantMatch {
  plant: Plant;
  tier: MatchTier;
  /** The name, alias or keyword that matched (as written in the data), for "Giga 1 → Sunderland plant". */
  matched: string;
}

interface Key {
  folded: string;
  label: string;
  /** Strong keys (id, name, aliases) identify one plant; weak ones (keywords such as "Kanagawa") may be shared. */
  strong: boolean;
  words: string[];
  /** Written without spaces (Japanese): any part of it is a word ("ランド" in "サンダーランド工場"). */
  cjk: boolean;
}

interface Entry {
  plant: Plant;
  order: number;
  keys: Key[];
  /** The keys written in Latin script, then those in Japanese: a query is compared with its own script's only. */
  latinKeys: Key[];
  cjkKeys: Key[];
}

/** A text the fuzzy tier compares queries with (a key, or a word of a key), shared by every key that has it. */
interface FuzzyTarget {
  text: string;
  /** Japanese (or Chinese) text: compared with queries in that script only. */
  cjk: boolean;
  /** prefixMasks[k]: the set of characters among the first k + 1 (see charMask). */
  prefixMasks: Int32Array;
  /** Which entries have it, and the key to show as matched. */
  owners: { entry: number; label: string }[];
}

/** Past this many characters a query cannot match anything, so it is not even folded. */
const RAW_QUERY_CEILING = 400;
/** Words too common across site names to say anything when a query is a typo of them. */
const FUZZY_NOISE = new Set(['plant']);

export class PlantIndex {
  private readonly entries: Entry[];
  private readonly exact = new Map<string, Entry>();
  private readonly fuzzy: FuzzyTarget[];
  private readonly maxKeyLength: number;
  // Scratch space reused by every search (search is synchronous, so it is never shared between calls).
  private readonly tier: Int8Array;
  private readonly score: Int8Array;
  private readonly matched: string[];

  /** `plants` must already be in display order (region, then data order). */
  constructor(plants: readonly Plant[], names: LocalNames = NO_LOCAL_NAMES) {
    this.entries = plants.map((plant, order) => {
      const ownNames = [plant.name, ...plant.aliases];
      const strong = [plant.id, ...ownNames, ...ownNames.flatMap((n) => names.of(n))].map((label) => key(label, true));
      // Weak keys: the data's keywords, then the site's own place fields (city, subdivision, country and its
      // common names, region), so "UK", "Europe" or "Kanagawa" list the sites there; then the same in other
      // languages ("英国", "神奈川").
      const places = [...plant.keywords, ...placeNames(plant).map((p) => p.name)];
      const weak = [...places, ...places.flatMap((n) => names.of(n))].map((label) => key(label, false));
      const keys = dedupe([...strong, ...weak]);
      return { plant, order, keys, latinKeys: keys.filter((k) => !k.cjk), cjkKeys: keys.filter((k) => k.cjk) };
    });
    for (const e of this.entries) {
      for (const k of e.keys) if (k.strong) this.exact.set(k.folded, e);
    }
    const targets = new Map<string, FuzzyTarget>();
    this.entries.forEach((e, i) => {
      for (const k of e.keys) {
        for (const text of k.words.length > 1 ? [k.folded, ...k.words] : [k.folded]) {
          if (FUZZY_NOISE.has(text)) continue;
          const t = targets.get(text) ?? { text, cjk: k.cjk, prefixMasks: prefixMasks(text), owners: [] };
          if (!t.owners.some((o) => o.entry === i)) t.owners.push({ entry: i, label: k.label });
          targets.set(text, t);
        }
      }
    });
    this.fuzzy = [...targets.values()];
    this.maxKeyLength = Math.max(...this.entries.flatMap((e) => e.keys.map((k) => k.folded.length)));
    this.tier = new Int8Array(this.entries.length);
    this.score = new Int8Array(this.entries.length);
    this.matched = new Array<string>(this.entries.length).fill('');
  }

  /** By id, name or alias, ignoring case, accents and punctuation. */
  get(nameOrAlias: string): Plant | undefined {
    if (nameOrAlias.length > RAW_QUERY_CEILING) return undefined;
    return this.exact.get(fold(nameOrAlias))?.plant;
  }

  /** Ranked matches, best first, at most `limit`. Empty query: every plant in display order. */
  search(query: string, limit = 25): PlantMatch[] {
    if (limit <= 0 || query.length > RAW_QUERY_CEILING) return [];
    const q = fold(query);
    if (q === '') {
      // Blank input lists every site; input of only punctuation or emoji matches none.
      if (query.trim() !== '') return [];
      return this.entries.slice(0, limit).map((e) => ({ plant: e.plant, tier: 'prefix', matched: '' }));
    }
    if (q.length > this.maxKeyLength + 2) return [];
    const { entries, tier, score, matched } = this;
    // Japanese keys never match a Latin-script query, nor English keys a Japanese one (a mixed key such as
    // "エンビジョンAESC Giga 1" is a Japanese key: its Latin words have their English key too).
    const cjk = hasCjk(q);

    // Tiers 0-2: exact, prefix, word prefix or substring. 9 = no match yet.
    let unmatched = 0;
    for (let i = 0; i < entries.length; i++) {
      let t = 9;
      let label = '';
      const e = entries[i] as Entry;
      for (const k of cjk ? e.cjkKeys : e.latinKeys) {
        let kt = 9;
        if (k.folded === q) kt = k.strong ? 0 : 1;
        else if (k.folded.startsWith(q)) kt = k.strong ? 1 : 2;
        else if (((k.strong || k.cjk) && k.folded.includes(q)) || wordStartsWith(k.words, q)) kt = 2;
        if (kt < t) {
          t = kt;
          label = k.label;
          if (t === 0) break;
        }
      }
      tier[i] = t;
      score[i] = 0;
      matched[i] = label;
      if (t === 9) unmatched++;
    }

    // Tier 3: typos. Tolerance grows with the query. When the query is exactly a site's name or alias, the
    // user has typed what they mean: other sites then need to be one typo away ("Hebei" also offers "Hubei").
    // Three letters allow one typo against whole words only ("zma" finds "Zama"), never against the start of a
    // longer word, which almost any three letters are one edit from.
    // Japanese: a character says as much as a word, so one typo, and only from five characters on ("サンダランド"
    // finds "サンダーランド"; four kanji such as "茨城工場" and "座間工場" are two apart and must stay apart).
    const maxEdits = cjk ? (q.length < 5 ? 0 : 1) : q.length < 3 ? 0 : q.length < 7 || this.exact.has(q) ? 1 : 2;
    const wholeOnly = !cjk && q.length < 4;
    if (maxEdits > 0 && unmatched > 0) {
      const qMask = charMask(q);
      for (const target of this.fuzzy) {
        if (target.cjk !== cjk || !anyUnmatched(target, tier)) continue;
        if (wholeOnly && target.text.length > q.length + 1) continue;
        const d = fuzzyDistance(q, qMask, target, maxEdits, !wholeOnly);
        if (d > maxEdits) continue;
        for (const o of target.owners) {
          const t = tier[o.entry] as number;
          if (t > 3 || (t === 3 && d < (score[o.entry] as number))) {
            tier[o.entry] = 3;
            score[o.entry] = d;
            matched[o.entry] = o.label;
          }
        }
      }
    }

    const found: number[] = [];
    for (let i = 0; i < entries.length; i++) if ((tier[i] as number) < 9) found.push(i);
    // Best first: tier, then fewer edits, then display order. Deterministic for equal input.
    found.sort(
      (a, b) => (tier[a] as number) - (tier[b] as number) || (score[a] as number) - (score[b] as number) || a - b,
    );
    const out: PlantMatch[] = [];
    for (const i of found) {
      if (out.length === limit) break;
      out.push({
        plant: (entries[i] as Entry).plant,
        tier: MATCH_TIERS[tier[i] as number] ?? 'fuzzy',
        matched: matched[i] as string,
      });
    }
    return out;
  }
}

function key(label: string, strong: boolean): Key {
  const folded = fold(label);
  return { folded, label, strong, words: folded.split(' '), cjk: hasCjk(folded) };
}

function wordStartsWith(words: readonly string[], q: string): boolean {
  for (const w of words) if (w.startsWith(q)) return true;
  return false;
}

/** Does any owner of the target still lack an exact, prefix or word match? */
function anyUnmatched(target: FuzzyTarget, tier: Int8Array): boolean {
  for (const o of target.owners) if ((tier[o.entry] as number) >= 3) return true;
  return false;
}

function prefixMasks(text: string): Int32Array {
  const masks = new Int32Array(text.length);
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    mask |= charMask(text.charAt(i));
    masks[i] = mask;
  }
  return masks;
}

function dedupe(keys: Key[]): Key[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    if (seen.has(k.folded)) return false;
    seen.add(k.folded);
    return true;
  });
}

/**
 * Smallest edit distance (a transposition counts as one) between the query and a target or the start of
 * it as long as the query (so "sundre" finds "sunderland" while the user is still typing); `max + 1` when
 * more than `max`. A character-count check skips most comparisons first.
 */
function fuzzyDistance(q: string, qMask: number, target: FuzzyTarget, max: number, prefixes = true): number {
  const { text, prefixMasks } = target;
  let best = max + 1;
  if (text.length + max < q.length) return best;
  // Characters of the query that the target lacks altogether, as sets: a first, very cheap bound.
  if (
    Math.abs(text.length - q.length) <= max &&
    popcount(qMask & ~(prefixMasks[text.length - 1] as number)) <= max &&
    missingChars(q, text, text.length) <= max
  ) {
    best = boundedOsaDistance(q, text, max);
  }
  if (
    prefixes &&
    best > 0 &&
    text.length > q.length &&
    popcount(qMask & ~(prefixMasks[q.length - 1] as number)) <= max &&
    missingChars(q, text, q.length) <= max
  ) {
    best = Math.min(best, boundedOsaDistance(q, text, Math.min(max, best - 1), q.length));
  }
  return best;
}
