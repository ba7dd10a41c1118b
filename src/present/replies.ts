// Small constructors for handler replies, so every command answers the same way.
import type { APIEmbed, APIInteractionResponseCallbackData } from 'discord-api-types/v10';
import type { HandlerReply } from '../core/command.js';
import { NOTICE_COLOR } from './style.js';

/** A public reply with embeds (and optional components). Mentions are never parsed. */
export function embedReply(
  embeds: APIEmbed[],
  extra: Omit<APIInteractionResponseCallbackData, 'embeds'> = {},
): HandlerReply {
  return { type: 'reply', ephemeral: false, data: { ...extra, embeds, allowed_mentions: { parse: [] } } };
}

/** An ephemeral notice for the user alone: no match, bad input, stale button. */
export function notice(title: string, description: string): HandlerReply {
  return {
    type: 'reply',
    ephemeral: true,
    data: { embeds: [{ color: NOTICE_COLOR, title, description }], allowed_mentions: { parse: [] } },
  };
}

/** Replaces the message a button sits on. */
export function updateReply(data: APIInteractionResponseCallbackData): HandlerReply {
  return { type: 'update', data: { ...data, allowed_mentions: { parse: [] } } };
}

/** Quotes user input safely inside a message: no markdown, no mentions, bounded length. */
export function quoteInput(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const cut = flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
  return `"${cut.replace(/[\\`*_~|>[\]()#@<:-]/g, (c) => `\\${c}`)}"`;
}
