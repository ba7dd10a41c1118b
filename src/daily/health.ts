// The daily post's health, for `/healthz` (503 when not ok) and `/aesc-daily status`. A problem stops posting for
// every server until an operator acts; a warning is worth telling but posting goes on.

export type DailyProblemCode =
  /** Discord answered 401 to a daily post: the token was reset or is wrong (see docs/daily.md, "Token rejected"). */
  | 'discord_unauthorized'
  /** The database file was deleted or replaced while the bot runs, or cannot be written. */
  | 'database_unavailable'
  /** The last ticks failed (the database is locked or failing); the next tick tries again. */
  | 'ticks_failing';

export interface DailyProblem {
  code: DailyProblemCode;
  /** For operators (logs, /healthz): what happened and what to do. May name file paths, never secrets. */
  message: string;
  /** When it started, UTC ms. */
  since: number;
}

export interface DailyHealth {
  /** False when any problem is present. */
  ok: boolean;
  problems: DailyProblem[];
  /** Found at start and worth an operator's look, e.g. changes a damaged write-ahead log lost. */
  warnings: string[];
}

/** What a store reports about itself (optional `DailyStore.health`). */
export interface StoreHealth {
  problems: DailyProblem[];
  warnings: string[];
}
