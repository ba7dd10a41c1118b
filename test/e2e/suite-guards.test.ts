// Guards of the test suite itself (issue 8 item 17): an unhandled rejection fails the test during which it happens,
// with its reason, and the core's files do not take part in any import cycle.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/util/project-root.js';

describe('the test suite', () => {
  it('fails a test that leaves a promise rejection unhandled, naming the reason', () => {
    const run = spawnSync(
      process.execPath,
      [
        join(projectRoot(), 'node_modules/vitest/vitest.mjs'),
        'run',
        '--config',
        'test/e2e/fixtures/vitest.fixtures.config.ts',
      ],
      { cwd: projectRoot(), encoding: 'utf8', timeout: 60_000, env: { ...process.env, CI: '1', FORCE_COLOR: '0' } },
    );
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status, output).not.toBe(0);
    expect(output).toContain('looks green but leaks a rejection');
    expect(output).toContain('unhandled rejection: Error: leaked on purpose by the fixture');
  }, 60_000);
});

/** Relative imports of every .ts file under src/, as a graph of project-relative paths. */
function importGraph(): Map<string, string[]> {
  const root = join(projectRoot(), 'src');
  const graph = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.ts')) {
        const info = ts.preProcessFile(readFileSync(path, 'utf8'), true, true);
        graph.set(
          relative(projectRoot(), path),
          info.importedFiles
            .map((f) => f.fileName)
            .filter((f) => f.startsWith('.'))
            .map((f) => relative(projectRoot(), resolve(dirname(path), f.replace(/\.js$/, '.ts')))),
        );
      }
    }
  };
  walk(root);
  return graph;
}

describe('the core', () => {
  it('takes part in no import cycle (the old one ran command.ts -> daily/service -> daily/scheduler -> command.ts)', () => {
    const graph = importGraph();
    const cycles: string[] = [];
    for (const start of [...graph.keys()].filter((f) => f.startsWith('src/core/'))) {
      // Depth-first search for a path back to `start`.
      const stack: [string, string[]][] = [[start, [start]]];
      const seen = new Set<string>();
      while (stack.length > 0) {
        const [file, path] = stack.pop() as [string, string[]];
        for (const next of graph.get(file) ?? []) {
          if (next === start) cycles.push([...path, next].join(' -> '));
          else if (!seen.has(next)) {
            seen.add(next);
            stack.push([next, [...path, next]]);
          }
        }
      }
    }
    expect(cycles).toEqual([]);
  });

  it('depends on no transport, command or daily-post module', () => {
    const graph = importGraph();
    const outward = [...graph.entries()]
      .filter(([file]) => file.startsWith('src/core/'))
      .flatMap(([file, deps]) =>
        deps.filter((d) => /^src\/(transport|commands|daily|playground)\//.test(d)).map((d) => `${file} -> ${d}`),
      );
    expect(outward).toEqual([]);
  });
});
