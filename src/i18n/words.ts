// The catalogue's words for the data's enumerations (status, capacity kind, region) and lists joined the
// language's way. One place maps an enumeration value to its key, so a new status fails the typecheck here.
import type { OptionError } from '../core/options.js';
import type { Capacity, OWNERSHIP_KINDS, PlantStatus, Region, Topic } from '../facts/schema.js';
import { type Lang, type MessageKey, t } from './catalogue.js';

const STATUS_KEY: Record<PlantStatus, MessageKey> = {
  operating: 'status.operating',
  'production-started': 'status.productionStarted',
  'trial-production': 'status.trialProduction',
  'under-construction': 'status.underConstruction',
  planned: 'status.planned',
  halted: 'status.halted',
  listed: 'status.listed',
};

const KIND_KEY: Record<Capacity['kind'], MessageKey> = {
  original: 'capacity.kind.original',
  current: 'capacity.kind.current',
  initial: 'capacity.kind.initial',
  planned: 'capacity.kind.planned',
  target: 'capacity.kind.target',
  potential: 'capacity.kind.potential',
  option: 'capacity.kind.option',
  expansion: 'capacity.kind.expansion',
  unclear: 'capacity.kind.unclear',
};

const REGION_KEY: Record<Region, MessageKey> = {
  Japan: 'region.Japan',
  China: 'region.China',
  Europe: 'region.Europe',
  USA: 'region.USA',
};

/** "Operating" / "稼働中". */
export function statusWord(lang: Lang, status: PlantStatus): string {
  return t(lang, STATUS_KEY[status]);
}

/** "current" / "現在". */
export function capacityKindWord(lang: Lang, kind: Capacity['kind']): string {
  return t(lang, KIND_KEY[kind]);
}

/** "Japan" / "日本"; a name that is not a region is returned as it is. */
export function regionWord(lang: Lang, region: string): string {
  const key = REGION_KEY[region as Region];
  return key === undefined ? region : t(lang, key);
}

/** Items joined with the language's separator: "a, b" / "a、b". */
export function listOf(lang: Lang, items: readonly string[]): string {
  return items.join(t(lang, 'list.sep'));
}

/** "ownership" / "所有": a topic of the timeline. */
export function topicWord(lang: Lang, topic: Topic): string {
  return t(lang, `topic.${topic}` as MessageKey);
}

const OWNERSHIP_KEY: Record<(typeof OWNERSHIP_KINDS)[number], MessageKey> = {
  agreement: 'owner.kind.agreement',
  shareholding: 'owner.kind.shareholding',
  'sale-decided': 'owner.kind.saleDecided',
  'sale-reported': 'owner.kind.saleReported',
  'sale-announced': 'owner.kind.saleAnnounced',
  'sale-cancelled': 'owner.kind.saleCancelled',
  'ownership-changed': 'owner.kind.ownershipChanged',
  'stake-acquired': 'owner.kind.stakeAcquired',
};

/** "Sale announced" / "売却発表"; "Ownership" when the event has no kind. */
export function ownershipKindWord(lang: Lang, kind: (typeof OWNERSHIP_KINDS)[number] | undefined): string {
  return t(lang, kind === undefined ? 'owner.kind.none' : OWNERSHIP_KEY[kind]);
}

/**
 * An option value the definition does not allow (src/core/options.ts), in `lang`: the catalogue's `option.<problem>`
 * with the error's params; choices by their localised names where the definition has them.
 */
export function optionErrorText(lang: Lang, e: OptionError): string {
  if (lang === 'en') return e.message;
  const params: Record<string, string | number> = { ...e.params };
  if (e.problem === 'choice' && e.choices.length > 0) {
    params.choices = listOf(
      lang,
      e.choices.map((c) => c.name_localizations?.[lang] ?? c.name),
    );
  }
  return t(lang, `option.${e.problem}` as MessageKey, params);
}
