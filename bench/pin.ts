// Pinning a benchmark to one CPU while it runs (Linux, util-linux `taskset`), so that the scheduler's placement of
// processes does not decide the figures. Measured on this 2-core machine: the per-round ratio of the gateway
// autocomplete comparison ranged 0.53-1.48 unpinned and 0.96-1.13 pinned; the HTTP floor's throughput varied by 40%
// between runs unpinned. Without taskset (or with one CPU) nothing is pinned, and the reports say so.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

export interface Pin {
  pinned: boolean;
  /** Restores the affinity to every CPU (children spawned meanwhile keep theirs). */
  unpin(): void;
}

function taskset(list: string): boolean {
  return (
    process.platform === 'linux' &&
    spawnSync('taskset', ['-p', '-c', list, String(process.pid)], { stdio: 'ignore' }).status === 0
  );
}

/** Pins this process to `cpu` when there are at least two CPUs and taskset works. */
export function pinToCpu(cpu: number): Pin {
  const pinned = cpus().length >= 2 && taskset(String(cpu));
  return { pinned, unpin: () => void (pinned && taskset(`0-${cpus().length - 1}`)) };
}

/** `taskset -c <cpu>` before a child's command line when pinning is on, else the command as it is. */
export function pinnedCommand(pin: Pin, cpu: number, command: string, args: readonly string[]): [string, string[]] {
  return pin.pinned ? ['taskset', ['-c', String(cpu), command, ...args]] : [command, [...args]];
}
