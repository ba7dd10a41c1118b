// /aesc plants [region] [status] — the matching sites, grouped by region, each with its status emoji, and a
// "jump to a site" select that opens a site's card in place. The sources line is computed from the status
// statements the list shows.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { type Plant, REGIONS } from '../../facts/schema.js';
import { currentStatus } from '../../facts/store.js';
import { langFor, t } from '../../i18n/catalogue.js';
import { factTranslator } from '../../i18n/fact-translations.js';
import { listOf, regionWord, statusWord } from '../../i18n/words.js';
import { Citations } from '../../present/citations.js';
import { Card, cardReply } from '../../present/cv2.js';
import { commandRef } from '../../present/nav.js';
import { notice } from '../../present/replies.js';
import { EMBED_COLOR, STATUS_COLOR, STATUS_EMOJI } from '../../present/style.js';
import { type SitesMapOptions, sitesMap } from '../../render/index.js';
import type { AescOptions } from './definition.js';
import { jumpSelect, plantLocation } from './sites.js';

/** The statement a site's listed status rests on: the latest one saying more than "listed", else the listing. */
function statusStatement(p: Plant): Plant['statuses'][number] | undefined {
  const status = currentStatus(p);
  return [...p.statuses].reverse().find((s) => s.status === status) ?? p.statuses[0];
}

export function plantsCard(
  ctx: HandlerContext,
  plants: readonly Plant[],
  title: string,
  owner = ctx.invoker.userId,
  filter: SitesMapOptions = {},
): Card {
  const { store } = ctx;
  const lang = langFor(ctx.locale);
  const tr = factTranslator();
  const cites = new Citations(store, lang);
  const statuses = new Set(plants.map(currentStatus));
  const accent =
    statuses.size === 1 ? STATUS_COLOR[[...statuses][0] as Plant['statuses'][number]['status']] : EMBED_COLOR;
  const card = new Card(accent, cites);
  const count =
    plants.length === 1 ? t(lang, 'plants.count.one') : t(lang, 'plants.count.other', { count: plants.length });
  card.text(`## ${title}\n-# ${count}`);
  const blocks: string[] = [];
  for (const region of REGIONS) {
    const inRegion = plants.filter((p) => p.region === region);
    if (inRegion.length === 0) continue;
    const lines = inRegion.map((p) => {
      const s = statusStatement(p);
      const status = currentStatus(p);
      return `${STATUS_EMOJI[status]} **${tr.text(lang, p.name)}** — ${plantLocation(p, lang)} · ${statusWord(lang, status)}${s ? cites.cite(s.sources) : ''}`;
    });
    blocks.push(`### ${regionWord(lang, region)} (${inRegion.length})\n${lines.join('\n')}`);
  }
  card.text(blocks.join('\n'));
  const map = sitesMap(plants, filter, ctx.locale);
  if (map !== null) card.picture(map);
  card.select(jumpSelect(plants, owner, undefined, lang));
  return card;
}

export function plantsCommand(options: AescOptions<'plants'>, ctx: HandlerContext): HandlerReply {
  const plants = ctx.store.plantsBy({ region: options.region, status: options.status });
  const lang = langFor(ctx.locale);
  const filters = [
    options.region && regionWord(lang, options.region),
    options.status && statusWord(lang, options.status).toLowerCase(),
  ].filter((f): f is string => Boolean(f));
  if (plants.length === 0) {
    return notice(
      t(lang, 'plants.none.title'),
      t(lang, 'plants.none.body', {
        filters: filters.join(t(lang, 'list.and')),
        command: commandRef(ctx.commandIds, 'plants'),
      }),
    );
  }
  const title =
    filters.length > 0 ? t(lang, 'plants.titleFiltered', { filters: listOf(lang, filters) }) : t(lang, 'plants.title');
  return cardReply(
    plantsCard(ctx, plants, title, ctx.invoker.userId, { region: options.region, status: options.status }),
  );
}
