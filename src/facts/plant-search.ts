// Plant lookup and ranked search for autocomplete: exact name/alias, then prefix, then word-prefix or
// substring, then typo-tolerant fuzzy (bounded edit distance with transpositions). Pure, synchronous,
// allocation-light: it runs on every keystroke.
import { boundedOsaDistance, charMask, popcount } from './edit-distance.js';
import { fold } from './normalize.js';
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
  /** What the fuzzy tier compares with: the key and, for several words, each word. */
  fuzzy: FuzzyTarget[];
}

interface FuzzyTarget {
  text: string;
  /** prefixMasks[k] = character set of the first k + 1 characters. */
  prefixMasks: Int32Array;
}

interface Entry {
  plant: Plant;
  order: number;
  keys: Key[];
}

/** Past this many characters a query cannot match anything, so it is not even folded. */
const RAW_QUERY_CEILING = 400;

export class PlantIndex {
  private readonly entries: Entry[];
  private readonly exact = new Map<string, Entry>();
  private readonly maxKeyLength: number;

  /** `plants` must already be in display order (region, then data order). */
  constructor(plants: readonly Plant[]) {
    this.entries = plants.map((plant, order) => {
      const strong = [plant.id, plant.name, ...plant.aliases].map((label) => key(label, true));
      const weak = plant.keywords.map((label) => key(label, false));
      return { plant, order, keys: dedupe([...strong, ...weak]) };
    });
    for (const e of this.entries) {
      for (const k of e.keys) if (k.strong) this.exact.set(k.folded, e);
    }
    this.maxKeyLength = Math.max(...this.entries.flatMap((e) => e.keys.map((k) => k.folded.length)));
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
    const qMask = charMask(q);

    const best: { entry: Entry; tier: number; score: number; matched: string }[] = [];
    const maxEdits = q.length < 4 ? 0 : q.length < 7 ? 1 : 2;
    for (const entry of this.entries) {
      let tier = 9;
      let score = 0;
      let matched = '';
      for (const k of entry.keys) {
        let t = 9;
        let s = 0;
        if (k.folded === q) t = k.strong ? 0 : 1;
        else if (k.folded.startsWith(q)) t = k.strong ? 1 : 2;
        else if (k.words.some((w) => w.startsWith(q)) || (k.strong && k.folded.includes(q))) t = 2;
        else if (maxEdits > 0 && tier > 3) {
          const d = fuzzyDistance(q, qMask, k, maxEdits);
          if (d <= maxEdits) {
            t = 3;
            s = d;
          }
        }
        if (t < tier || (t === tier && s < score)) {
          tier = t;
          score = s;
          matched = k.label;
        }
      }
      if (tier < 9) best.push({ entry, tier, score, matched });
    }
    // Best first: tier, then fewer edits, then display order. Deterministic for equal input.
    best.sort((a, b) => a.tier - b.tier || a.score - b.score || a.entry.order - b.entry.order);
    const out: PlantMatch[] = [];
    for (const b of best) {
      if (out.length === limit) break;
      out.push({ plant: b.entry.plant, tier: MATCH_TIERS[Math.min(b.tier, 3)] ?? 'fuzzy', matched: b.matched });
    }
    return out;
  }
}

function key(label: string, strong: boolean): Key {
  const folded = fold(label);
  const words = folded.split(' ');
  const texts = words.length > 1 ? [folded, ...words] : [folded];
  return { folded, label, strong, words, fuzzy: texts.map(fuzzyTarget) };
}

function fuzzyTarget(text: string): FuzzyTarget {
  const prefixMasks = new Int32Array(text.length);
  let mask = 0;
  for (let i = 0; i < text.length; i++) {
    mask |= charMask(text.charAt(i));
    prefixMasks[i] = mask;
  }
  return { text, prefixMasks };
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
 * Smallest edit distance (transpositions count as one) between the query and the key, a word of it, or
 * the start of either that is as long as the query (so "sundre" finds "sunderland" while the user is
 * still typing). A character-set check skips most comparisons: each edit brings in at most one
 * character the target lacks.
 */
function fuzzyDistance(q: string, qMask: number, k: Key, maxEdits: number): number {
  let best = maxEdits + 1;
  for (const t of k.fuzzy) {
    const len = t.text.length;
    if (len + maxEdits < q.length) continue;
    if (Math.abs(len - q.length) <= maxEdits && popcount(qMask & ~(t.prefixMasks[len - 1] as number)) <= maxEdits) {
      best = Math.min(best, boundedOsaDistance(q, t.text, Math.min(maxEdits, best - 1)));
    }
    if (len > q.length && popcount(qMask & ~(t.prefixMasks[q.length - 1] as number)) <= maxEdits) {
      best = Math.min(best, boundedOsaDistance(q, t.text, Math.min(maxEdits, best - 1), q.length));
    }
    if (best === 0) break;
  }
  return best;
}
