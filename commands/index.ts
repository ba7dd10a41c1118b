// The command modules the bot serves and deploys. PLACEHOLDER: the command authors replace this list with their
// modules (e.g. `import * as aesc from './aesc/index.js'`); main.ts and deploy.ts only rely on this export.
import type { CommandModule } from '../src/core/command.js';

export const commands: CommandModule[] = [];
