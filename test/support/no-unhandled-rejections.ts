// vitest setup file (vitest.config.ts `setupFiles`): any unhandled promise rejection or uncaught exception during a
// test fails that test, naming the reason (issue 8 item 17: "there must be no unhandled rejections, ever").
// Vitest alone reports them after the run without saying which test caused them; this attributes them.
import { afterEach } from 'vitest';

const seen: { kind: string; reason: unknown }[] = [];

process.on('unhandledRejection', (reason) => {
  seen.push({ kind: 'unhandled rejection', reason });
});
process.on('uncaughtException', (reason) => {
  seen.push({ kind: 'uncaught exception', reason });
});

function describeReason(reason: unknown): string {
  return reason instanceof Error ? (reason.stack ?? reason.message) : String(reason);
}

afterEach(async () => {
  // Rejections surface after a macrotask: let them arrive before judging the test.
  await new Promise((resolve) => setImmediate(resolve));
  if (seen.length === 0) return;
  const found = seen.splice(0);
  throw new Error(
    `${found.length} unhandled error(s) during this test:\n${found.map((f) => `${f.kind}: ${describeReason(f.reason)}`).join('\n')}`,
  );
});
