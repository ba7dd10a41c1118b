// The playground: the real bot behind a local web page, with no Discord. `npm start` runs it when no DISCORD_TOKEN
// is configured, `npm run playground` always. It builds the same command modules as the gateway and HTTP transports
// and answers through the same core dispatcher (src/core/dispatcher.ts) with a recording responder; the daily post
// runs its real service and scheduler against a temporary SQLite file, posting into an in-process REST sink. It never
// contacts Discord and holds no secret.
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIInteraction } from 'discord-api-types/v10';
import { createCommands, definitions } from '../commands/index.js';
import type { Clock } from '../core/clock.js';
import { createDispatcher } from '../core/dispatcher.js';
import { type RecordingResponder, recordingResponder } from '../core/responder.js';
import { describeFailure } from '../daily/sender.js';
import { createDailyService, type DailyService } from '../daily/service.js';
import { formatLocalDate, localDateAt, parseLocalDate, parseWallTime, zonedToUtc } from '../daily/time.js';
import { restPermissionResolver } from '../discord/permissions.js';
import { loadAllData } from '../facts/load-all.js';
import type { FactStore } from '../facts/store.js';
import { languages } from '../i18n/catalogue.js';
import { localizeCommand } from '../i18n/commands.js';
import type { Logger } from '../log.js';
import { buildOnThisDatePost } from '../present/on-this-date.js';
import { warmUpPicturesInBackground } from '../render/index.js';
import { createAssets, type PlaygroundAssets } from './assets.js';
import { createAttachmentStore } from './attachments.js';
import { commandIdFor } from './interaction.js';
import { createRestSink, type RestSink } from './rest-sink.js';
import { describeSandbox, SANDBOX_BOT_ID, SANDBOX_GUILD_ID, sandboxChannel } from './sandbox.js';
import { createPlaygroundServer, type PlaygroundResult, type PostNowResult } from './server.js';

export const DEFAULT_PLAYGROUND_HOST = '127.0.0.1';

/** A HOST the playground refuses, or a port it cannot take. The message says why and what to do. */
export class PlaygroundStartError extends Error {}

/** Whether `host` is only reachable from this machine. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h) || h === '::ffff:127.0.0.1';
}

/** Refuses a non-loopback HOST unless PLAYGROUND_PUBLIC=true, with the reason. */
export function checkHost(host: string, isPublic: boolean): void {
  if (isLoopback(host) || isPublic) return;
  throw new PlaygroundStartError(
    `The playground refuses HOST=${host}: it has no authentication, so anyone who can reach that address could run ` +
      'commands as the sandbox server admin. Leave HOST unset (127.0.0.1, this machine only), or set ' +
      'PLAYGROUND_PUBLIC=true if you really want it reachable from other machines.',
  );
}

export interface PlaygroundOptions {
  logger: Logger;
  /** Default 127.0.0.1. */
  host?: string | undefined;
  /** Default 3000; 0 picks a free port (tests). */
  port?: number;
  /** PLAYGROUND_PUBLIC: allow a non-loopback host. */
  allowPublic?: boolean;
  /** The fact data folder (config DATA_DIR); default the project's data/. */
  dataDir?: string;
  store?: FactStore;
  /** Start the daily scheduler's minute tick (default true; tests use post-now instead). */
  startScheduler?: boolean;
}

export interface RunningPlayground {
  url: string;
  server: Server;
  assets: PlaygroundAssets;
  sink: RestSink;
  daily: DailyService;
  close(): Promise<void>;
}

/** The sandbox clock: real time, moved only while "post now" runs the tick at a chosen date's post time. */
function sandboxClock(): Clock & { offsetMs: number } {
  const clock = {
    offsetMs: 0,
    now: () => new Date(Date.now() + clock.offsetMs),
  };
  return clock;
}

function toBase64(data: Uint8Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64');
}

/** What the recording responder collected, as `POST /api/interactions` answers it (files as base64). */
export function toPlaygroundResult(responder: RecordingResponder): PlaygroundResult {
  return {
    response: responder.response,
    followUps: [...responder.followUps],
    files: responder.files.map((f) => ({ name: f.name, contentType: f.contentType, base64: toBase64(f.data) })),
    edits: [...responder.edits],
    deleted: responder.deleted,
  };
}

export async function startPlayground(opts: PlaygroundOptions): Promise<RunningPlayground> {
  const host = opts.host ?? DEFAULT_PLAYGROUND_HOST;
  checkHost(host, opts.allowPublic ?? false);
  const logger = opts.logger.child({ component: 'playground' });
  // The page bundle builds in esbuild's own process while the facts load here.
  const assets = createAssets();
  const store = opts.store ?? loadAllData(opts.dataDir);
  const clock = sandboxClock();
  const sink = createRestSink(clock);

  const dbDir = mkdtempSync(join(tmpdir(), 'aesc-playground-'));
  const daily = createDailyService({
    databaseUrl: `file:${join(dbDir, 'daily.sqlite')}`,
    rest: sink,
    buildPost: (localDate, _now, language) => buildOnThisDatePost(store, localDate, language ?? undefined),
    clock,
    logger: logger.child({ component: 'daily' }),
  });
  const commandIds = new Map(definitions.map((d) => [d.name, commandIdFor(d.name)]));
  const commands = createCommands({
    store,
    clock,
    commandIds,
    daily,
    permissions: restPermissionResolver(sink, () => SANDBOX_BOT_ID),
  });
  const dispatch = createDispatcher({ commands, logger });
  // As the bot does: the charts and maps rendered ahead of the first reply, one per event-loop turn.
  void warmUpPicturesInBackground(store.plants, languages(), (err) =>
    logger.error({ err }, 'rendering the pictures ahead failed; they will be rendered on demand'),
  );

  async function handle(interaction: APIInteraction): Promise<PlaygroundResult> {
    const responder = recordingResponder();
    await dispatch(interaction, responder);
    return toPlaygroundResult(responder);
  }

  let ticking: Promise<unknown> = Promise.resolve();
  async function postNow(date: string | undefined): Promise<PostNowResult> {
    // One at a time: the clock is moved for the duration of the tick.
    const run = ticking.then(() => postNowLocked(date));
    ticking = run.catch(() => undefined);
    return run;
  }

  async function postNowLocked(date: string | undefined): Promise<PostNowResult> {
    const before = sink.messages().at(-1)?.seq ?? 0;
    const sub = await daily.get(SANDBOX_GUILD_ID);
    if (!sub) {
      return {
        date: date ?? formatLocalDate(localDateAt(Date.now(), 'UTC')),
        at: new Date().toISOString(),
        tick: null,
        summary: 'There is no daily post in the sandbox server yet: run `/aesc-daily set` first, then Post now.',
        messages: [],
      };
    }
    const day = date ?? formatLocalDate(localDateAt(clock.now().getTime(), sub.timezone));
    const time = parseWallTime(sub.time);
    if (!time) throw new Error(`stored daily time ${sub.time} does not parse`);
    // Exactly the post time, as the minute tick at second 0 would run it.
    const at = zonedToUtc(parseLocalDate(day), time, sub.timezone);
    clock.offsetMs = at - Date.now();
    let tick: Awaited<ReturnType<DailyService['tick']>>;
    try {
      tick = await daily.tick(new Date(at));
    } finally {
      clock.offsetMs = 0;
    }
    const messages = sink.messages(before);
    const after = await daily.get(SANDBOX_GUILD_ID);
    const where = `#${sandboxChannel(sub.channelId)?.name ?? sub.channelId}`;
    const when = `${day} ${sub.time} (${sub.timezone})`;
    let summary: string;
    const skipped =
      tick.skipped > 0
        ? ` Before it, ${tick.skipped === 1 ? 'a passed day was' : `${tick.skipped} passed days were`} closed as skipped (the bot never posts a passed day late).`
        : '';
    if (tick.posted > 0) {
      summary = `The scheduler tick at ${when} posted the entry for ${day} in ${where}.${skipped}`;
    } else if (tick.failed > 0 || tick.retrying > 0) {
      const why = after?.lastError ? describeFailure(after.lastError) : 'unknown error';
      summary = `The scheduler tick at ${when} tried to post in ${where} and failed: ${why}${after?.pausedReason ? ' The daily post is now paused.' : ''}`;
    } else if (!sub.enabled) {
      summary = `Nothing was posted: the daily post is off. Turn it on with \`/aesc-daily set\`.`;
    } else if (sub.pausedReason) {
      summary = 'Nothing was posted: the daily post is paused. Run `/aesc-daily set` again to resume.';
    } else if (tick.alreadyDone > 0) {
      summary = `Nothing was posted: the post for ${day} was already settled (the ledger allows one post per server and date).`;
    } else {
      summary = `Nothing was due at ${when}: the next post is for ${after?.nextLocalDate ?? 'an unknown date'}, and the scheduler never posts a day before it is due or a passed day late.`;
    }
    return { date: day, at: new Date(at).toISOString(), tick, summary, messages };
  }

  const loopbackHosts = new Set<string>();
  let origin = '';
  const server = createPlaygroundServer({
    // As `npm run deploy` registers them: with their localisations.
    definitions: definitions.map((d) => localizeCommand(d)),
    sandbox: () => ({ ...describeSandbox(), commandIds: Object.fromEntries(commandIds) }),
    handle,
    sentMessages: (after) => sink.messages(after),
    postNow,
    assets,
    attachments: createAttachmentStore(),
    origin: () => origin,
    logger,
    allowedHosts: isLoopback(host) ? loopbackHosts : undefined,
  });

  try {
    await assets.ready;
  } catch (err) {
    await daily.close().catch(() => undefined);
    rmSync(dbDir, { recursive: true, force: true });
    throw new PlaygroundStartError(`The playground page could not be built: ${(err as Error).message}`);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      reject(
        new PlaygroundStartError(
          err.code === 'EADDRINUSE'
            ? `Port ${opts.port ?? 3000} on ${host} is already in use (another playground or bot?). Stop it, or pick another port with PORT=3001.`
            : `The playground cannot listen on ${host}:${opts.port ?? 3000}: ${err.message}`,
        ),
      );
    });
    server.listen(opts.port ?? 3000, host, () => resolve());
  }).catch(async (err) => {
    await daily.close().catch(() => undefined);
    rmSync(dbDir, { recursive: true, force: true });
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  // Attachment URLs point at the address the playground listens on (the handler downloads from there).
  const reach = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : shownHost;
  origin = `http://${reach}:${port}`;
  for (const name of ['localhost', '127.0.0.1', '[::1]', shownHost]) loopbackHosts.add(`${name}:${port}`.toLowerCase());
  if (opts.startScheduler ?? true) daily.start();

  let closed: Promise<void> | null = null;
  return {
    url: `http://${shownHost}:${port}`,
    server,
    assets,
    sink,
    daily,
    close() {
      closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await daily.close().catch((err: unknown) => logger.warn({ err }, 'closing the daily post failed'));
        rmSync(dbDir, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}
