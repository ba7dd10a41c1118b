// "The database is not there right now": one error for every DailyStore, so callers handle an outage the same way
// whichever engine is behind the store (no engine checks outside the storage modules).

/** What an admin is told when a command needs the database and it cannot be reached. */
export const STORE_UNAVAILABLE_MESSAGE = 'The daily post settings are unavailable right now, nothing was changed.';

/**
 * The store could not reach its database (connection refused or lost, timeout, server shutting down). The call that
 * failed did not complete: its change is either absent or, when the connection broke during the commit itself, applied
 * exactly as asked (never half). Retrying later is the right answer. The message names the host, never credentials.
 */
export class DailyStoreUnavailableError extends Error {
  constructor(
    message: string,
    readonly target: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DailyStoreUnavailableError';
  }
}

export function isDailyStoreUnavailable(err: unknown): err is DailyStoreUnavailableError {
  return err instanceof DailyStoreUnavailableError;
}
