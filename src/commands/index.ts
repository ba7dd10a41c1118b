// The command modules the bot serves and deploys. `definitions` is typed data (deploy.ts bulk-overwrites it and
// needs no services); `createCommands` builds the modules with their services (the transports route to them).
import type { RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord-api-types/v10';
import type { Clock, CommandIds, CommandModule } from '../core/command.js';
import type { DailyService } from '../daily/service.js';
import type { GuildInspector } from '../discord/permissions.js';
import type { FactStore } from '../facts/store.js';
import { aescDefinition } from './aesc/definition.js';
import { createAescCommand } from './aesc/index.js';
import { definition as aescDailyDefinition } from './aesc-daily/definition.js';
import { type BotPermissionLookup, createDailyCommand } from './aesc-daily/index.js';

/** Every command definition, in the order deployed. */
export const definitions: readonly RESTPostAPIChatInputApplicationCommandsJSONBody[] = [
  aescDefinition,
  aescDailyDefinition,
];

export interface CommandServices {
  store: FactStore;
  clock: Clock;
  /** Command name -> id for mentions; empty when unknown (not deployed, or not fetched). */
  commandIds?: CommandIds;
  /** The daily post; without it /aesc-daily is not served (and /aesc today uses UTC). */
  daily?: DailyService;
  /** The bot's permissions in another channel (REST); /aesc-daily set asks for it. */
  permissions?: BotPermissionLookup;
  /** Channel (type, tags, permissions) and role look-ups for /aesc-daily set and import (REST). */
  inspector?: GuildInspector;
}

/** The command modules, built with their services. */
export function createCommands(services: CommandServices): CommandModule[] {
  const { store, clock, commandIds, daily, permissions, inspector } = services;
  const modules: CommandModule[] = [
    createAescCommand({ store, clock, ...(commandIds ? { commandIds } : {}), ...(daily ? { daily } : {}) }),
  ];
  if (daily) {
    modules.push(
      createDailyCommand({
        daily,
        clock,
        ...(permissions ? { permissions } : {}),
        ...(inspector ? { inspector } : {}),
      }),
    );
  }
  return modules;
}
