// The Responder over Discord's REST API (@discordjs/rest): the initial callback
// (`POST /interactions/{id}/{token}/callback`) and the interaction webhook (`/webhooks/{application}/{token}...`).
// None of these calls use the bot token (`auth: false`): the interaction token authorises them. Files go out as
// multipart (`files[n]` + `payload_json`), which every one of these routes accepts.
//
// A connection reset under the initial callback (UND_ERR_SOCKET, ECONNRESET) is retried once while Discord's
// 3-second window still allows it; if the first try did reach Discord, the retry gets 40060 "already acknowledged",
// which counts as success.
import type { RawFile, REST } from '@discordjs/rest';
import { type APIInteraction, Routes } from 'discord-api-types/v10';
import type { ReplyFile } from '../core/command.js';
import type { EditBody, FollowUpBody, InitialResponse, Responder } from '../core/responder.js';
import { isAlreadyAcknowledged, isConnectionReset } from './errors.js';

/** Discord's window for the initial response, less a margin for the retry's own round trip. */
const RETRY_DEADLINE_MS = 2_500;

export function toRawFiles(files: readonly ReplyFile[] | undefined): RawFile[] | undefined {
  if (!files || files.length === 0) return undefined;
  return files.map((f, index) => ({ key: `files[${index}]`, name: f.name, contentType: f.contentType, data: f.data }));
}

export interface RestResponderOptions {
  /** `Date.now()` when the interaction arrived (default: when the responder was made). */
  receivedAt?: number;
  /** Called when the callback is retried after a reset (for the log). */
  onRetry?: (err: unknown) => void;
  /** Retry only this long after `receivedAt` (default 2,500 ms: Discord's 3 s less a round trip). */
  retryWithinMs?: number;
}

export function restResponder(
  rest: Pick<REST, 'post' | 'patch' | 'delete'>,
  interaction: Pick<APIInteraction, 'id' | 'token' | 'application_id'>,
  options: RestResponderOptions = {},
): Responder {
  const receivedAt = options.receivedAt ?? Date.now();
  const retryWithinMs = options.retryWithinMs ?? RETRY_DEADLINE_MS;
  const { id, token, application_id: applicationId } = interaction;
  const original = Routes.webhookMessage(applicationId, token, '@original');

  async function callback(response: InitialResponse, files?: readonly ReplyFile[]): Promise<void> {
    const raw = toRawFiles(files);
    const send = () =>
      rest.post(Routes.interactionCallback(id, token), { body: response, auth: false, ...(raw ? { files: raw } : {}) });
    try {
      await send();
    } catch (err) {
      if (!isConnectionReset(err) || Date.now() - receivedAt > retryWithinMs) throw err;
      options.onRetry?.(err);
      try {
        await send();
      } catch (retryErr) {
        if (isAlreadyAcknowledged(retryErr)) return;
        throw retryErr;
      }
    }
  }

  return {
    respond: callback,
    async editOriginal(data: EditBody, files?: readonly ReplyFile[]) {
      const raw = toRawFiles(files);
      await rest.patch(original, { body: data, auth: false, ...(raw ? { files: raw } : {}) });
    },
    async followUp(data: FollowUpBody, files?: readonly ReplyFile[]) {
      const raw = toRawFiles(files);
      await rest.post(Routes.webhook(applicationId, token), {
        body: data,
        auth: false,
        ...(raw ? { files: raw } : {}),
      });
    },
    async deleteOriginal() {
      await rest.delete(original, { auth: false });
    },
  };
}
