// /aesc plants [region] [status] — the matching sites, grouped by region, each with its status emoji, and a
// "jump to a site" select that opens a site's card in place. The sources line is computed from the status
// statements the list shows.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { type Plant, REGIONS } from '../../facts/schema.js';
import { currentStatus } from '../../facts/store.js';
import { Citations } from '../../present/citations.js';
import { Card, cardReply } from '../../present/cv2.js';
import { commandRef } from '../../present/nav.js';
import { notice } from '../../present/replies.js';
import { EMBED_COLOR, STATUS_COLOR, STATUS_EMOJI, STATUS_LABEL } from '../../present/style.js';
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
  const cites = new Citations(store);
  const statuses = new Set(plants.map(currentStatus));
  const accent =
    statuses.size === 1 ? STATUS_COLOR[[...statuses][0] as Plant['statuses'][number]['status']] : EMBED_COLOR;
  const card = new Card(accent, cites);
  card.text(
    `## ${title}\n-# ${plants.length} site${plants.length === 1 ? '' : 's'}, each with the latest status its sources give.`,
  );
  const blocks: string[] = [];
  for (const region of REGIONS) {
    const inRegion = plants.filter((p) => p.region === region);
    if (inRegion.length === 0) continue;
    const lines = inRegion.map((p) => {
      const s = statusStatement(p);
      const status = currentStatus(p);
      return `${STATUS_EMOJI[status]} **${p.name}** — ${plantLocation(p)} · ${STATUS_LABEL[status]}${s ? cites.cite(s.sources) : ''}`;
    });
    blocks.push(`### ${region} (${inRegion.length})\n${lines.join('\n')}`);
  }
  card.text(blocks.join('\n'));
  const map = sitesMap(plants, filter, ctx.locale);
  if (map !== null) card.picture(map);
  card.select(jumpSelect(plants, owner));
  return card;
}

export function plantsCommand(options: AescOptions<'plants'>, ctx: HandlerContext): HandlerReply {
  const plants = ctx.store.plantsBy({ region: options.region, status: options.status });
  const filters = [options.region, options.status && STATUS_LABEL[options.status].toLowerCase()].filter(Boolean);
  if (plants.length === 0) {
    return notice(
      'No matching sites',
      `No site in the sources is ${filters.join(' and ')}. Try ${commandRef(ctx.commandIds, 'plants')} without filters.`,
    );
  }
  const title = filters.length > 0 ? `AESC sites: ${filters.join(', ')}` : 'AESC production sites';
  return cardReply(
    plantsCard(ctx, plants, title, ctx.invoker.userId, { region: options.region, status: options.status }),
  );
}
