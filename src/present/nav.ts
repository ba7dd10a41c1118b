// Clickable navigation between answers: command mentions (`</aesc history:ID>`, which Discord shows as a
// link that fills in the command) when the command ids are known, else nothing (cards offer buttons instead).
// Custom ids of every /aesc component start with `aesc:` and end with the id of the user who ran the
// command, so only that user's clicks change the message.

/** Command name -> application command id, from the deploy or `GET /applications/{id}/commands`; may be empty. */
export type CommandIds = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

function idOf(ids: CommandIds | undefined, name: string): string | undefined {
  if (ids === undefined) return undefined;
  const id = ids instanceof Map ? ids.get(name) : (ids as Readonly<Record<string, string>>)[name];
  return typeof id === 'string' && /^\d{17,20}$/.test(id) ? id : undefined;
}

/** `</aesc history:123…>` or null when the id of `/aesc` is unknown. */
export function commandMention(ids: CommandIds | undefined, command: string, subcommand?: string): string | null {
  const id = idOf(ids, command);
  if (id === undefined) return null;
  return `</${subcommand ? `${command} ${subcommand}` : command}:${id}>`;
}

/** "See </aesc owner:…> · </aesc history:…>" or null when no mention can be made. */
export function seeAlso(ids: CommandIds | undefined, subcommands: readonly string[]): string | null {
  const mentions = subcommands.map((s) => commandMention(ids, 'aesc', s)).filter((m): m is string => m !== null);
  return mentions.length > 0 ? `-# See also ${mentions.join(' · ')}` : null;
}

/** A user id as custom ids carry it (snowflakes only; anything else means "no owner"). */
export function ownerPart(userId: string): string {
  return /^\d{1,20}$/.test(userId) ? userId : '0';
}

/**
 * May this user change the message whose components carry `owner`? Only the user who ran the command; a
 * missing owner (a message from before owners were recorded) changes for nobody: everyone gets their own view.
 */
export function mayChange(owner: string | undefined, userId: string): boolean {
  return owner !== undefined && owner === userId;
}

/** The parts of a component interaction's context that say who may change the message. */
export interface ClickContext {
  invoker: { userId: string };
  message?: { interactionUserId: string | null };
}

/**
 * Whether this click may change the message: the clicker must be the user who ran the command, as the custom id
 * records it (`owner`) and, when Discord says so, as the message's `interaction_metadata.user.id` does.
 */
export function mayChangeMessage(owner: string | undefined, ctx: ClickContext): boolean {
  const user = ctx.invoker.userId;
  const ran = ctx.message?.interactionUserId ?? null;
  if (ran !== null) return ran === user && (owner === undefined || owner === user);
  return mayChange(owner, user);
}
