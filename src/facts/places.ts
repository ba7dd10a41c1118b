// The places a site is in, as the data's own fields give them (city, subdivision, country, region), plus the
// common names people type for two countries. Used by plant lookup, autocomplete and search, so "UK",
// "Europe" or "Kanagawa" find the sites there. These are search words, not facts: nothing here is shown as a fact.
import type { Plant } from './schema.js';

export const PLACE_KINDS = ['city', 'subdivision', 'country', 'region'] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

/** Other names of the countries in the data (the data spells them "United Kingdom" and "United States"). */
const COUNTRY_NAMES: Readonly<Record<string, readonly string[]>> = {
  'United Kingdom': ['UK', 'Great Britain', 'Britain', 'GB'],
  'United States': ['USA', 'US', 'United States of America', 'America'],
};

export interface PlaceName {
  kind: PlaceKind;
  /** The name to match. */
  name: string;
  /** The data's own spelling of the place (for "United Kingdom" when "UK" was typed). */
  label: string;
}

/** Every place name a plant is found by, most specific first. */
export function placeNames(plant: Plant): PlaceName[] {
  const out: PlaceName[] = [];
  const add = (kind: PlaceKind, label: string | undefined, names: readonly string[] = []) => {
    if (label === undefined) return;
    for (const name of [label, ...names]) out.push({ kind, name, label });
  };
  // "Jiangyin (Wuxi)": both the city and the name in brackets.
  if (plant.city !== undefined) {
    add(
      'city',
      plant.city,
      [...plant.city.matchAll(/^([^(]+)\(([^)]+)\)$/g)].flatMap((m) => [m[1]?.trim() ?? '', m[2]?.trim() ?? '']),
    );
  }
  add('subdivision', plant.subdivision);
  add('country', plant.country, COUNTRY_NAMES[plant.country]);
  add('region', plant.region);
  return out.filter((p) => p.name !== '');
}
