// What a submitted plant name means: one site (by its name, an alias, a place that has only that site, or the
// one close match, typo included), a list of sites (a country, region, subdivision or city with several), or
// nothing (with the closest suggestions). Used by /aesc plant; synchronous and allocation-light. Names in other
// languages (src/facts/local-names.ts) count as the English ones do: "座間工場" is the name, "テネシー" the state.
import { type LocalNames, NO_LOCAL_NAMES } from './local-names.js';
import { fold } from './normalize.js';
import { type PlaceKind, placeNames } from './places.js';
import type { PlantIndex, PlantMatch } from './plant-search.js';
import type { Plant } from './schema.js';

/** How a single site was found. */
export type PlantMatchedBy = 'id' | 'name' | 'alias' | PlaceKind | 'prefix' | 'word' | 'typo';

export type PlantResolution =
  | { kind: 'plant'; plant: Plant; matched: PlantMatchedBy; matchedText: string }
  | { kind: 'list'; plants: Plant[]; by: PlaceKind; label: string }
  | { kind: 'none'; suggestions: Plant[] };

/** Past this many characters no name can match: answered at once, without folding the text. */
const RAW_QUERY_CEILING = 400;

interface Place {
  kind: PlaceKind;
  label: string;
  plants: Plant[];
}

/** Most general first: "Japan" is a region and a country; the region wins, with the same sites. */
const PLACE_ORDER: readonly PlaceKind[] = ['region', 'country', 'subdivision', 'city'];

export class PlantResolver {
  private readonly strong = new Map<string, { plant: Plant; matched: 'id' | 'name' | 'alias'; text: string }>();
  private readonly places = new Map<string, Place>();

  constructor(
    plants: readonly Plant[],
    private readonly index: PlantIndex,
    names: LocalNames = NO_LOCAL_NAMES,
  ) {
    for (const plant of plants) {
      const keys = [
        [plant.id, 'id'],
        [plant.name, 'name'],
        ...plant.aliases.map((a) => [a, 'alias'] as const),
        ...names.of(plant.name).map((n) => [n, 'name'] as const),
        ...plant.aliases.flatMap((a) => names.of(a).map((n) => [n, 'alias'] as const)),
      ] as const;
      for (const [text, matched] of keys) {
        const k = fold(text);
        if (!this.strong.has(k)) this.strong.set(k, { plant, matched, text });
      }
    }
    for (const plant of plants) {
      const places = placeNames(plant);
      // In another language a place is labelled in that language: "神奈川" lists the "神奈川県" sites.
      const local = places.flatMap((x) => {
        const label = names.of(x.label)[0] ?? x.label;
        return names.of(x.name).map((name) => ({ ...x, name, label }));
      });
      for (const p of [...places, ...local]) {
        const k = fold(p.name);
        const place = this.places.get(k);
        if (place === undefined) {
          this.places.set(k, { kind: p.kind, label: p.label, plants: [plant] });
          continue;
        }
        // One name for places of two kinds ("Japan": a region and a country): it is called the more general.
        if (PLACE_ORDER.indexOf(p.kind) < PLACE_ORDER.indexOf(place.kind)) {
          place.kind = p.kind;
          place.label = p.label;
        }
        if (!place.plants.includes(plant)) place.plants.push(plant);
      }
    }
  }

  resolve(query: string): PlantResolution {
    if (query.length > RAW_QUERY_CEILING) return { kind: 'none', suggestions: [] };
    const q = fold(query);
    if (q === '') return { kind: 'none', suggestions: [] };
    const exact = this.strong.get(q);
    if (exact !== undefined)
      return { kind: 'plant', plant: exact.plant, matched: exact.matched, matchedText: exact.text };
    const place = this.places.get(q);
    if (place !== undefined) {
      const [only] = place.plants;
      if (place.plants.length === 1 && only !== undefined) {
        return { kind: 'plant', plant: only, matched: place.kind, matchedText: place.label };
      }
      return { kind: 'list', plants: [...place.plants], by: place.kind, label: place.label };
    }
    const matches = this.index.search(query, 5);
    const [first] = matches;
    if (first !== undefined && isOneClose(matches)) {
      return {
        kind: 'plant',
        plant: first.plant,
        matched: first.tier === 'fuzzy' ? 'typo' : first.tier === 'word' ? 'word' : 'prefix',
        matchedText: first.matched,
      };
    }
    return { kind: 'none', suggestions: matches.map((m) => m.plant) };
  }
}

/** Exactly one site matched at the best tier, and nothing else is as close. */
function isOneClose(matches: readonly PlantMatch[]): boolean {
  const [first, second] = matches;
  if (first === undefined) return false;
  return second === undefined || second.tier !== first.tier;
}
