import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModFile } from '../../src/formats/gomod/core/mod-file.js';
import { vendorDisagreements } from '../../src/formats/gomod/core/modules-txt.js';
import { GitWorld } from '../helpers/git.js';
import { offlineGoEnv, removeWithModuleCache } from '../helpers/vndr.js';

// A module project vendored by the real go (offline: GOPROXY=direct, local repositories through url.insteadOf),
// then its go.mod changed in the ways a hand edit does. The oracle is the go command itself: `go list
// -mod=vendor` refuses with "inconsistent vendoring" exactly when vendorfork must report a disagreement.
describe('go.mod against vendor/modules.txt, as go checks them', () => {
  let root: string;
  let app: string;
  let goMod: string;
  let env: NodeJS.ProcessEnv;
  let forkSha: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-modtxt-'));
    const git = new GitWorld(root);
    const hosted = path.join(root, 'hosted');
    git.config(`url.${hosted}/.insteadOf`, 'https://github.com/');
    const module = (name: string, tags: string[]) => {
      const work = git.init(`up-${name}`, {
        'go.mod': `module github.com/acme/${name}\n\ngo 1.20\n`,
        [`${name}.go`]: `package ${name}\n\nfunc V() int { return 1 }\n`,
      });
      for (const tag of tags) git.git(work, 'tag', tag);
      git.bare(work, path.join(hosted, `acme/${name}.git`));
      return work;
    };
    const lib = module('lib', ['v1.0.0']);
    const util = module('util', ['v1.0.0']);
    git.commit(util, { 'util.go': 'package util\n\nfunc V() int { return 2 }\n' }, 'util 1.1');
    git.git(util, 'tag', 'v1.1.0');
    git.git(util, 'push', '-q', path.join(hosted, 'acme/util.git'), 'master', '--tags');
    forkSha = git.commit(lib, { 'lib.go': 'package lib\n\nfunc V() int { return 3 }\n' }, 'fork');
    const fork = path.join(hosted, 'me/lib.git');
    git.git(root, 'init', '-q', '--bare', fork);
    git.git(lib, 'push', '-q', fork, 'master', '--tags');

    env = offlineGoEnv(git.env, root);
    app = path.join(root, 'app');
    mkdirSync(app);
    writeFileSync(path.join(app, 'go.mod'), 'module example.com/app\n\ngo 1.20\n');
    writeFileSync(
      path.join(app, 'main.go'),
      'package main\n\nimport (\n\t"github.com/acme/lib"\n\t"github.com/acme/util"\n)\n\nfunc main() { println(lib.V() + util.V()) }\n',
    );
    const go = (...args: string[]) => execFileSync('go', args, { cwd: app, env, stdio: 'pipe' });
    go('get', 'github.com/acme/util@v1.0.0', 'github.com/acme/lib@v1.0.0');
    go('mod', 'edit', `-replace=github.com/acme/lib=github.com/me/lib@${forkSha}`);
    go('mod', 'tidy');
    go('mod', 'vendor');
    goMod = readFileSync(path.join(app, 'go.mod'), 'utf8');
  });
  afterAll(() => removeWithModuleCache(root));

  /** Whether go refuses the vendored tree with this go.mod, and what vendorfork says of it. */
  function both(text: string): { goRefuses: boolean; ours: string[] } {
    writeFileSync(path.join(app, 'go.mod'), text);
    const listed = spawnSync('go', ['list', '-mod=vendor', './...'], {
      cwd: app,
      env: { ...env, GOFLAGS: '' },
      encoding: 'utf8',
    });
    const goRefuses = /inconsistent vendoring/.test(listed.stderr);
    expect(goRefuses || listed.status === 0, listed.stderr).toBe(true);
    const modulesTxt = readFileSync(path.join(app, 'vendor/modules.txt'), 'utf8');
    return { goRefuses, ours: vendorDisagreements(parseModFile(text), modulesTxt, 'go.mod').map((d) => d.message) };
  }

  const edit = (text: string, from: RegExp, to: string) => {
    const edited = text.replace(from, to);
    expect(edited).not.toBe(text);
    return edited;
  };

  it.for([
    ['as go mod vendor left it', (t: string) => t, 0],
    [
      'a requirement bumped by hand',
      (t: string) => edit(t, /github\.com\/acme\/util v1\.0\.0/, 'github.com/acme/util v1.1.0'),
      1,
    ],
    [
      'the fork moved to another pseudo-version',
      (t: string) => edit(t, /(=> github\.com\/me\/lib )\S+/, '$1v1.0.0'),
      1,
    ],
    ['the fork dropped', (t: string) => edit(t, /\nreplace .*\n/, '\n'), 1],
    ['a new requirement', (t: string) => edit(t, /require \(/, 'require (\n\tgithub.com/acme/extra v1.0.0'), 1],
    ['a requirement removed', (t: string) => edit(t, /\n\tgithub\.com\/acme\/util v1\.0\.0\n/, '\n'), 1],
  ] as const)('%s', ([, change, disagreements]) => {
    const { goRefuses, ours } = both(change(goMod));
    expect(ours, ours.join('\n')).toHaveLength(disagreements);
    expect(goRefuses).toBe(disagreements > 0);
    for (const line of ours) expect(line).toMatch(/: run go mod vendor, then git add -A vendor$/);
  });
});
