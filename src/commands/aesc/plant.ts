// /aesc plant name:<site> — one site's card — and the autocomplete on plant names.
import type { APIEmbed, APIEmbedField } from 'discord-api-types/v10';
import type { AutocompleteChoice, HandlerContext, HandlerReply } from '../../core/command.js';
import { CHOICE_NAME_MAX, truncateText } from '../../discord/limits.js';
import { formatFactDate } from '../../facts/dates.js';
import type { Plant } from '../../facts/schema.js';
import { currentStatus, type FactStore, plantStatements } from '../../facts/store.js';
import { embedReply, notice, quoteInput } from '../../present/replies.js';
import {
  cited,
  dateLabel,
  EMBED_COLOR,
  fieldValue,
  footer,
  formatCapacity,
  STATUS_LABEL,
  sourceIds,
  sourcesField,
} from '../../present/style.js';
import type { AescOptions } from './definition.js';

export function plantLocation(p: Plant): string {
  return [p.city, p.subdivision, p.country].filter((x, i, a) => x !== undefined && a.indexOf(x) === i).join(', ');
}

export function plantCard(store: FactStore, plant: Plant, locale: string): APIEmbed {
  const status = currentStatus(plant);
  const fields: APIEmbedField[] = [
    { name: 'Location', value: `${plantLocation(plant)}\nRegion: ${plant.region}`, inline: true },
    { name: 'Status now', value: STATUS_LABEL[status], inline: true },
    {
      name: 'Start of production',
      value: fieldValue(
        plant.production.map(
          (x) =>
            `${x.kind === 'trial' ? 'Trial' : x.kind === 'start' ? 'Start' : 'Planned start'}: ${formatFactDate(x.date)}`,
        ),
      ),
      inline: true,
    },
    { name: 'Makes', value: fieldValue(plant.makes.map((m) => cited(m.text, m.sources))) },
    {
      name: 'Status, as the sources state it',
      value: fieldValue(plant.statuses.map((s) => cited(`**${dateLabel(s.date)}** — ${s.text}`, s.sources))),
    },
    { name: 'Capacity', value: fieldValue(plant.capacity.map((c) => cited(formatCapacity(c, locale), c.sources))) },
  ];
  if (plant.customers.length > 0) {
    fields.push({
      name: 'Customers',
      value: fieldValue(
        plant.customers.map((c) => cited(`**${store.organisation(c.customer).name}** — ${c.text}`, c.sources)),
      ),
    });
  }
  const money = [
    ...plant.investment.map((i) => cited(`Investment: ${i.text}`, i.sources)),
    ...plant.jobs.map((j) => cited(`Jobs: ${j.text}`, j.sources)),
  ];
  if (money.length > 0) fields.push({ name: 'Investment and jobs', value: fieldValue(money) });
  if (plant.notes.length > 0)
    fields.push({ name: 'Notes', value: fieldValue(plant.notes.map((n) => cited(n.text, n.sources))) });
  if (plant.geography) {
    fields.push({ name: "Geography (editors' note, not from the sources)", value: fieldValue([plant.geography.note]) });
  }
  fields.push(sourcesField(store, sourceIds(...plantStatements(plant).map((x) => x.sources))));
  return {
    color: EMBED_COLOR,
    title: plant.name,
    description: cited(plant.location.text, plant.location.sources),
    fields,
    footer: footer(plant.aliases.length > 0 ? `also known as ${plant.aliases.join(', ')}` : undefined),
  };
}

export function plantCommand(options: AescOptions<'plant'>, ctx: HandlerContext): HandlerReply {
  const plant = ctx.store.plant(options.name);
  if (plant !== undefined) return embedReply([plantCard(ctx.store, plant, ctx.locale)]);
  const suggestions = ctx.store.searchPlants(options.name, 5);
  const hint =
    suggestions.length > 0
      ? `Closest matches: ${suggestions.map((m) => `**${m.plant.name}**`).join(', ')}.`
      : `Try a city, state or country, e.g. Sunderland, Tennessee or Wuxi. \`/aesc plants\` lists every site.`;
  return notice('Unknown site', `No site matches ${quoteInput(options.name)}. ${hint}`);
}

/** Autocomplete choice label: "Sunderland plant — Sunderland, England, United Kingdom". */
export function plantChoiceName(plant: Plant, matched: string): string {
  const via = matched !== '' && matched !== plant.name && matched !== plant.id ? ` (${matched})` : '';
  return truncateText(`${plant.name}${via} — ${plantLocation(plant)}`, CHOICE_NAME_MAX);
}

export function plantAutocomplete(value: string, ctx: HandlerContext): AutocompleteChoice[] {
  return ctx.store
    .searchPlants(value, 25)
    .map((m) => ({ name: plantChoiceName(m.plant, m.matched), value: m.plant.id }));
}
