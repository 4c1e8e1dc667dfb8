import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/corpus.js';
import { runBin, tempDir } from '../helpers/cli.js';

// The bin keeps V8's compiled code for its chunks under $XDG_CACHE_HOME/vendorfork/v8 (src/cli/compile-cache.ts).
describe('the compile cache', () => {
  const conf = path.join(projectRoot, '__fixtures__/example/vendor.conf');
  const keptFiles = (cache: string) => {
    const dir = path.join(cache, 'vendorfork/v8');
    if (!existsSync(dir)) return [];
    return readdirSync(dir).flatMap((version) =>
      readdirSync(path.join(dir, version)).map((name) => path.join(dir, version, name)),
    );
  };

  it('keeps compiled code for the chunks a command ran, and the next run gives the same output', async () => {
    const cache = tempDir();
    const first = await runBin(['check', '--file', conf], { cwd: projectRoot, env: { XDG_CACHE_HOME: cache } });
    const kept = keptFiles(cache);
    expect(kept.map((file) => path.basename(file))).toEqual([expect.stringMatching(/^check-path-[\w-]{8}\.cjs$/)]);
    expect(path.basename(path.dirname(kept[0]!))).toBe(`${process.versions.v8}-${process.arch}`);
    const second = await runBin(['check', '--file', conf], { cwd: projectRoot, env: { XDG_CACHE_HOME: cache } });
    expect(second).toEqual(first);
    expect(first.stdout).toContain('vendor.conf:');
  });

  it('makes the data again when V8 refuses what is kept', async () => {
    const cache = tempDir();
    const env = { XDG_CACHE_HOME: cache };
    const first = await runBin(['check', '--file', conf], { cwd: projectRoot, env });
    const [kept] = keptFiles(cache);
    writeFileSync(kept!, 'not code cache data');
    expect(await runBin(['check', '--file', conf], { cwd: projectRoot, env })).toEqual(first);
    expect(readFileSync(kept!, 'latin1')).not.toBe('not code cache data');
  });

  it('is off with VENDORFORK_NO_COMPILE_CACHE', async () => {
    const cache = tempDir();
    const env = { XDG_CACHE_HOME: cache, VENDORFORK_NO_COMPILE_CACHE: '1' };
    const result = await runBin(['check', '--file', conf], { cwd: projectRoot, env });
    expect(result.stdout).toContain('vendor.conf:');
    expect(keptFiles(cache)).toEqual([]);
  });
});
