import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, loadDotEnv } from '../src/config/env.js';
import { projectRoot } from '../src/util/project-root.js';

const TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.abcdefghijklmnopqrstuvwxyz0123456789AB';
const valid = { DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: '123456789012345678' };

function problems(env: Record<string, string | undefined>, options = {}): string[] {
  try {
    loadConfig(env, options);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return [...(err as ConfigError).problems];
  }
  return [];
}

describe('loadConfig', () => {
  it('applies defaults', () => {
    const config = loadConfig(valid);
    expect(config).toEqual({
      DISCORD_TOKEN: TOKEN,
      DISCORD_APPLICATION_ID: '123456789012345678',
      DISCORD_GUILD_ID: undefined,
      DISCORD_API_URL: 'https://discord.com/api',
      LOG_LEVEL: 'info',
      LOG_PRETTY: false,
      DATABASE_URL: 'file:./var/aesc-bot.sqlite',
      DATA_DIR: join(projectRoot(), 'data'),
    });
  });

  it('parses every variable', () => {
    const config = loadConfig({
      ...valid,
      DISCORD_GUILD_ID: ' 876543210987654321 ',
      DISCORD_API_URL: 'http://127.0.0.1:8080/api/',
      LOG_LEVEL: 'DEBUG',
      LOG_PRETTY: 'yes',
      DATABASE_URL: ':memory:',
      DATA_DIR: 'some/relative/dir',
    });
    expect(config.DISCORD_GUILD_ID).toBe('876543210987654321');
    expect(config.DISCORD_API_URL).toBe('http://127.0.0.1:8080/api');
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.LOG_PRETTY).toBe(true);
    expect(config.DATABASE_URL).toBe(':memory:');
    expect(config.DATA_DIR).toBe(join(process.cwd(), 'some/relative/dir'));
    expect(loadConfig({ ...valid, LOG_PRETTY: '0' }).LOG_PRETTY).toBe(false);
  });

  it('treats empty values as unset (as in a copied .env template)', () => {
    const config = loadConfig({ ...valid, DISCORD_GUILD_ID: '', LOG_LEVEL: '  ', DISCORD_API_URL: '' });
    expect(config.DISCORD_GUILD_ID).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DISCORD_API_URL).toBe('https://discord.com/api');
    expect(problems({ DISCORD_TOKEN: '', DISCORD_APPLICATION_ID: '' })).toHaveLength(2);
  });

  it('lists every problem, one per line, naming the variable and what is expected', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        DISCORD_APPLICATION_ID: 'my-app',
        DISCORD_GUILD_ID: '42',
        DISCORD_API_URL: 'discord.com/api',
        LOG_LEVEL: 'verbose',
        LOG_PRETTY: 'sure',
        DATABASE_URL: 'postgres://user:secret@db/aesc',
      });
    } catch (err) {
      error = err as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error?.problems.map((p) => p.split(':')[0])).toEqual([
      'DISCORD_TOKEN',
      'DISCORD_APPLICATION_ID',
      'DISCORD_GUILD_ID',
      'DISCORD_API_URL',
      'LOG_LEVEL',
      'LOG_PRETTY',
      'DATABASE_URL',
    ]);
    const lines = error?.message.split('\n') ?? [];
    expect(lines[0]).toBe('Invalid configuration (environment variables or .env), 7 problems:');
    expect(lines.slice(1)).toEqual(error?.problems.map((p) => `  - ${p}`));
    expect(error?.message).toContain('DISCORD_TOKEN: missing. Expected the bot token');
    expect(error?.message).toContain('DISCORD_APPLICATION_ID: "my-app" is not a snowflake');
    expect(error?.message).toContain('LOG_LEVEL: "verbose" is not a log level. Expected one of fatal, error, warn');
    expect(error?.message).toContain('LOG_PRETTY: "sure" is not a boolean');
    expect(error?.message).toContain('DISCORD_API_URL: "discord.com/api" is not an http(s) URL');
    // A database URL may carry a password: it is not echoed.
    expect(error?.message).not.toContain('secret');
  });

  it('never prints the token value', () => {
    for (const bad of [`"${TOKEN}"`, `${TOKEN.slice(0, 20)} ${TOKEN.slice(20)}`, `'${TOKEN}'`]) {
      const found = problems({ ...valid, DISCORD_TOKEN: bad });
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^DISCORD_TOKEN: .*\(value not shown\)/);
      expect(found.join('\n')).not.toContain(TOKEN.slice(0, 20));
      expect(found.join('\n')).not.toContain(TOKEN.slice(20));
    }
  });

  it('fixes unambiguous token slips: surrounding whitespace and a "Bot " prefix', () => {
    expect(loadConfig({ ...valid, DISCORD_TOKEN: ` ${TOKEN}\n` }).DISCORD_TOKEN).toBe(TOKEN);
    expect(loadConfig({ ...valid, DISCORD_TOKEN: `Bot ${TOKEN}` }).DISCORD_TOKEN).toBe(TOKEN);
    expect(problems({ ...valid, DISCORD_TOKEN: 'Bot  ' })).toEqual([
      'DISCORD_TOKEN: is empty (value not shown). Expected the bot token exactly as the Developer Portal shows it.',
    ]);
  });

  it('rejects non-http URLs and URLs with credentials', () => {
    expect(problems({ ...valid, DISCORD_API_URL: 'ftp://discord.com/api' })[0]).toMatch(/^DISCORD_API_URL: /);
    expect(problems({ ...valid, DISCORD_API_URL: 'https://u:p@discord.com/api' })).toEqual([
      'DISCORD_API_URL: must not contain credentials.',
    ]);
  });

  it('lets deploy --dry-run run without token or application id', () => {
    const config = loadConfig({}, { requireToken: false, requireApplicationId: false });
    expect(config.DISCORD_TOKEN).toBeUndefined();
    expect(config.DISCORD_APPLICATION_ID).toBeUndefined();
    // Given values are still validated.
    expect(
      problems({ DISCORD_APPLICATION_ID: 'x' }, { requireToken: false, requireApplicationId: false }),
    ).toHaveLength(1);
  });

  it('describeConfig hides the token', () => {
    const text = JSON.stringify(describeConfig(loadConfig(valid)));
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('"DISCORD_TOKEN":"(set)"');
  });
});

describe('.env loading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aesc-env-'));
  const touched = ['AESC_TEST_FROM_FILE', 'AESC_TEST_ALREADY_SET'];
  afterEach(() => {
    for (const key of touched) delete process.env[key];
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a .env file into process.env without overwriting real variables', () => {
    const file = join(dir, '.env');
    writeFileSync(file, 'AESC_TEST_FROM_FILE=from-file\nAESC_TEST_ALREADY_SET=from-file\n');
    process.env.AESC_TEST_ALREADY_SET = 'real';
    loadDotEnv(file);
    expect(process.env.AESC_TEST_FROM_FILE).toBe('from-file');
    expect(process.env.AESC_TEST_ALREADY_SET).toBe('real');
  });

  it('reads the .env given to loadConfig, and reports an unreadable one as a ConfigError', () => {
    const file = join(dir, 'custom.env');
    writeFileSync(file, 'AESC_TEST_FROM_FILE=loaded\n');
    loadConfig(valid, { dotenv: file });
    expect(process.env.AESC_TEST_FROM_FILE).toBe('loaded');
    expect(() => loadConfig(valid, { dotenv: join(dir, 'missing.env') })).toThrow(/\.env: could not read/);
  });
});
