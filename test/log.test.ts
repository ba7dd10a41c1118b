import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('shutdown with a stdout nobody reads', () => {
  it('exits within 10 s of SIGTERM although the pipe is full (pino exit flush bounded)', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/log-flood.ts'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // stdout is deliberately never read: the 64 KiB pipe fills after a few dozen lines.
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    await new Promise<void>((resolve, reject) => {
      const wait = setInterval(() => {
        if (stderr.includes('ready')) {
          clearInterval(wait);
          resolve();
        }
      }, 20);
      child.once('exit', () => reject(new Error(`child exited early: ${stderr}`)));
    });
    const sentAt = Date.now();
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve(-1);
      }, 12_000);
      child.once('exit', (c) => {
        clearTimeout(timer);
        resolve(c);
      });
    });
    const tookMs = Date.now() - sentAt;
    expect(code, `stderr: ${stderr}`).toBe(0);
    expect(tookMs).toBeLessThan(10_000);
    expect(stderr).toContain('exiting');
  }, 20_000);
});
