// The command modules the bot serves and deploys: main.ts routes interactions to them, deploy.ts
// bulk-overwrites their definitions.
import type { CommandModule } from '../core/command.js';
import { aescCommand } from './aesc/index.js';
import { aescDaily } from './aesc-daily/index.js';

export const commands: CommandModule[] = [aescCommand, aescDaily];
