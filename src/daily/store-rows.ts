// The rows both daily stores read, and their mapping to the storage contract (store.ts). One definition for SQLite
// and PostgreSQL, so the two cannot drift: the columns are the same; what differs is only how the driver hands them
// over (SQLite: 0/1 and JSON text; pg: booleans and parsed jsonb), which the mappers accept either way.
import type {
  CrosspostState,
  CrosspostUpdate,
  DueCrosspost,
  DueSubscription,
  LastResult,
  LedgerEntry,
  LedgerStatus,
  PauseReason,
  SendFailure,
  Subscription,
  TestRecord,
} from './store.js';

/** How long interaction ids are kept for de-duplication (Discord never replays an interaction later than that). */
export const INTERACTION_RETENTION_MS = 86_400_000;
/** Pending imports older than this are dropped (Confirm works for 15 minutes). */
export const PENDING_IMPORT_RETENTION_MS = 15 * 60_000;

/** A boolean column: SQLite gives 0/1, PostgreSQL true/false. */
type Bool = boolean | number;
/** A JSON column: SQLite gives its text, PostgreSQL the parsed jsonb. */
type Json = unknown;

export interface SubscriptionRow {
  guild_id: string;
  channel_id: string;
  time_hhmm: string;
  timezone: string;
  enabled: Bool;
  paused_reason: string | null;
  next_due_utc: number | null;
  next_local_date: string | null;
  consecutive_failures: number;
  last_result: string | null;
  last_result_at: number | null;
  last_error: Json;
  last_posted_at: number | null;
  last_message_id: string | null;
  version: number;
  created_at: number;
  updated_at: number;
  channel_type: number;
  role_id: string | null;
  weekdays: number;
  publish: Bool;
  tag_id: string | null;
  last_test: Json;
  language?: string | null;
}

export interface LedgerRow {
  guild_id: string;
  local_date: string;
  status: string;
  message_id: string | null;
  claimed_at: number | null;
  claim_owner: string | null;
  attempts: number;
  next_attempt_at: number | null;
  last_error: Json;
  updated_at: number;
  post_channel_id: string | null;
  crosspost_state: string | null;
  crosspost_attempts: number;
  crosspost_next_at: number | null;
  crosspost_error: Json;
}

export interface DueCrosspostRow {
  guild_id: string;
  local_date: string;
  post_channel_id: string | null;
  message_id: string;
  crosspost_attempts: number;
  timezone: string;
}

const asBool = (v: Bool): boolean => v === true || v === 1;

/** A stored send failure; anything unreadable becomes a transient "unknown" with what was there. */
export function parseError(v: Json): SendFailure | null {
  if (v === null || v === undefined || v === '') return null;
  let value: unknown = v;
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      return { kind: 'transient', code: 'unknown', message: v };
    }
  }
  const e = (value ?? {}) as Partial<SendFailure>;
  if (typeof e.code === 'string' && typeof e.message === 'string') {
    const kind = e.kind === 'permanent' || e.kind === 'rejected' ? e.kind : 'transient';
    return { kind, code: e.code, message: e.message };
  }
  return { kind: 'transient', code: 'unknown', message: typeof v === 'string' ? v : JSON.stringify(v).slice(0, 500) };
}

/** A send failure as stored (JSON text; PostgreSQL casts it to jsonb), its message capped at 500 characters. */
export function errorJson(e: SendFailure): string {
  return JSON.stringify({ kind: e.kind, code: e.code, message: e.message.slice(0, 500) });
}

export function parseTest(v: Json): TestRecord | null {
  let value: unknown = v;
  if (typeof v === 'string') {
    try {
      value = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (value === null || typeof value !== 'object') return null;
  const t = value as Partial<TestRecord> & { error?: unknown };
  if (typeof t.at !== 'number' || typeof t.ok !== 'boolean' || typeof t.channelId !== 'string') return null;
  return {
    at: t.at,
    ok: t.ok,
    channelId: t.channelId,
    messageId: typeof t.messageId === 'string' ? t.messageId : null,
    error: t.error ? parseError(t.error) : null,
  };
}

export function toCrosspost(r: LedgerRow): CrosspostState | null {
  if (r.crosspost_state !== 'pending' && r.crosspost_state !== 'done' && r.crosspost_state !== 'failed') return null;
  return {
    state: r.crosspost_state,
    attempts: r.crosspost_attempts,
    nextAttemptAt: r.crosspost_next_at,
    lastError: parseError(r.crosspost_error),
  };
}

/** The columns a crosspost update writes. */
export function crosspostParams(u: CrosspostUpdate | undefined): {
  state: string | null;
  nextAt: number | null;
  error: string | null;
  attempt: number;
} {
  if (!u) return { state: null, nextAt: null, error: null, attempt: 0 };
  return {
    state: u.state,
    nextAt: u.state === 'pending' ? u.nextAttemptAt : null,
    error: u.state === 'done' ? null : errorJson(u.error),
    attempt: 1,
  };
}

export function toSubscription(r: SubscriptionRow): Subscription {
  return {
    guildId: r.guild_id,
    channelId: r.channel_id,
    time: r.time_hhmm,
    timezone: r.timezone,
    enabled: asBool(r.enabled),
    pausedReason: r.paused_reason as PauseReason | null,
    nextDueUtc: r.next_due_utc,
    nextLocalDate: r.next_local_date,
    consecutiveFailures: r.consecutive_failures,
    lastResult: r.last_result as LastResult | null,
    lastResultAt: r.last_result_at,
    lastError: parseError(r.last_error),
    lastPostedAt: r.last_posted_at,
    lastMessageId: r.last_message_id,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    channelType: r.channel_type,
    roleId: r.role_id,
    weekdays: r.weekdays,
    publish: asBool(r.publish),
    tagId: r.tag_id,
    lastTest: parseTest(r.last_test),
    language: r.language ?? null,
  };
}

export function toLedger(r: LedgerRow): LedgerEntry {
  return {
    guildId: r.guild_id,
    localDate: r.local_date,
    status: r.status as LedgerStatus,
    messageId: r.message_id,
    claimedAt: r.claimed_at,
    claimOwner: r.claim_owner,
    attempts: r.attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: parseError(r.last_error),
    updatedAt: r.updated_at,
    postChannelId: r.post_channel_id,
    crosspost: toCrosspost(r),
  };
}

/** The slice of a subscription row a tick needs (PostgreSQL; SQLite reads it as a raw array for speed). */
export function toDueSubscription(r: SubscriptionRow): DueSubscription {
  return {
    guildId: r.guild_id,
    channelId: r.channel_id,
    time: r.time_hhmm,
    timezone: r.timezone,
    nextLocalDate: r.next_local_date,
    version: r.version,
    channelType: r.channel_type,
    roleId: r.role_id,
    weekdays: r.weekdays,
    publish: asBool(r.publish),
    tagId: r.tag_id,
    language: r.language ?? null,
  };
}

export function toDueCrosspost(r: DueCrosspostRow): DueCrosspost {
  return {
    guildId: r.guild_id,
    localDate: r.local_date,
    channelId: r.post_channel_id ?? '',
    messageId: r.message_id,
    timezone: r.timezone,
    attempts: r.crosspost_attempts,
  };
}
