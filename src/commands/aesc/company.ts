// /aesc company — the profile card: names, founding, headquarters, products, owners, key figures, customers.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { formatFactDate } from '../../facts/dates.js';
import { embedReply } from '../../present/replies.js';
import { cited, citeShort, EMBED_COLOR, fieldValue, footer, sourceIds, sourcesField } from '../../present/style.js';

export function companyCommand(ctx: HandlerContext): HandlerReply {
  const { store } = ctx;
  const c = store.company;
  const figures = c.keyFigures.map((k) => {
    const who = k.attributedTo ? ` (according to ${store.person(k.attributedTo)?.name ?? k.attributedTo})` : '';
    const date = k.date.precision === 'undated' ? '' : formatFactDate(k.date);
    const when = date === '' || k.label.includes(date) ? '' : ` (${date})`;
    return cited(`**${k.label}:** ${k.value}${when}${who}`, k.sources);
  });
  const claims = c.claims.map((k) => cited(k.text, k.sources));
  const owners = store.currentOwners().map((o) => `${o.organisation.name}${o.stake ? ` (${o.stake})` : ''}`);
  const customers = store.customersWithPlants().map((x) => x.organisation.name);
  const people = store.people
    .filter((p) => p.organisation === 'aesc')
    .map((p) => cited(`${p.name}, ${p.role}`, p.sources));
  return embedReply([
    {
      color: EMBED_COLOR,
      title: `${c.name} (AESC)`,
      description: `${cited(c.summary.text, c.summary.sources)}\nAlso known as: ${c.names
        .filter((n) => n.name !== c.name)
        .map((n) => n.name)
        .join(', ')}.`,
      fields: [
        {
          name: 'Founded',
          value: fieldValue(c.founding.map((f) => cited(`**${formatFactDate(f.date)}** — ${f.text}`, f.sources))),
        },
        {
          name: 'Headquarters',
          value: `${c.headquarters.city}, ${c.headquarters.country} · *${citeShort(c.headquarters.sources)}*`,
          inline: true,
        },
        { name: 'Industry', value: cited(c.industry.text, c.industry.sources), inline: true },
        {
          name: 'Capital at founding',
          value: cited(`${c.capital.amount}, ${formatFactDate(c.capital.date)}`, c.capital.sources),
          inline: true,
        },
        { name: 'Products', value: fieldValue(c.products.map((p) => cited(p.text, p.sources))) },
        { name: 'Owners', value: `${owners.join(', ')} — see \`/aesc owner\``, inline: true },
        { name: 'Customers', value: `${customers.join(', ')} — see \`/aesc customers\``, inline: true },
        { name: 'Key figures', value: fieldValue(figures) },
        { name: "Claims (the company's own words)", value: fieldValue(claims) },
        { name: 'Manufacturing footprint', value: cited(c.footprint.text, c.footprint.sources) },
        { name: 'People', value: fieldValue(people) },
        sourcesField(
          store,
          sourceIds(
            ...c.founding.map((f) => f.sources),
            c.headquarters.sources,
            c.summary.sources,
            ...c.products.map((p) => p.sources),
            ...c.keyFigures.map((k) => k.sources),
            ...c.claims.map((k) => k.sources),
          ),
        ),
      ],
      footer: footer(),
    },
  ]);
}
