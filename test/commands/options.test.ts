import { describe, expect, expectTypeOf, it } from 'vitest';
import { type AescOptions, aescDefinition } from '../../src/commands/aesc/definition.js';
import { OptionError, parseOptions } from '../../src/core/options.js';

describe('options typed from the command definition', () => {
  it('infers required, optional and choice-typed options', () => {
    expectTypeOf<AescOptions<'plant'>>().toEqualTypeOf<{ name: string }>();
    expectTypeOf<AescOptions<'plants'>>().toEqualTypeOf<{
      region?: 'Japan' | 'China' | 'Europe' | 'USA';
      status?:
        | 'operating'
        | 'production-started'
        | 'trial-production'
        | 'under-construction'
        | 'planned'
        | 'halted'
        | 'listed';
    }>();
    expectTypeOf<AescOptions<'history'>['year']>().toEqualTypeOf<number | undefined>();
  });
});

describe('parseOptions validates values from outside against the definition', () => {
  it('passes valid values through', () => {
    expect(parseOptions(aescDefinition, 'plants', { region: 'USA', status: 'halted' })).toEqual({
      region: 'USA',
      status: 'halted',
    });
    expect(parseOptions(aescDefinition, 'history', { year: 2018 })).toEqual({ year: 2018 });
    expect(parseOptions(aescDefinition, 'plants', {})).toEqual({});
  });

  it.each([
    ['plant', {}, /`name` is required/],
    ['plant', { name: 42 }, /`name` must be text/],
    ['plant', { name: 'x'.repeat(101) }, /101 characters long; the most is 100/],
    ['plants', { region: 'Mars' }, /`region` must be one of: Japan, China, Europe, USA/],
    ['history', { year: 2018.5 }, /`year` must be a whole number/],
    ['history', { year: 1800 }, /`year` must be at least 1990/],
    ['history', { year: 'soon' }, /`year` must be a whole number/],
    ['history', { topic: 'gossip' }, /`topic` must be one of/],
    ['nonsense', {}, /is not a command of this bot/],
  ] as const)('%s %j is rejected with a specific message', (sub, raw, message) => {
    const run = () => parseOptions(aescDefinition, sub, raw);
    expect(run).toThrow(OptionError);
    expect(run).toThrow(message);
  });
});
