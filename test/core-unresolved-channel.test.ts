// A channel option whose channel is missing from `data.resolved` (a forged or truncated payload) must be refused as
// an invalid option, not dropped: dropped, `/aesc-daily set channel:<that>` on a server with a post answered
// "Nothing changed", as if no channel had been given.
import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import { describe, expect, it } from 'vitest';
import { definition } from '../src/commands/aesc-daily/definition.js';
import { readOptions } from '../src/core/interaction.js';
import { OptionError, parseOptions } from '../src/core/options.js';

const setWith = (channel: string, time = '09:00') =>
  [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'set',
      options: [
        { type: ApplicationCommandOptionType.Channel, name: 'channel', value: channel },
        { type: ApplicationCommandOptionType.String, name: 'time', value: time },
      ],
    },
  ] as const;

describe('a channel option Discord did not resolve', () => {
  it('is kept as its bare id and refused by validation', () => {
    const read = readOptions(setWith('123456789012345678') as never, { channels: {} });
    expect(read.subcommand).toBe('set');
    expect(read.options.channel).toBe('123456789012345678');
    expect(() => parseOptions(definition, 'set', read.options)).toThrow(OptionError);
  });

  it('a resolved one is read as before', () => {
    const read = readOptions(
      setWith('123456789012345678') as never,
      {
        channels: { '123456789012345678': { id: '123456789012345678', type: 0, name: 'history', permissions: '0' } },
      } as never,
    );
    expect(read.options.channel).toMatchObject({ id: '123456789012345678', type: 0, name: 'history' });
    expect(parseOptions(definition, 'set', read.options)).toMatchObject({ time: '09:00' });
  });
});
