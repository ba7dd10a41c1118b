// /aesc plants [region] [status] — the matching sites, grouped by region.
import type { APIEmbedField } from 'discord-api-types/v10';
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { REGIONS } from '../../facts/schema.js';
import { currentStatus } from '../../facts/store.js';
import { embedReply, notice } from '../../present/replies.js';
import { EMBED_COLOR, fieldValue, footer, STATUS_LABEL, sourcesField } from '../../present/style.js';
import type { AescOptions } from './definition.js';
import { plantLocation } from './plant.js';

export function plantsCommand(options: AescOptions<'plants'>, ctx: HandlerContext): HandlerReply {
  const { store } = ctx;
  const plants = store.plantsBy({ region: options.region, status: options.status });
  const filters = [options.region, options.status && STATUS_LABEL[options.status].toLowerCase()].filter(Boolean);
  if (plants.length === 0) {
    return notice(
      'No matching sites',
      `No site in the sources is ${filters.join(' and ')}. Try \`/aesc plants\` without filters.`,
    );
  }
  const fields: APIEmbedField[] = [];
  for (const region of REGIONS) {
    const inRegion = plants.filter((p) => p.region === region);
    if (inRegion.length === 0) continue;
    fields.push({
      name: `${region} (${inRegion.length})`,
      value: fieldValue(inRegion.map((p) => `**${p.name}** — ${plantLocation(p)} · ${STATUS_LABEL[currentStatus(p)]}`)),
    });
  }
  fields.push(sourcesField(store, ['wikipedia', 'flor-interview']));
  return embedReply([
    {
      color: EMBED_COLOR,
      title: filters.length > 0 ? `AESC sites: ${filters.join(', ')}` : 'AESC production sites',
      description: `${plants.length} site${plants.length === 1 ? '' : 's'}, with the status the sources give. \`/aesc plant\` shows one site's card.`,
      fields,
      footer: footer(),
    },
  ]);
}
