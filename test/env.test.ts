import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
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
      TRANSPORT: 'gateway',
      HOST: undefined,
      PORT: 3000,
      DISCORD_PUBLIC_KEY: undefined,
      SHARD_COUNT: undefined,
      PLAYGROUND_PUBLIC: false,
    });
  });

  it('parses the transport, listening and sharding variables', () => {
    const key = 'AB'.repeat(32);
    const config = loadConfig({
      ...valid,
      TRANSPORT: 'HTTP',
      HOST: '127.0.0.1',
      PORT: '8080',
      DISCORD_PUBLIC_KEY: key,
      SHARD_COUNT: 'auto',
      PLAYGROUND_PUBLIC: 'true',
    });
    expect(config).toMatchObject({
      TRANSPORT: 'http',
      HOST: '127.0.0.1',
      PORT: 8080,
      DISCORD_PUBLIC_KEY: key.toLowerCase(),
      SHARD_COUNT: 'auto',
      PLAYGROUND_PUBLIC: true,
    });
    expect(loadConfig({ ...valid, SHARD_COUNT: '3' }).SHARD_COUNT).toBe(3);
    expect(problems({ ...valid, TRANSPORT: 'http' })).toEqual([expect.stringMatching(/^DISCORD_PUBLIC_KEY: missing/)]);
    expect(problems({ ...valid, PORT: '70000' })).toEqual([expect.stringMatching(/^PORT: "70000" is not a port/)]);
    expect(problems({ ...valid, SHARD_COUNT: '0' })).toEqual([expect.stringMatching(/^SHARD_COUNT: /)]);
    expect(problems({ ...valid, TRANSPORT: 'carrier-pigeon' })).toEqual([expect.stringMatching(/^TRANSPORT: /)]);
    expect(problems({ ...valid, DISCORD_PUBLIC_KEY: 'abc' })).toEqual([
      expect.stringMatching(/^DISCORD_PUBLIC_KEY: "abc" is not a public key/),
    ]);
  });

  it('accepts PostgreSQL URLs and never shows their password', () => {
    const url = 'postgres://bot:s3cret-Passw0rd@db.internal:5432/aesc';
    const config = loadConfig({ ...valid, DATABASE_URL: url });
    expect(config.DATABASE_URL).toBe(url);
    expect(describeConfig(config).DATABASE_URL).toBe('postgres://db.internal:5432/aesc');
    expect(loadConfig({ ...valid, DATABASE_URL: 'postgresql://h/db' }).DATABASE_URL).toBe('postgresql://h/db');
    const bad = problems({ ...valid, DATABASE_URL: 'mysql://u:hunter2@h/db' });
    expect(bad).toHaveLength(1);
    expect(bad[0]).not.toContain('hunter2');
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
        DATABASE_URL: 'mysql://user:secret@db/aesc',
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
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function envFile(name: string, text: string): string {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  }

  it('reads a .env file under the real variables, without changing process.env', () => {
    const file = envFile(
      '.env',
      `DISCORD_TOKEN=${TOKEN}\nDISCORD_APPLICATION_ID=123456789012345678\nLOG_LEVEL=debug\n`,
    );
    const config = loadConfig({ LOG_LEVEL: 'warn' }, { dotenv: file });
    expect(config.DISCORD_TOKEN).toBe(TOKEN);
    expect(config.LOG_LEVEL).toBe('warn');
    expect(process.env.DISCORD_APPLICATION_ID).toBeUndefined();
    const { env, problems: none } = loadDotEnv(file, { LOG_LEVEL: 'warn' });
    expect(none).toEqual([]);
    expect(env.LOG_LEVEL).toBe('warn');
  });

  it('reports a malformed line by its number, and still reads the lines after it', () => {
    const file = envFile(
      'broken.env',
      [
        '# comment',
        `DISCORD_TOKEN=${TOKEN}`,
        'LOG_LEVEL="debug', // unclosed quote: Node's parser drops what follows
        'this line has no equals sign',
        'DISCORD_APPLICATION_ID=123456789012345678',
        'export LOG_PRETTY=true # trailing comment',
        "DATA_DIR='./data'",
      ].join('\n'),
    );
    const found = problems({}, { dotenv: file });
    expect(found).toEqual([
      expect.stringMatching(/broken\.env line 3 \(LOG_LEVEL\): an unclosed " quote/),
      expect.stringMatching(/broken\.env line 4: not a KEY=value line/),
    ]);
    // The lines after the bad ones counted: no "missing" complaints.
    expect(found.join('\n')).not.toMatch(/DISCORD_APPLICATION_ID|DISCORD_TOKEN/);
    const { env } = loadDotEnv(file, {});
    expect(env).toMatchObject({ DISCORD_APPLICATION_ID: '123456789012345678', LOG_PRETTY: 'true', DATA_DIR: './data' });
  });

  it('never shows a line of .env, which may hold the token', () => {
    const file = envFile('secret-line.env', `${TOKEN}\nDISCORD_TOKEN="${TOKEN}\n`);
    const text = problems({}, { dotenv: file }).join('\n');
    expect(text).toMatch(/line 1/);
    expect(text).toMatch(/line 2/);
    expect(text).not.toContain(TOKEN.slice(0, 20));
  });

  it('says why a .env cannot be read: missing, or a folder', () => {
    expect(problems(valid, { dotenv: join(dir, 'missing.env') })).toEqual([
      expect.stringMatching(/^\.env: cannot read .*missing\.env: it does not exist$/),
    ]);
    expect(problems(valid, { dotenv: dir })).toEqual([expect.stringMatching(/it is a folder, not a file$/)]);
  });
});

describe('a token pasted into the wrong variable is never echoed', () => {
  const variables = [
    'DISCORD_APPLICATION_ID',
    'DISCORD_GUILD_ID',
    'DISCORD_API_URL',
    'LOG_LEVEL',
    'LOG_PRETTY',
    'DATA_DIR',
    'TRANSPORT',
    'HOST',
    'PORT',
    'DISCORD_PUBLIC_KEY',
    'SHARD_COUNT',
    'PLAYGROUND_PUBLIC',
    'DATABASE_URL',
  ];
  const pieces = (t: string) => [t, t.toLowerCase(), ...t.split('.').filter((p) => p.length >= 6)];

  it.each(variables)('%s', (variable) => {
    let message = '';
    try {
      const config = loadConfig({ ...valid, [variable]: TOKEN });
      message = JSON.stringify(describeConfig(config));
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      message = (err as Error).message;
    }
    for (const piece of pieces(TOKEN)) expect(message).not.toContain(piece);
  });

  it('with the token and the application id swapped', () => {
    let message = '';
    try {
      loadConfig({ DISCORD_TOKEN: '123456789012345678', DISCORD_APPLICATION_ID: TOKEN });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toMatch(/DISCORD_APPLICATION_ID: the value looks like a secret/);
    for (const piece of pieces(TOKEN)) expect(message).not.toContain(piece);
  });
});

describe('values that only look long are not taken for secrets', () => {
  it('a temporary folder with a random suffix is a path, not a token', () => {
    const dir = join(tmpdir(), 'aesc-data-Xa1b2C3d4e5F6g7H8');
    expect(loadConfig({ ...valid, DATA_DIR: dir }).DATA_DIR).toBe(dir);
  });
});
