import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { closedPort, runCli } from '../helpers/cli.js';
import { freshModuleWorld, type ModuleWorld } from '../helpers/module-world.js';
import { removeWithModuleCache } from '../helpers/vndr.js';

// check --online on a module file, on a cold module cache (issue 21, item 5): the module cache is asked
// alone first; what it lacks goes to GOPROXY, said beforehand, within a deadline, and only the .info and
// .mod files are fetched, never a module's zip.
const fresh = (onTestFinished: TestContext['onTestFinished']) => freshModuleWorld(onTestFinished);

/** An empty module cache of the test's own. */
function coldCache(onTestFinished: TestContext['onTestFinished']): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-cold-'));
  onTestFinished(() => removeWithModuleCache(dir));
  return path.join(dir, 'modcache');
}

/** A proxy that takes the connection and never answers. */
async function hungProxy(onTestFinished: TestContext['onTestFinished']): Promise<string> {
  const server: Server = createServer(() => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function withFork(world: ModuleWorld) {
  const set = await runCli(['set', 'lib', 'me/lib@feature'], { cwd: world.dir, env: world.env });
  expect(set.code, set.stderr).toBe(0);
}

const files = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    : [];

describe.concurrent('check --online on a cold module cache', { timeout: 60_000 }, () => {
  it('says what goes to the network, fetches .info and .mod only, and then answers from the cache alone', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    await withFork(world);
    const cache = coldCache(onTestFinished);
    const cold = await runCli(['check', '--online'], { cwd: world.dir, env: { ...world.env, GOMODCACHE: cache } });
    expect(cold.stdout).toBe('✓ go.mod: no problems\n');
    expect(cold.code).toBe(0);
    expect(cold.stderr).toMatch(
      /^note: 1 replacement version not in the module cache \(github\.com\/me\/lib@v1\.1\.1-0\.\d{14}-[0-9a-f]{12}\): asking direct for its \.info and \.mod, for up to 120 s\nnote: the module graph is not all in the module cache: go list -m all asks direct for the go\.mod files it lacks, for up to 120 s\n$/,
    );
    const fetched = files(path.join(cache, 'cache', 'download'));
    expect(fetched).toContainEqual(expect.stringMatching(/^github\.com\/me\/lib\/@v\/v1\.1\.1-0\..*\.info$/));
    expect(fetched).toContainEqual(expect.stringMatching(/^github\.com\/me\/lib\/@v\/v1\.1\.1-0\..*\.mod$/));
    expect(fetched.filter((f) => f.endsWith('.zip'))).toEqual([]);

    // Warm: nothing goes out (the proxy is a closed port, and GitHub's API is asked as before).
    const warm = await runCli(['check', '--online'], {
      cwd: world.dir,
      env: { ...world.env, GOMODCACHE: cache, GOPROXY: await closedPort() },
    });
    expect(warm).toEqual({ code: 0, stdout: '✓ go.mod: no problems\n', stderr: '' });
  });

  it('gives up on a proxy that never answers, within the deadline, and says what was not checked', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    await withFork(world);
    const env = {
      ...world.env,
      GOMODCACHE: coldCache(onTestFinished),
      GOPROXY: await hungProxy(onTestFinished),
      VENDORFORK_GO_TIMEOUT: '2',
    };
    const result = await runCli(['check', '--online', '--json'], { cwd: world.dir, env });
    const found = (JSON.parse(result.stdout).diagnostics as { code: string; message: string }[]).map(
      (d) => `${d.code} ${d.message}`,
    );
    expect(found).toEqual([
      expect.stringMatching(
        /^version-unchecked go did not answer within 2 s for github\.com\/me\/lib@v1\.1\.1-0\.\S+: those versions were not checked \(VENDORFORK_GO_TIMEOUT=SECONDS allows longer\)$/,
      ),
      'graph-unchecked go list -m all did not answer within 2 s, so unused replacements were not looked for (VENDORFORK_GO_TIMEOUT=SECONDS allows longer)',
    ]);
    expect(result.stderr).toContain('for up to 2 s');
  });
});
