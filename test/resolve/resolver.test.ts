import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from '../../src/formats/vendor-conf/core/index.js';
import { GitHubCache, RENAME_TTL_MS } from '../../src/github/cache.js';
import { parseForkSpec } from '../../src/resolve/fork-spec.js';
import { swarmkitWorld, type SwarmkitWorld } from '../helpers/world.js';
import { testClient, testResolver } from '../helpers/github-client.js';

let world: SwarmkitWorld;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-resolver-'));
  // Resolution costs several requests; these tests are about answers, not the hourly limit.
  world = await swarmkitWorld(root, { limits: { anonymous: 100_000, authenticated: 100_000 } });
});
afterAll(async () => {
  await world?.github.close();
  rmSync(root, { recursive: true, force: true });
});

const gh = (owner: string, repo: string) => ({ host: 'github.com', owner, repo });
const SWARMKIT = 'github.com/docker/swarmkit';

describe('resolving refs', () => {
  it('expands a short SHA to the full SHA', async () => {
    const resolved = await testResolver(world.github).resolveRef(gh('cirocosta', 'swarmkit'), world.sha.F1.slice(0, 7));
    expect(resolved).toEqual({ ref: world.sha.F1, sha: world.sha.F1, kind: 'sha' });
  });

  it('keeps a short SHA as typed with --keep-ref, after checking it', async () => {
    const resolved = await testResolver(world.github, { keepRef: true }).resolveRef(
      gh('cirocosta', 'swarmkit'),
      world.sha.F1.slice(0, 7),
    );
    expect(resolved).toEqual({ ref: world.sha.F1.slice(0, 7), sha: world.sha.F1, kind: 'sha' });
  });

  it('refuses an ambiguous short SHA, naming the repository and the ref', async () => {
    await expect(
      testResolver(world.github).resolveRef(gh('cirocosta', 'swarmkit'), world.ambiguousPrefix),
    ).rejects.toThrow(
      `github.com/cirocosta/swarmkit has no commit starting with ${world.ambiguousPrefix}, or more than one: check it, or type more characters`,
    );
  });

  it('refuses a missing SHA', async () => {
    await expect(testResolver(world.github).resolveRef(gh('cirocosta', 'swarmkit'), 'deadbeef')).rejects.toThrow(
      'github.com/cirocosta/swarmkit has no commit starting with deadbeef, or more than one: check it, or type more characters',
    );
    await expect(testResolver(world.github).resolveRef(gh('cirocosta', 'swarmkit'), 'f'.repeat(40))).rejects.toThrow(
      `github.com/cirocosta/swarmkit has no commit ${'f'.repeat(40)}: check the SHA and the repository`,
    );
  });

  it('keeps tags as tags, annotated or not, after checking they exist', async () => {
    const resolver = testResolver(world.github);
    expect(await resolver.resolveRef(gh('moby', 'swarmkit'), 'v1.0.0')).toEqual({
      ref: 'v1.0.0',
      sha: world.sha.B,
      kind: 'tag',
    });
    expect(await resolver.resolveRef(gh('moby', 'swarmkit'), 'v1.1.0')).toEqual({
      ref: 'v1.1.0',
      sha: world.sha.C,
      kind: 'tag',
    });
    await expect(resolver.resolveRef(gh('moby', 'swarmkit'), 'v9.9.9')).rejects.toThrow(
      'github.com/moby/swarmkit has no commit, tag or branch v9.9.9: check the name',
    );
  });

  it('pins a branch to its current SHA, with a warning that branches move', async () => {
    expect(await testResolver(world.github).resolveRef(gh('cirocosta', 'swarmkit'), 'fix')).toEqual({
      ref: world.sha.F2,
      sha: world.sha.F2,
      kind: 'branch',
      warning: `fix is a branch of github.com/cirocosta/swarmkit, and branches move: pinned its current commit ${world.sha.F2.slice(0, 12)}`,
    });
  });

  it('verifies a full SHA once, then trusts the cache', async () => {
    const cacheFile = path.join(root, 'cache-full-sha.json');
    await testResolver(world.github, { cacheFile })
      .resolveRef(gh('cirocosta', 'swarmkit'), world.sha.F1)
      .then(() => undefined);
    const cache = new GitHubCache(cacheFile);
    // The first resolver did not save; do it like a command does at the end.
    const resolver = testResolver(world.github, { cache });
    await resolver.resolveRef(gh('cirocosta', 'swarmkit'), world.sha.F1);
    cache.save();
    const client = testClient(world.github);
    await testResolver(world.github, { client, cache: new GitHubCache(cacheFile) }).resolveRef(
      gh('cirocosta', 'swarmkit'),
      world.sha.F1,
    );
    expect(client.requestCount).toBe(0);
  });

  it('keeps an ETag per URL, so a later run gets a 304 for each repository it asked about', async () => {
    const cache = new GitHubCache(undefined);
    const first = testClient(world.github, { cache });
    await first.repository(gh('moby', 'swarmkit'));
    await first.repository(gh('cirocosta', 'swarmkit'));
    const before = world.github.requests.length;
    const second = testClient(world.github, { cache });
    expect(await second.repository(gh('moby', 'swarmkit'))).toMatchObject({ fullName: 'moby/swarmkit' });
    expect(await second.repository(gh('cirocosta', 'swarmkit'))).toMatchObject({
      fullName: 'cirocosta/swarmkit',
      parent: 'moby/swarmkit',
    });
    expect(world.github.requests.slice(before).map((r) => `${r.status} ${r.path}`)).toEqual([
      '304 /repos/moby/swarmkit',
      '304 /repos/cirocosta/swarmkit',
    ]);
  });

  it('remembers a rename for a day, since a redirect has no ETag to make it free', async () => {
    const cache = new GitHubCache(undefined);
    await testClient(world.github, { cache }).repository(gh('docker', 'swarmkit'));
    const before = world.github.requests.length;
    expect(await testClient(world.github, { cache }).repository(gh('docker', 'swarmkit'))).toMatchObject({
      fullName: 'moby/swarmkit',
    });
    // Straight to the new name: no 301. Its first answer brings the ETag that makes the next one free.
    await testClient(world.github, { cache }).repository(gh('docker', 'swarmkit'));
    expect(world.github.requests.slice(before).map((r) => `${r.status} ${r.path}`)).toEqual([
      '200 /repos/moby/swarmkit',
      '304 /repos/moby/swarmkit',
    ]);
    const key = `${new URL(world.github.baseUrl).host}/docker/swarmkit`;
    expect(cache.renamed(key)).toBe('moby/swarmkit');
    expect(cache.renamed(key, Date.now() + RENAME_TTL_MS + 1)).toBeUndefined();
  });

  it('makes no request at all for a full SHA offline', async () => {
    const before = world.github.requests.length;
    const resolver = testResolver(world.github, { offline: true, client: undefined });
    const pin = await resolver.pin(SWARMKIT, parseForkSpec(`cirocosta/swarmkit@${world.sha.F1}`), undefined);
    expect(pin).toMatchObject({
      ref: world.sha.F1,
      repositoryUrl: 'https://github.com/cirocosta/swarmkit',
      kind: 'sha',
    });
    expect(world.github.requests.length).toBe(before);
  });

  it('refuses anything but a full SHA offline', async () => {
    const resolver = testResolver(world.github, { offline: true, client: undefined });
    await expect(resolver.pin(SWARMKIT, parseForkSpec('cirocosta/swarmkit@fix'), undefined)).rejects.toThrow(
      'fix in github.com/cirocosta/swarmkit can only be resolved on GitHub, and --offline is set: give a full 40-character SHA, or drop --offline',
    );
  });
});

describe('pinning a fork', () => {
  const entry = (line: string) => parse(line + '\n').entries[0]!;

  it.each([
    [
      'owner/repo@ref',
      (w: SwarmkitWorld) => `cirocosta/swarmkit@${w.sha.F1.slice(0, 7)}`,
      'https://github.com/cirocosta/swarmkit',
    ],
    [
      'https URL@ref',
      (w: SwarmkitWorld) => `https://github.com/cirocosta/swarmkit@${w.sha.F1.slice(0, 7)}`,
      'https://github.com/cirocosta/swarmkit',
    ],
    [
      'https URL.git@ref',
      (w: SwarmkitWorld) => `https://github.com/cirocosta/swarmkit.git@${w.sha.F1.slice(0, 7)}`,
      'https://github.com/cirocosta/swarmkit.git',
    ],
  ])('from %s', async (_form, spec, url) => {
    const pin = await testResolver(world.github).pin(SWARMKIT, parseForkSpec(spec(world)), undefined);
    expect(pin).toMatchObject({
      importPath: SWARMKIT,
      upstream: gh('moby', 'swarmkit'),
      repository: gh('cirocosta', 'swarmkit'),
      repositoryUrl: url,
      ref: world.sha.F1,
      kind: 'sha',
      warnings: [],
    });
  });

  it('follows the rename of the upstream (docker/swarmkit is now moby/swarmkit)', async () => {
    const pin = await testResolver(world.github).pin(SWARMKIT, parseForkSpec('@v1.0.0'), undefined);
    expect(pin).toMatchObject({
      upstream: gh('moby', 'swarmkit'),
      repository: gh('moby', 'swarmkit'),
      repositoryUrl: null,
      ref: 'v1.0.0',
      kind: 'tag',
    });
  });

  it('uses the default branch of owner/repo without a ref', async () => {
    const pin = await testResolver(world.github).pin(SWARMKIT, parseForkSpec('cirocosta/swarmkit'), undefined);
    expect(pin).toMatchObject({ ref: world.sha.C, kind: 'branch' });
    expect(pin.warnings).toEqual([
      `master is a branch of github.com/cirocosta/swarmkit, and branches move: pinned its current commit ${world.sha.C.slice(0, 12)}`,
    ]);
  });

  it('keeps the current fork and its URL style with @ref alone', async () => {
    const current = entry(`${SWARMKIT} ${world.sha.F1} https://github.com/cirocosta/swarmkit.git`);
    const pin = await testResolver(world.github).pin(SWARMKIT, parseForkSpec(`@${world.sha.F2.slice(0, 10)}`), current);
    expect(pin).toMatchObject({
      repository: gh('cirocosta', 'swarmkit'),
      repositoryUrl: 'https://github.com/cirocosta/swarmkit.git',
      ref: world.sha.F2,
    });
  });

  it('keeps the entry URL exactly when only the ref changes', async () => {
    const current = entry(`${SWARMKIT} ${world.sha.F1} git://github.com/cirocosta/swarmkit.git`);
    const pin = await testResolver(world.github).pin(
      SWARMKIT,
      parseForkSpec(`cirocosta/swarmkit@${world.sha.F2.slice(0, 10)}`),
      current,
    );
    expect(pin.repositoryUrl).toBe('git://github.com/cirocosta/swarmkit.git');
  });

  it('drops the third field when the spec names the upstream', async () => {
    const current = entry(`${SWARMKIT} ${world.sha.F1} https://github.com/cirocosta/swarmkit`);
    const pin = await testResolver(world.github).pin(SWARMKIT, parseForkSpec('moby/swarmkit@v1.1.0'), current);
    expect(pin).toMatchObject({ repositoryUrl: null, ref: 'v1.1.0', kind: 'tag' });
  });

  it('warns about a fork outside the network, and refuses it under --strict', async () => {
    const pin = await testResolver(world.github).pin(
      SWARMKIT,
      parseForkSpec(`stranger/swarmkit@${world.sha.S}`),
      undefined,
    );
    expect(pin.warnings).toEqual([
      "stranger/swarmkit is not a fork of moby/swarmkit (its network is stranger/swarmkit, upstream's is moby/swarmkit)",
    ]);
    await expect(
      testResolver(world.github, { strict: true }).pin(
        SWARMKIT,
        parseForkSpec(`stranger/swarmkit@${world.sha.S}`),
        undefined,
      ),
    ).rejects.toThrow(
      "stranger/swarmkit is not a fork of moby/swarmkit (its network is stranger/swarmkit, upstream's is moby/swarmkit): refused under --strict",
    );
  });

  it('refuses a commit that only a deleted branch held', async () => {
    await expect(
      testResolver(world.github).pin(SWARMKIT, parseForkSpec(`cirocosta/swarmkit@${world.sha.G}`), undefined),
    ).rejects.toThrow(
      `${world.sha.G.slice(0, 12)} is on no branch or tag of cirocosta/swarmkit (a deleted or force-pushed branch?): vndr clones the repository and could not check it out; push a branch or tag that holds it`,
    );
  });

  it('refuses a fork that does not exist', async () => {
    await expect(
      testResolver(world.github).pin(SWARMKIT, parseForkSpec('nobody/swarmkit@v1'), undefined),
    ).rejects.toThrow('github.com/nobody/swarmkit does not exist, or is private: check the name');
  });

  it('finds the upstream of a vanity path through ?go-get=1', async () => {
    const goGet = async (url: string) => {
      expect(url).toBe('https://example.org/swarmkit?go-get=1');
      return '<html><head><meta name="go-import" content="example.org/swarmkit git https://github.com/moby/swarmkit"></head></html>';
    };
    const pin = await testResolver(world.github, { goGet }).pin(
      'example.org/swarmkit',
      parseForkSpec(`cirocosta/swarmkit@${world.sha.F2}`),
      undefined,
    );
    expect(pin).toMatchObject({ upstream: gh('moby', 'swarmkit'), repository: gh('cirocosta', 'swarmkit') });
  });

  it('compares a fork commit with upstream', async () => {
    const comparison = await testResolver(world.github).aheadBehind(
      gh('moby', 'swarmkit'),
      gh('cirocosta', 'swarmkit'),
      world.sha.F2,
    );
    expect(comparison).toMatchObject({
      status: 'ahead',
      aheadBy: 2,
      behindBy: 0,
      mergeBase: world.sha.C,
      defaultBranch: 'master',
    });
    expect(comparison!.commits.map((c) => c.subject)).toEqual(['api: fix the thing', 'api: fix the thing better']);
  });
});
