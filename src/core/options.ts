// Validates the option values of an interaction against the command's own definition (types, choices,
// required, min/max, lengths), so handlers receive values typed from the definition and anything odd
// from outside gets a specific message instead of reaching a handler.
import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { ChannelOptionValue, RawOptions, SubcommandOptions } from './command.js';

/** An option value the definition does not allow; `message` is written for the user. */
export class OptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(message);
    this.name = 'OptionError';
  }
}

type Def = RESTPostAPIChatInputApplicationCommandsJSONBody;

function optionsOf(def: Def, subcommand: string | null): readonly APIApplicationCommandOption[] | undefined {
  if (subcommand === null) return def.options;
  const sub = def.options?.find((o) => o.name === subcommand && o.type === ApplicationCommandOptionType.Subcommand);
  return sub && 'options' in sub ? (sub.options ?? []) : undefined;
}

/**
 * The options of `subcommand`, checked against `def`. Unknown options are ignored (Discord may add
 * fields); missing required options, wrong types, values outside choices or ranges throw OptionError.
 */
export function parseOptions<D extends Def, S extends string>(
  def: D,
  subcommand: S,
  raw: RawOptions,
): SubcommandOptions<D, S> {
  const specs = optionsOf(def, subcommand);
  if (specs === undefined)
    throw new OptionError('subcommand', `\`/${def.name} ${subcommand}\` is not a command of this bot.`);
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = raw[spec.name];
    const label = `\`${spec.name}\``;
    if (value === undefined || value === '') {
      if ('required' in spec && spec.required) throw new OptionError(spec.name, `The option ${label} is required.`);
      continue;
    }
    switch (spec.type) {
      case ApplicationCommandOptionType.String: {
        if (typeof value !== 'string') throw new OptionError(spec.name, `The option ${label} must be text.`);
        if (spec.max_length !== undefined && value.length > spec.max_length) {
          throw new OptionError(
            spec.name,
            `The option ${label} is ${value.length} characters long; the most is ${spec.max_length}.`,
          );
        }
        if (spec.min_length !== undefined && value.length < spec.min_length) {
          throw new OptionError(spec.name, `The option ${label} needs at least ${spec.min_length} characters.`);
        }
        if ('choices' in spec && spec.choices && !spec.choices.some((c) => c.value === value)) {
          throw new OptionError(
            spec.name,
            `The option ${label} must be one of: ${spec.choices.map((c) => c.name).join(', ')}.`,
          );
        }
        out[spec.name] = value;
        break;
      }
      case ApplicationCommandOptionType.Integer:
      case ApplicationCommandOptionType.Number: {
        const n = typeof value === 'number' ? value : Number.NaN;
        const integer = spec.type === ApplicationCommandOptionType.Integer;
        if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
          throw new OptionError(spec.name, `The option ${label} must be ${integer ? 'a whole number' : 'a number'}.`);
        }
        if (spec.min_value !== undefined && n < spec.min_value) {
          throw new OptionError(spec.name, `The option ${label} must be at least ${spec.min_value}.`);
        }
        if (spec.max_value !== undefined && n > spec.max_value) {
          throw new OptionError(spec.name, `The option ${label} must be at most ${spec.max_value}.`);
        }
        if ('choices' in spec && spec.choices && !spec.choices.some((c) => c.value === n)) {
          throw new OptionError(
            spec.name,
            `The option ${label} must be one of: ${spec.choices.map((c) => c.name).join(', ')}.`,
          );
        }
        out[spec.name] = n;
        break;
      }
      case ApplicationCommandOptionType.Boolean:
        if (typeof value !== 'boolean') throw new OptionError(spec.name, `The option ${label} must be true or false.`);
        out[spec.name] = value;
        break;
      case ApplicationCommandOptionType.Channel: {
        const ch = value as ChannelOptionValue;
        if (typeof ch !== 'object' || ch === null || typeof ch.id !== 'string') {
          throw new OptionError(spec.name, `The option ${label} must be a channel.`);
        }
        if (spec.channel_types && !spec.channel_types.includes(ch.type as never)) {
          throw new OptionError(spec.name, `The channel <#${ch.id}> is not a kind of channel this option accepts.`);
        }
        out[spec.name] = ch;
        break;
      }
      default:
        // User, role, mentionable and attachment options: Discord sends their id, a snowflake (`<@&abc>` is no role).
        if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) {
          throw new OptionError(spec.name, `The option ${label} has an unexpected value.`);
        }
        out[spec.name] = value;
    }
  }
  return out as SubcommandOptions<D, S>;
}
