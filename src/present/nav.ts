// Clickable navigation between answers: command mentions (`</aesc history:ID>`, which Discord shows as a
// link that fills in the command) when the command ids are known, else nothing (cards offer buttons instead).
// Custom ids of every /aesc component start with `aesc:` and end with the id of the user who ran the
// command, so only that user's clicks change the message.
import { type Lang, type MessageKey, SOURCE_LANG, t } from '../i18n/catalogue.js';

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
export function seeAlso(
  ids: CommandIds | undefined,
  subcommands: readonly string[],
  lang: Lang = SOURCE_LANG,
): string | null {
  const mentions = subcommands.map((s) => commandMention(ids, 'aesc', s)).filter((m): m is string => m !== null);
  return mentions.length > 0 ? `-# ${t(lang, 'nav.seeAlso', { list: mentions.join(' · ') })}` : null;
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

/** Cards another card can open: each is an /aesc subcommand without options (or the history of one topic). */
export const GO_TARGETS = [
  'owner',
  'company',
  'customers',
  'products',
  'sources',
  'plants',
  'history',
  'history-ownership',
  'fact',
] as const;
export type GoTarget = (typeof GO_TARGETS)[number];

const GO_LABEL: Record<GoTarget, MessageKey> = {
  owner: 'go.owner',
  company: 'go.company',
  customers: 'go.customers',
  products: 'go.products',
  sources: 'go.sources',
  plants: 'go.plants',
  history: 'go.history',
  'history-ownership': 'go.historyOwnership',
  fact: 'go.fact',
};

/** `aesc:go:<target>:<owner>`: opens another card in place (for its owner) or as the clicker's own view. */
export function goCustomId(target: GoTarget, owner: string): string {
  return `aesc:go:${target}:${ownerPart(owner)}`;
}

const GO_ID = /^aesc:go:([a-z-]{1,30}):(\d{1,20})$/;

export function parseGoCustomId(customId: string): { target: GoTarget; owner: string } | null {
  const m = GO_ID.exec(customId);
  if (m === null || !GO_TARGETS.includes(m[1] as GoTarget)) return null;
  return { target: m[1] as GoTarget, owner: m[2] as string };
}

function mentionOf(ids: CommandIds | undefined, target: GoTarget, lang: Lang): string | null {
  if (target === 'history-ownership') {
    const m = commandMention(ids, 'aesc', 'history');
    return m === null ? null : t(lang, 'nav.topicOwnership', { command: m });
  }
  return commandMention(ids, 'aesc', target);
}

/**
 * Where to go next: command mentions in one small line when the command ids are known, else buttons that open
 * those cards (their custom ids carry the owner).
 */
export function navigation(
  ids: CommandIds | undefined,
  targets: readonly GoTarget[],
  owner: string,
  lang: Lang = SOURCE_LANG,
): { line: string } | { buttons: { label: string; customId: string }[] } {
  const mentions = targets.map((target) => mentionOf(ids, target, lang));
  if (mentions.every((m) => m !== null))
    return { line: `-# ${t(lang, 'nav.seeAlso', { list: mentions.join(' · ') })}` };
  return {
    buttons: targets
      .slice(0, 5)
      .map((target) => ({ label: t(lang, GO_LABEL[target]), customId: goCustomId(target, owner) })),
  };
}

/** A command to run, for text: its clickable mention when the id is known, else its name in bold (never code). */
export function commandRef(ids: CommandIds | undefined, subcommand: string): string {
  return commandMention(ids, 'aesc', subcommand) ?? `**/aesc ${subcommand}**`;
}
