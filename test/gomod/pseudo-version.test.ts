import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkMirror } from '../../src/git/network-mirror.js';
import { moduleVersionAt } from '../../src/go/module-version.js';
import { compareSemver, goVersion, parseSemver, pathMajor } from '../../src/manifest/pseudo-version.js';
import { GitWorld } from '../helpers/git.js';
import { offlineGoEnv, removeWithModuleCache } from '../helpers/vndr.js';

const SHA = '17963a0166d6e4d2b6f8d1a7c0e2f3a4b5c6d7e8';
// 2023-11-14T23:13:20Z
const facts = (modulePath: string, reachableTags: string[], tagsAtCommit: string[] = []) => ({
  modulePath,
  sha: SHA,
  committed: 1_700_003_600,
  tagsAtCommit,
  reachableTags,
});

describe('the version go gives a commit', () => {
  it.for([
    ['no tag reachable', facts('github.com/acme/lib', []), 'v0.0.0-20231114231320-17963a0166d6'],
    ['no tag, a /v2 module', facts('github.com/acme/lib/v2', []), 'v2.0.0-20231114231320-17963a0166d6'],
    ['after a release', facts('github.com/acme/lib', ['v1.0.0']), 'v1.0.1-0.20231114231320-17963a0166d6'],
    [
      'after a pre-release',
      facts('github.com/acme/lib', ['v1.0.0', 'v1.1.0-rc.1']),
      'v1.1.0-rc.1.0.20231114231320-17963a0166d6',
    ],
    [
      'the highest fitting tag, whatever their order',
      facts('github.com/acme/lib', ['v0.9.0', 'v1.2.0', 'v1.10.0', 'v2.0.0', 'v1.2', '1.3.0', 'v1.9.9+meta']),
      'v1.10.1-0.20231114231320-17963a0166d6',
    ],
    [
      'a /v2 module counts only v2 tags',
      facts('github.com/acme/lib/v2', ['v1.9.0', 'v2.1.0', 'v3.0.0']),
      'v2.1.1-0.20231114231320-17963a0166d6',
    ],
    [
      'gopkg.in/yaml.v3 is a v3 module',
      facts('gopkg.in/yaml.v3', ['v3.0.1', 'v2.4.0']),
      'v3.0.2-0.20231114231320-17963a0166d6',
    ],
    ['a tag on the commit itself', facts('github.com/acme/lib', ['v1.0.0', 'v1.1.0'], ['v1.1.0']), 'v1.1.0'],
    [
      'a module in a subdirectory counts only the tags of its directory',
      { ...facts('example.org/proj/sub', ['v3.0.0', 'sub/v1.2.3', 'other/v9.0.0', 'sub/v1.2']), subdirectory: 'sub' },
      'v1.2.4-0.20231114231320-17963a0166d6',
    ],
    [
      'a subdirectory tag on the commit is the version, without its directory',
      { ...facts('example.org/proj/sub', ['sub/v1.2.3'], ['v3.0.0', 'sub/v1.2.3']), subdirectory: 'sub' },
      'v1.2.3',
    ],
    [
      'a root module takes no subdirectory tag',
      facts('example.org/proj', ['sub/v1.2.3']),
      'v0.0.0-20231114231320-17963a0166d6',
    ],
  ] as const)('%s', ([, input, expected]) => {
    expect(goVersion(input)).toBe(expected);
  });

  it('orders versions by semver precedence', () => {
    const sorted = ['v1.0.0', 'v1.0.0-rc.10', 'v1.0.0-alpha', 'v1.0.0-rc.2', 'v1.0.0-beta', 'v0.9.9', 'v1.0.0-rc.1']
      .map((tag) => ({ tag, v: parseSemver(tag)! }))
      .sort((a, b) => compareSemver(a.v, b.v))
      .map((t) => t.tag);
    expect(sorted).toEqual([
      'v0.9.9',
      'v1.0.0-alpha',
      'v1.0.0-beta',
      'v1.0.0-rc.1',
      'v1.0.0-rc.2',
      'v1.0.0-rc.10',
      'v1.0.0',
    ]);
    expect(parseSemver('v1.0.0-01')).toBeUndefined();
    expect(pathMajor('github.com/moby/swarmkit/v2')).toBe(2);
    expect(pathMajor('github.com/docker/docker')).toBe(1);
  });
});

// The same commits handed to the go command: `go mod edit -replace PATH=FORK@SHA`, then `go mod tidy`, which
// fetches through git from local repositories (GOPROXY=direct, url.insteadOf) and writes the version.
describe('equal to what go mod tidy writes, for real repositories', () => {
  let root: string;
  let git: GitWorld;
  let goEnv: NodeJS.ProcessEnv;
  const hosted = () => path.join(root, 'hosted');

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-pseudo-'));
    git = new GitWorld(root);
    git.config(`url.${hosted()}/.insteadOf`, 'https://github.com/');
    goEnv = { ...offlineGoEnv(git.env, root), XDG_CACHE_HOME: path.join(root, 'cache') };
  });
  afterAll(() => removeWithModuleCache(root));

  /** Upstream OWNER/NAME with `tags` on its one commit; a fork me/NAME with `forkTags` and one more commit. */
  function repositories(name: string, modulePath: string, tags: string[], forkTags: string[] = []) {
    const work = git.init(`up-${name}`, {
      'go.mod': `module ${modulePath}\n\ngo 1.20\n`,
      'lib.go': 'package lib\n\nfunc V() int { return 1 }\n',
    });
    for (const tag of tags) git.git(work, 'tag', tag);
    git.bare(work, path.join(hosted(), `acme/${name}.git`));
    for (const tag of forkTags) {
      git.commit(work, { [`${tag}.txt`]: tag }, `towards ${tag}`);
      git.git(work, 'tag', tag);
    }
    const sha = git.commit(work, { 'lib.go': 'package lib\n\nfunc V() int { return 2 }\n' }, 'fork: V is 2');
    const fork = path.join(hosted(), `me/${name}.git`);
    git.git(root, 'init', '-q', '--bare', fork);
    git.git(work, 'push', '-q', fork, 'master', '--tags');
    return sha;
  }

  async function ours(name: string, modulePath: string, sha: string): Promise<string | undefined> {
    const mirror = NetworkMirror.of(`github.com/acme/${name}`, goEnv);
    const fork = { url: `https://github.com/me/${name}`, key: `github.com/me/${name}` };
    await mirror.fetch(fork);
    return moduleVersionAt(mirror, fork, sha, modulePath);
  }

  function theGoCommand(name: string, modulePath: string, sha: string): string {
    const app = path.join(root, `app-${name}`);
    mkdirSync(app, { recursive: true });
    const importPath = modulePath;
    writeFileSync(path.join(app, 'go.mod'), 'module example.com/app\n\ngo 1.20\n');
    writeFileSync(
      path.join(app, 'main.go'),
      `package main\n\nimport lib "${importPath}"\n\nfunc main() { println(lib.V()) }\n`,
    );
    const forkPath = modulePath.replace(`acme/${name}`, `me/${name}`);
    execFileSync('go', ['mod', 'edit', `-replace=${modulePath}=${forkPath}@${sha}`], {
      cwd: app,
      env: goEnv,
      stdio: 'pipe',
    });
    execFileSync('go', ['mod', 'tidy'], { cwd: app, env: goEnv, stdio: 'pipe' });
    const replaced = /^replace \S+ => \S+ (\S+)$/m.exec(readFileSync(path.join(app, 'go.mod'), 'utf8'));
    return replaced![1]!;
  }

  it.for([
    ['a v1 module after a release', 'lib', 'github.com/acme/lib', ['v1.0.0'], []],
    ['a v1 module after a pre-release of the fork', 'pre', 'github.com/acme/pre', ['v1.0.0'], ['v1.1.0-rc.1']],
    ['a v1 module with no tag at all', 'none', 'github.com/acme/none', [], []],
    ['a /v2 module, a v1 tag beside', 'lib2', 'github.com/acme/lib2/v2', ['v1.9.0', 'v2.0.0'], []],
  ] as const)('%s', async ([, name, modulePath, tags, forkTags]) => {
    const sha = repositories(name, modulePath, [...tags], [...forkTags]);
    const expected = theGoCommand(name, modulePath, sha);
    expect(expected).toMatch(/-[0-9a-f]{12}$/);
    expect(await ours(name, modulePath, sha)).toBe(expected);
  });

  it('a module in a subdirectory, versioned by its directory’s tags, a higher root tag beside', async () => {
    const modulePath = 'github.com/acme/mono/sub';
    const work = git.init('up-mono', {
      'go.mod': 'module github.com/acme/mono\n\ngo 1.20\n',
      'sub/go.mod': `module ${modulePath}\n\ngo 1.20\n`,
      'sub/lib.go': 'package lib\n\nfunc V() int { return 1 }\n',
    });
    git.git(work, 'tag', 'sub/v1.2.3');
    git.git(work, 'tag', 'v3.0.0');
    git.bare(work, path.join(hosted(), 'acme/mono.git'));
    const sha = git.commit(work, { 'sub/lib.go': 'package lib\n\nfunc V() int { return 2 }\n' }, 'fork: V is 2');
    git.git(root, 'init', '-q', '--bare', path.join(hosted(), 'me/mono.git'));
    git.git(work, 'push', '-q', path.join(hosted(), 'me/mono.git'), 'master', '--tags');
    const expected = theGoCommand('mono', modulePath, sha);
    expect(expected).toMatch(/^v1\.2\.4-0\.\d{14}-[0-9a-f]{12}$/);
    const mirror = NetworkMirror.of('github.com/acme/mono', goEnv);
    const fork = { url: 'https://github.com/me/mono', key: 'github.com/me/mono' };
    await mirror.fetch(fork);
    expect(await moduleVersionAt(mirror, fork, sha, modulePath, 'sub')).toBe(expected);
  });
});
