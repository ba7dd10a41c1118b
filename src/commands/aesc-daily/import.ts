// `/aesc-daily import file:` and its Confirm/Cancel buttons. The file is downloaded with a size cap and a timeout,
// validated (zod, src/daily/export.ts) and checked against the server like `set`; the answer shows what would change.
// Only Confirm, by the same admin within 15 minutes, applies it (once: the pending import is taken in a transaction
// and the button's interaction id is recorded with the change). A bad file changes nothing and says why.
import { randomBytes } from 'node:crypto';
import { ButtonStyle, ComponentType } from 'discord-api-types/v10';
import type { HandlerReply, RawOptions } from '../../core/command.js';
import { MAX_IMPORT_BYTES, parseImport } from '../../daily/export.js';
import { type DailySetting, settingChanges, settingLines, settingOf } from '../../daily/settings.js';
import { type Lang, t } from '../../i18n/catalogue.js';
import { applySetting } from './apply.js';
import { checkSetting } from './check.js';
import { type FetchFile, failureReply, type HandlerContext, isManager, langOf, reply, ts, update } from './shared.js';

export const IMPORT_TTL_MS = 15 * 60_000;
const DOWNLOAD_TIMEOUT_MS = 5_000;
const PREFIX = 'aesc-daily:import:';

/** `fetch` with a size cap (Content-Length and the bytes read) and a timeout. */
export const fetchFileDefault: FetchFile = async (url, { maxBytes, timeoutMs }) => {
  if (!/^https?:\/\//i.test(url)) throw new DownloadError('noAddress');
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (err) {
    const name = (err as Error).name;
    if (name === 'TimeoutError' || name === 'AbortError') throw err;
    throw new DownloadError('unreachable', undefined, { cause: err });
  }
  if (!res.ok) {
    await res.body?.cancel().catch(() => undefined);
    throw new DownloadError('status', res.status);
  }
  const declared = Number(res.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new TooLargeError(declared);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = res.body?.getReader();
  if (!reader) return new Uint8Array(0);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TooLargeError(total);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
};

/** Why a download failed, for words of our own (`daily.import.download.<why>`); the message is for logs. */
export class DownloadError extends Error {
  constructor(
    readonly why: 'noAddress' | 'unreachable' | 'status',
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super(
      why === 'status'
        ? `the download failed (HTTP ${status})`
        : why === 'noAddress'
          ? 'the attachment has no download address'
          : 'the file could not be reached',
      options,
    );
    this.name = 'DownloadError';
  }
}

export class TooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`the file is larger than ${MAX_IMPORT_BYTES} bytes`);
    this.name = 'TooLargeError';
  }
}

interface PendingPayload {
  enabled: boolean;
  setting: DailySetting;
  /** The subscription's version the diff was made against (null: none); Confirm saves only if it is unchanged. */
  baseVersion: number | null;
}

const tooBig = (lang: Lang): string => t(lang, 'daily.import.tooBig', { kb: MAX_IMPORT_BYTES / 1024 });

export async function importSettings(options: RawOptions, ctx: HandlerContext, guildId: string): Promise<HandlerReply> {
  const id = typeof options.file === 'string' ? options.file : '';
  const file = ctx.attachments?.[id];
  const lang = langOf(ctx);
  if (!file) return reply(t(lang, 'daily.import.unreadable'));
  if (file.size > MAX_IMPORT_BYTES) return reply(tooBig(lang));
  let bytes: Uint8Array;
  try {
    bytes = await (ctx.fetchFile ?? fetchFileDefault)(file.url, {
      maxBytes: MAX_IMPORT_BYTES,
      timeoutMs: ctx.downloadTimeoutMs ?? DOWNLOAD_TIMEOUT_MS,
    });
  } catch (err) {
    if (err instanceof TooLargeError) return reply(tooBig(lang));
    const timeout = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
    // Our words for why; the error's own text (undici's or the server's English) goes to the log only.
    if (!timeout)
      ctx.logger?.warn({ err, guildId, interactionId: ctx.invoker.interactionId }, 'daily import: download failed');
    const why = timeout
      ? t(lang, 'daily.import.tooLong')
      : err instanceof DownloadError && err.why === 'status'
        ? t(lang, 'daily.import.download.status', { status: err.status ?? 0 })
        : err instanceof DownloadError && err.why === 'noAddress'
          ? t(lang, 'daily.import.download.noAddress')
          : t(lang, 'daily.import.download.unreachable');
    return reply(t(lang, 'daily.import.downloadFailed', { why }));
  }
  const parsed = parseImport(bytes, lang);
  if (!parsed.ok) {
    return reply(t(lang, 'daily.import.badFile', { why: parsed.text }));
  }
  const { setting, enabled } = parsed.value;
  const check = await checkSetting(ctx, guildId, setting);
  if (check.problems.length > 0) {
    return reply(`${t(lang, 'daily.import.doesNotFit')}\n${check.problems.map((p) => `- ${p}`).join('\n')}`);
  }
  setting.channelType = check.channelType;
  setting.tagId = check.tagId;
  const existing = await ctx.daily.store.getSubscription(guildId);
  const before = existing ? settingOf(existing) : null;
  const changes = settingChanges(before, setting, lang);
  const onOff = (on: boolean): string => t(lang, on ? 'daily.value.on' : 'daily.value.off');
  if (existing && existing.enabled !== enabled)
    changes.unshift(t(lang, 'daily.onOff', { before: onOff(existing.enabled), after: onOff(enabled) }));
  if (before && changes.length === 0) return reply(t(lang, 'daily.import.matches'));
  const nowMs = ctx.clock.now().getTime();
  const pendingId = randomBytes(12).toString('base64url');
  try {
    await ctx.daily.store.savePendingImport({
      id: pendingId,
      guildId,
      userId: ctx.invoker.userId,
      payload: JSON.stringify({ enabled, setting, baseVersion: existing?.version ?? null } satisfies PendingPayload),
      createdAt: nowMs,
    });
  } catch (err) {
    return failureReply(err, ctx, 'import');
  }
  const lines = [
    t(lang, 'daily.import.header', {
      other: parsed.value.guildId !== guildId ? t(lang, 'daily.import.otherServer') : '',
      until: ts(nowMs + IMPORT_TTL_MS),
    }),
    ...(before
      ? [t(lang, 'daily.import.wouldChange'), ...changes.map((c) => `- ${c}`)]
      : [t(lang, 'daily.import.wouldTurnOn')]),
    t(lang, 'daily.import.after'),
    ...settingLines(setting, check.tagName, lang).map((l) => `- ${l}`),
    t(lang, 'daily.import.state', { state: onOff(enabled) }),
    ...(check.unchecked ? [t(lang, 'daily.import.unchecked', { why: check.unchecked })] : []),
  ];
  return reply(lines.join('\n'), {
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.Button,
            style: ButtonStyle.Success,
            label: t(lang, 'daily.import.confirm'),
            custom_id: `${PREFIX}confirm:${pendingId}`,
          },
          {
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            label: t(lang, 'daily.import.cancel'),
            custom_id: `${PREFIX}cancel:${pendingId}`,
          },
        ],
      },
    ],
  });
}

/** `aesc-daily:import:confirm:<id>` / `aesc-daily:import:cancel:<id>`. */
export async function importButton(customId: string, ctx: HandlerContext): Promise<HandlerReply> {
  const m = /^aesc-daily:import:(confirm|cancel):([A-Za-z0-9_-]{1,40})$/.exec(customId);
  const guildId = ctx.invoker.guildId;
  const lang = langOf(ctx);
  if (!m || !guildId) return reply(t(lang, 'error.invalidButton'));
  if (!isManager(ctx)) return reply(t(lang, 'daily.needManageImport'));
  const [, action, id = ''] = m;
  const nowMs = ctx.clock.now().getTime();
  let pending: Awaited<ReturnType<typeof ctx.daily.store.takePendingImport>>;
  try {
    pending = await ctx.daily.store.takePendingImport(id, ctx.invoker.userId, nowMs, IMPORT_TTL_MS);
  } catch (err) {
    return failureReply(err, ctx, 'import');
  }
  if (pending === 'wrong_user') return reply(t(lang, 'daily.import.wrongUser'));
  if (!pending || pending.guildId !== guildId) {
    return update(t(lang, 'daily.import.expired'));
  }
  if (action === 'cancel') return update(t(lang, 'daily.import.cancelled'));
  const payload = JSON.parse(pending.payload) as PendingPayload;
  // The server may have changed in the meantime: check again before saving.
  const check = await checkSetting(ctx, guildId, payload.setting);
  if (check.problems.length > 0) {
    return update(`${t(lang, 'daily.import.serverChanged')}\n${check.problems.map((p) => `- ${p}`).join('\n')}`);
  }
  try {
    const applied = await applySetting(
      ctx.daily.store,
      guildId,
      payload.setting,
      nowMs,
      ctx.invoker.interactionId,
      payload.baseVersion,
    );
    if (!payload.enabled) await ctx.daily.store.disable(guildId, nowMs);
    ctx.logger?.info({ guildId, interactionId: ctx.invoker.interactionId }, 'daily post settings imported');
    return update(
      [
        t(lang, 'daily.import.done', { state: t(lang, payload.enabled ? 'daily.value.on' : 'daily.value.off') }),
        ...settingLines(settingOf(applied.subscription), check.tagName, lang).map((l) => `- ${l}`),
        ...(payload.enabled ? [t(lang, 'daily.nextPost', { when: ts(applied.nextPostAt) })] : []),
      ].join('\n'),
    );
  } catch (err) {
    const r = failureReply(err, ctx, 'import');
    return { type: 'update', data: { ...r.data, components: [] } };
  }
}
