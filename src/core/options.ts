// Validates the option values of an interaction against the command's own definition (types, choices,
// required, min/max, lengths), so handlers receive values typed from the definition and anything odd
// from outside gets a specific message instead of reaching a handler.
import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { ChannelOptionValue, RawOptions, SubcommandOptions } from './command.js';

/**
 * What is wrong with an option value, for the command module to say in the user's language: the catalogue key is
 * `option.<problem>` (src/i18n/messages/en.json, whose English equals `message`), filled with `params`.
 */
export type OptionProblem =
  | 'subcommand'
  | 'required'
  | 'text'
  | 'tooLong'
  | 'tooShort'
  | 'choice'
  | 'wholeNumber'
  | 'number'
  | 'min'
  | 'max'
  | 'boolean'
  | 'channel'
  | 'channelKind'
  | 'unexpected';

/** A choice named in an OptionError, with its localised names (the command picker's). */
export interface OptionErrorChoice {
  name: string;
  name_localizations?: Partial<Record<string, string | null>> | null;
}

/** An option value the definition does not allow; `message` is written for the user (English). */
export class OptionError extends Error {
  constructor(
    readonly option: string,
    message: string,
    readonly problem: OptionProblem = 'unexpected',
    readonly params: Readonly<Record<string, string | number>> = {},
    readonly choices: readonly OptionErrorChoice[] = [],
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
    throw new OptionError('subcommand', `\`/${def.name} ${subcommand}\` is not a command of this bot.`, 'subcommand', {
      command: `/${def.name} ${subcommand}`,
    });
  const out: Record<string, unknown> = {};
  for (const spec of specs) {
    const value = raw[spec.name];
    const label = `\`${spec.name}\``;
    const fail: (problem: OptionProblem, message: string, params?: Record<string, string | number>) => never = (
      problem,
      message,
      params = {},
    ) => {
      throw new OptionError(spec.name, message, problem, { option: spec.name, ...params });
    };
    if (value === undefined || value === '') {
      if ('required' in spec && spec.required) fail('required', `The option ${label} is required.`);
      continue;
    }
    switch (spec.type) {
      case ApplicationCommandOptionType.String: {
        if (typeof value !== 'string') fail('text', `The option ${label} must be text.`);
        if (spec.max_length !== undefined && value.length > spec.max_length) {
          fail('tooLong', `The option ${label} is ${value.length} characters long; the most is ${spec.max_length}.`, {
            length: value.length,
            max: spec.max_length,
          });
        }
        if (spec.min_length !== undefined && value.length < spec.min_length) {
          fail('tooShort', `The option ${label} needs at least ${spec.min_length} characters.`, {
            min: spec.min_length,
          });
        }
        if ('choices' in spec && spec.choices && !spec.choices.some((c) => c.value === value)) {
          const names = spec.choices.map((c) => c.name).join(', ');
          throw new OptionError(
            spec.name,
            `The option ${label} must be one of: ${names}.`,
            'choice',
            { option: spec.name, choices: names },
            spec.choices,
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
          fail(
            integer ? 'wholeNumber' : 'number',
            `The option ${label} must be ${integer ? 'a whole number' : 'a number'}.`,
          );
        }
        if (spec.min_value !== undefined && n < spec.min_value) {
          fail('min', `The option ${label} must be at least ${spec.min_value}.`, { min: spec.min_value });
        }
        if (spec.max_value !== undefined && n > spec.max_value) {
          fail('max', `The option ${label} must be at most ${spec.max_value}.`, { max: spec.max_value });
        }
        if ('choices' in spec && spec.choices && !spec.choices.some((c) => c.value === n)) {
          const names = spec.choices.map((c) => c.name).join(', ');
          throw new OptionError(
            spec.name,
            `The option ${label} must be one of: ${names}.`,
            'choice',
            { option: spec.name, choices: names },
            spec.choices,
          );
        }
        out[spec.name] = n;
        break;
      }
      case ApplicationCommandOptionType.Boolean:
        if (typeof value !== 'boolean') fail('boolean', `The option ${label} must be true or false.`);
        out[spec.name] = value;
        break;
      case ApplicationCommandOptionType.Channel: {
        const ch = value as ChannelOptionValue;
        if (typeof ch !== 'object' || ch === null || typeof ch.id !== 'string') {
          fail('channel', `The option ${label} must be a channel.`);
        }
        if (spec.channel_types && !spec.channel_types.includes(ch.type as never)) {
          fail('channelKind', `The channel <#${ch.id}> is not a kind of channel this option accepts.`, {
            channel: ch.id,
          });
        }
        out[spec.name] = ch;
        break;
      }
      default:
        // User, role, mentionable and attachment options: Discord sends their id, a snowflake (`<@&abc>` is no role).
        if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) {
          fail('unexpected', `The option ${label} has an unexpected value.`);
        }
        out[spec.name] = value;
    }
  }
  return out as SubcommandOptions<D, S>;
}
