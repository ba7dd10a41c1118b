// PostgreSQL lost under a running bot (`node src/main.ts`, TRANSPORT=http, its database behind a TCP proxy the test
// cuts): /aesc keeps answering, /aesc-daily set answers that the settings are unavailable and nothing was changed,
// /healthz answers 503 naming the database; once it is back, set works again and /healthz is 200.
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { type APIInteraction, ApplicationCommandOptionType, PermissionFlagsBits } from 'discord-api-types/v10';
import { afterAll, describe, expect, it } from 'vitest';
import { openDailyStore } from '../src/daily/open-store.js';
import { STORE_UNAVAILABLE_MESSAGE } from '../src/daily/store-unavailable.js';
import { projectRoot } from '../src/util/project-root.js';
import { type Emulator, startEmulator } from './support/emulator.js';
import { createTestDatabase, hasPostgres, PG_SKIP_MESSAGE, type TestDatabase } from './support/postgres.js';
import { TcpProxy } from './support/tcp-proxy.js';

const TOKEN = 'outage-e2e-token';
const MANAGE = PermissionFlagsBits.ManageGuild | PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages;
const pair = generateKeyPairSync('ed25519');
const publicKey = pair.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

let emu: Emulator | undefined;
let db: TestDatabase | undefined;
let proxy: TcpProxy | undefined;
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await proxy?.cut();
  await db?.drop();
  await emu?.close();
});

describe.skipIf(!hasPostgres)('PostgreSQL lost under a running HTTP bot', () => {
  it('/aesc answers, /aesc-daily set says nothing was changed, /healthz is 503; all well again once it is back', async () => {
    const e = await startEmulator({ token: TOKEN, contract: 'off' });
    emu = e;
    db = await createTestDatabase('aesc_outage');
    const real = new URL(db.url);
    proxy = new TcpProxy({ host: real.hostname, port: Number(real.port) });
    await proxy.start();
    const via = new URL(db.url);
    via.port = String(proxy.port);
    const clean = Object.fromEntries(
      Object.entries(process.env).filter(
        ([k]) => !/^(DISCORD_|LOG_|DATA_DIR$|DATABASE_URL$|SHARD|TRANSPORT$|PORT$|HOST$)/.test(k),
      ),
    );
    const proc = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: projectRoot(),
      env: {
        ...clean,
        TRANSPORT: 'http',
        DISCORD_TOKEN: TOKEN,
        DISCORD_APPLICATION_ID: e.applicationId,
        DISCORD_PUBLIC_KEY: publicKey,
        DISCORD_API_URL: e.apiUrl,
        DATABASE_URL: via.toString(),
        HOST: '127.0.0.1',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let out = '';
    let err = '';
    proc.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
    });
    proc.stderr?.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const end = Date.now() + 20_000;
    let port = 0;
    while (!port) {
      const line = out.split('\n').find((l) => l.includes('"running: transport http'));
      if (line) port = (JSON.parse(line) as { port: number }).port;
      else if (Date.now() > end || proc.exitCode !== null) throw new Error(`bot did not start: ${err}`);
      else await new Promise((r) => setTimeout(r, 100));
    }
    const post = async (interaction: APIInteraction) => {
      const body = JSON.stringify(interaction);
      const ts = String(Math.floor(Date.now() / 1000));
      const res = await fetch(`http://127.0.0.1:${port}/interactions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-signature-timestamp': ts,
          'x-signature-ed25519': sign(null, Buffer.from(ts + body), pair.privateKey).toString('hex'),
        },
        body,
      });
      expect(res.status).toBe(200);
      return (await res.json()) as { type: number; data?: { content?: string; flags?: number } };
    };
    const channelId = e.textChannelId();
    const set = (time: string) =>
      post(
        e.chatInput({
          name: 'aesc-daily',
          subcommand: 'set',
          options: { channel: { type: ApplicationCommandOptionType.Channel, value: channelId }, time, timezone: 'UTC' },
          memberPermissions: MANAGE,
        }),
      );
    const content = async (r: Awaited<ReturnType<typeof post>>, interactionId?: string) =>
      r.type === 5 && interactionId ? String((await e.waitForReply(interactionId)).content) : String(r.data?.content);

    const first = await set('09:00');
    expect(first.type).toBe(4);
    expect(await (await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    await proxy.cut();
    const aesc = await post(e.chatInput({ name: 'aesc', subcommand: 'sources' }));
    expect(aesc.type).toBe(4);
    const refused = await set('10:30');
    expect(await content(refused)).toContain(STORE_UNAVAILABLE_MESSAGE);
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.text()).toContain(`127.0.0.1:${proxy.port}/${db.name}`);

    await proxy.start();
    const again = await set('11:15');
    expect(await content(again)).not.toContain(STORE_UNAVAILABLE_MESSAGE);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const check = await openDailyStore(db.url);
    try {
      // The refused change never landed; the acknowledged ones did.
      expect((await check.store.getSubscription(e.guilds[0]?.id as string))?.time).toBe('11:15');
    } finally {
      await check.store.close();
    }
    expect(out + err).not.toContain(real.password);
  }, 60_000);
});

if (!hasPostgres) it.skip(PG_SKIP_MESSAGE, () => {});
