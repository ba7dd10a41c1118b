// /aesc customers — customers, current and expected, with the sites that serve them.
import type { HandlerContext, HandlerReply } from '../../core/command.js';
import { embedReply } from '../../present/replies.js';
import { cited, EMBED_COLOR, fieldValue, footer, sourceIds, sourcesField } from '../../present/style.js';

export function customersCommand(ctx: HandlerContext): HandlerReply {
  const { store } = ctx;
  const list = store.customersWithPlants();
  return embedReply([
    {
      color: EMBED_COLOR,
      title: 'AESC customers',
      description: 'Customers named in the sources, with the sites that serve them where the sources say so.',
      fields: [
        ...list.map(({ customer, organisation, plants }) => ({
          name: `${organisation.name}${customer.status === 'expected' ? ' (expected)' : ''}`,
          value: fieldValue([
            ...customer.statements.map((s) => cited(s.text, s.sources)),
            plants.length > 0 ? `Served by: ${plants.map((p) => p.name).join(', ')}` : 'Serving site not stated.',
          ]),
        })),
        sourcesField(store, sourceIds(...list.flatMap((x) => x.customer.statements.map((s) => s.sources)))),
      ],
      footer: footer(),
    },
  ]);
}
