// Ending a wait at a deadline: one helper for the scheduler, the sender and the delivery (crossposts).

/**
 * A promise that settles like `promise`, or rejects with the signal's reason once `signal` aborts, whichever comes
 * first. @discordjs/rest checks a request's signal only around the network call: a request waiting out a 429 (its
 * `retry_after` sleep) would keep its caller waiting to the end of the sleep. Aborting the signal still drops the
 * request itself (it is never sent once the signal is aborted), and this ends the wait at the deadline.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
}
