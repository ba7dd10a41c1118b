// How the core answers an interaction, whatever the transport: the initial response (exactly once), then edits of
// the original response, follow-ups and deleting the original. The gateway transport implements it over REST
// (src/discord/rest-responder.ts), the HTTP transport answers the initial response in the HTTP body
// (src/transport/http.ts), tests and the playground record it (`recordingResponder` below).
import type {
  APIInteractionResponse,
  RESTPatchAPIWebhookWithTokenMessageJSONBody,
  RESTPostAPIWebhookWithTokenJSONBody,
} from 'discord-api-types/v10';
import type { ReplyFile } from './command.js';

/** The initial response: callback types 1 (PONG), 4, 5, 6, 7 and 8 are the ones the core sends. */
export type InitialResponse = APIInteractionResponse;
export type EditBody = RESTPatchAPIWebhookWithTokenMessageJSONBody;
export type FollowUpBody = RESTPostAPIWebhookWithTokenJSONBody;

export interface Responder {
  /**
   * The initial response, at most once per interaction and within Discord's 3 seconds. `files` are uploaded as
   * multipart (each listed in `data.attachments` as `{ id: index, filename, description }`).
   */
  respond(response: InitialResponse, files?: readonly ReplyFile[]): Promise<void>;
  /** PATCH the original response (after a deferral, or to change an answer). */
  editOriginal(data: EditBody, files?: readonly ReplyFile[]): Promise<void>;
  /** A further message through the interaction's webhook. */
  followUp(data: FollowUpBody, files?: readonly ReplyFile[]): Promise<void>;
  /** DELETE the original response (e.g. the ephemeral "thinking..." placeholder). */
  deleteOriginal(): Promise<void>;
}

/** One call the recording responder saw, in order. */
export type RecordedCall =
  | { kind: 'respond'; body: InitialResponse; files: readonly ReplyFile[] }
  | { kind: 'editOriginal'; body: EditBody; files: readonly ReplyFile[] }
  | { kind: 'followUp'; body: FollowUpBody; files: readonly ReplyFile[] }
  | { kind: 'deleteOriginal' };

export interface RecordingResponder extends Responder {
  /** The initial response, null until it was sent. */
  readonly response: InitialResponse | null;
  /** Edits of the original response, in order. */
  readonly edits: readonly EditBody[];
  readonly followUps: readonly FollowUpBody[];
  /** Every file of every call, in order. */
  readonly files: readonly ReplyFile[];
  readonly deleted: boolean;
  readonly calls: readonly RecordedCall[];
  /** Resolves with the initial response as soon as it is sent. */
  readonly initial: Promise<InitialResponse>;
}

export interface RecordingOptions {
  /**
   * Called before each call is recorded; a throw (or rejection) makes that call fail, as a REST error would
   * (tests use it for expired interactions, resets...). The call is not recorded when it fails.
   */
  before?: (call: RecordedCall, index: number) => void | Promise<void>;
}

/** A Responder that keeps everything it is asked to send (unit tests, the playground). */
export function recordingResponder(options: RecordingOptions = {}): RecordingResponder {
  let response: InitialResponse | null = null;
  const edits: EditBody[] = [];
  const followUps: FollowUpBody[] = [];
  const files: ReplyFile[] = [];
  const calls: RecordedCall[] = [];
  let deleted = false;
  let resolveInitial!: (r: InitialResponse) => void;
  const initial = new Promise<InitialResponse>((resolve) => {
    resolveInitial = resolve;
  });
  let attempts = 0;

  async function record(call: RecordedCall): Promise<void> {
    if (options.before) await options.before(call, attempts++);
    if (call.kind === 'respond') {
      if (response !== null) throw new Error('recordingResponder: the initial response was already sent');
      response = call.body;
      resolveInitial(call.body);
    } else if (call.kind === 'editOriginal') edits.push(call.body);
    else if (call.kind === 'followUp') followUps.push(call.body);
    else deleted = true;
    if (call.kind !== 'deleteOriginal') files.push(...call.files);
    calls.push(call);
  }

  return {
    respond: (body, f = []) => record({ kind: 'respond', body, files: f }),
    editOriginal: (body, f = []) => record({ kind: 'editOriginal', body, files: f }),
    followUp: (body, f = []) => record({ kind: 'followUp', body, files: f }),
    deleteOriginal: () => record({ kind: 'deleteOriginal' }),
    get response() {
      return response;
    },
    edits,
    followUps,
    files,
    calls,
    get deleted() {
      return deleted;
    },
    initial,
  };
}
