// Readiness for `GET /healthz`: 200 when every check passes, 503 with the reasons otherwise. A check is a small
// function (the transport says whether it is connected or listening; the database answers a ping). Checks run in
// parallel, each bounded by a timeout, so /healthz answers quickly even while the database hangs.

export interface CheckResult {
  ok: boolean;
  /** Why not, in words (or a short state when ok). */
  detail?: string;
}

export type HealthCheck = () => CheckResult | boolean | Promise<CheckResult | boolean>;

export interface HealthReport {
  status: 200 | 503;
  body: { ok: boolean; checks: Record<string, CheckResult> };
}

export interface Health {
  /** Adds (or replaces) a named check. */
  add(name: string, check: HealthCheck): void;
  report(): Promise<HealthReport>;
}

export function createHealth(checks: Record<string, HealthCheck> = {}, timeoutMs = 2_000): Health {
  const all = new Map(Object.entries(checks));
  const run = async (check: HealthCheck): Promise<CheckResult> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      const value = await Promise.race([
        Promise.resolve().then(check),
        new Promise<CheckResult>((resolve) => {
          timer = setTimeout(() => resolve({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
        }),
      ]);
      return typeof value === 'boolean' ? { ok: value } : value;
    } catch (err) {
      return { ok: false, detail: err instanceof Error ? err.message : String(err) };
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    add(name, check) {
      all.set(name, check);
    },
    async report() {
      const names = [...all.keys()];
      const results = await Promise.all([...all.values()].map(run));
      const out: Record<string, CheckResult> = {};
      names.forEach((name, i) => {
        out[name] = results[i] as CheckResult;
      });
      const ok = results.every((r) => r.ok);
      return { status: ok ? 200 : 503, body: { ok, checks: out } };
    },
  };
}

/** A database check from a ping function (`OpenedDailyStore.ping`), naming where it is when it fails. */
export function databaseCheck(ping: () => Promise<boolean>, kind: string, location: string): HealthCheck {
  return async () => {
    const ok = await ping();
    return ok ? { ok, detail: kind } : { ok, detail: `${kind} at ${location} is unreachable` };
  };
}
