// The ids of the deployed commands, for mentions like `</aesc history:ID>`, fetched once at startup
// (`GET /applications/{id}/commands`, and the development guild's when DISCORD_GUILD_ID is set). This is also the
// startup check that DISCORD_API_URL and DISCORD_TOKEN work: an answer that is not Discord's (a typo, a proxy page)
// or a rejected token stops the bot with a message naming the variable and what came back.
import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import { z } from 'zod';
import type { CommandIds } from '../core/command.js';
import { bodyExcerpt, describeStartupError, notDiscordMessage, StartupError } from './errors.js';

const commandList = z.array(z.looseObject({ id: z.string(), name: z.string() }));

export interface FetchCommandIdsOptions {
  applicationId: string;
  guildId?: string | undefined;
  apiUrl: string;
}

/** Command name -> id (guild commands win over global ones). Throws StartupError with the operator message. */
export async function fetchCommandIds(rest: Pick<REST, 'get'>, opts: FetchCommandIdsOptions): Promise<CommandIds> {
  const ids = new Map<string, string>();
  const routes = [Routes.applicationCommands(opts.applicationId)];
  if (opts.guildId) routes.push(Routes.applicationGuildCommands(opts.applicationId, opts.guildId));
  for (const route of routes) {
    let body: unknown;
    try {
      body = await rest.get(route);
    } catch (err) {
      // A guild the application is not in (403/404) only means no guild commands there.
      const status = (err as { status?: unknown }).status;
      if (
        route !== routes[0] &&
        (status === 403 || status === 404) &&
        typeof (err as { code?: unknown }).code === 'number'
      ) {
        continue;
      }
      throw describeStartupError(err, opts.apiUrl, 'read the deployed commands');
    }
    const parsed = commandList.safeParse(body);
    if (!parsed.success) {
      throw new StartupError(
        notDiscordMessage(opts.apiUrl, `HTTP 200 ${bodyExcerpt(body)}`, 'GET', `${opts.apiUrl}${route}`),
      );
    }
    for (const c of parsed.data) ids.set(c.name, c.id);
  }
  return ids;
}
