import path from 'node:path';
import { FakeGitHub } from '../github/fake-github.js';
import { GitWorld } from './git.js';
import { perFileFixture, vendoredGoProject, type GoLayout } from './go-project.js';
import type { HostedWorld } from './world.js';

/**
 * The hazard of issue 12, small: moby pinned swarmkit at a merge that bumped grpc, and a fork branched one
 * merge earlier, built against the old grpc. Here:
 *
 * - acme/rpc: v1.0.0 has `Old()`; v2.0.0 replaces it with `New()`.
 * - acme/lib, upstream: U1 calls rpc.Old() and its vendor.conf pins rpc v1.0.0; then "Merge pull request #7
 *   from acme/bump-rpc" (U2) brings "Bump rpc to v2": lib calls rpc.New(), its vendor.conf pins v2.0.0.
 * - me/lib, a fork: branched from U1, with one commit F that adds a feature and still calls rpc.Old(); and
 *   a branch `rebased` with the same feature on U2, written for rpc v2 (R).
 * - the project, github.com/example/app under $GOPATH/src: pins lib at U2 and rpc at v2.0.0, vendored by vndr;
 *   its package legacy imports lib and has never compiled (a type error of its own).
 *
 * Moving lib to the fork at F drops U2's two commits, changes lib's own rpc pin from v2.0.0 to v1.0.0, and
 * breaks the build: the vendored rpc v2 has no Old().
 */
export interface HazardWorld extends HostedWorld, GoLayout {
  sha: { U1: string; bump: string; U2: string; F: string; R: string; rpcV1: string; rpcV2: string };
}

export async function hazardWorld(root: string): Promise<HazardWorld> {
  const git = new GitWorld(root);
  const reposDir = path.join(root, 'hosted');
  const rpc = git.init('acme-rpc', { 'rpc.go': 'package rpc\n\n// Old is rpc v1 API.\nfunc Old() int { return 1 }\n' });
  git.git(rpc, 'tag', 'v1.0.0');
  const rpcV1 = git.rev(rpc, 'HEAD');
  const rpcV2 = git.commit(
    rpc,
    { 'rpc.go': 'package rpc\n\n// New replaces Old in v2.\nfunc New() int { return 2 }\n' },
    'rpc v2: New replaces Old',
  );
  git.git(rpc, 'tag', 'v2.0.0');
  git.bare(rpc, path.join(reposDir, 'acme/rpc.git'));

  const lib = git.init('acme-lib', {
    'lib.go': 'package lib\n\nimport "github.com/acme/rpc"\n\nfunc Call() int { return rpc.Old() }\n',
    'vendor.conf': 'github.com/acme/rpc v1.0.0\n',
  });
  const U1 = git.rev(lib, 'HEAD');
  git.git(lib, 'checkout', '-q', '-b', 'bump-rpc');
  const bump = git.commit(
    lib,
    {
      'lib.go': 'package lib\n\nimport "github.com/acme/rpc"\n\nfunc Call() int { return rpc.New() }\n',
      'vendor.conf': 'github.com/acme/rpc v2.0.0\n',
    },
    'Bump rpc to v2',
  );
  git.git(lib, 'checkout', '-q', 'master');
  git.git(lib, 'merge', '-q', '--no-ff', '-m', 'Merge pull request #7 from acme/bump-rpc', 'bump-rpc');
  const U2 = git.rev(lib, 'HEAD');
  const libBare = git.bare(lib, path.join(reposDir, 'acme/lib.git'));

  const forkWork = path.join(root, 'work', 'me-lib');
  git.git(root, 'clone', '-q', libBare, forkWork);
  git.git(forkWork, 'checkout', '-q', '-b', 'feature', U1);
  const F = git.commit(
    forkWork,
    { 'feature.go': 'package lib\n\nimport "github.com/acme/rpc"\n\nfunc Feature() int { return rpc.Old() + 1 }\n' },
    'lib: add Feature',
  );
  // The same feature, rebased onto U2 and written for rpc v2: the move the fork's author should make.
  git.git(forkWork, 'checkout', '-q', '-b', 'rebased', U2);
  const R = git.commit(
    forkWork,
    { 'feature.go': 'package lib\n\nimport "github.com/acme/rpc"\n\nfunc Feature() int { return rpc.New() + 1 }\n' },
    'lib: add Feature, on rpc v2',
  );
  const forkBare = path.join(reposDir, 'me/lib.git');
  git.git(root, 'init', '-q', '--bare', forkBare);
  git.git(forkWork, 'push', '-q', forkBare, `${U1}:refs/heads/master`, 'feature', 'rebased');
  git.config('--add', `url.${reposDir}/.insteadOf`, 'https://github.com/');

  const hosting = {
    repositories: [
      { fullName: 'acme/rpc', gitDir: path.join(reposDir, 'acme/rpc.git') },
      { fullName: 'acme/lib', gitDir: libBare },
      { fullName: 'me/lib', gitDir: forkBare, parent: 'acme/lib' },
    ],
    limits: { anonymous: 100_000, authenticated: 100_000 },
  };
  const github = await FakeGitHub.start({ ...hosting, workDir: path.join(root, 'fake-github'), env: git.env });

  const layout = vendoredGoProject(git, 'github.com/example/app', github.baseUrl, {
    'main.go': 'package main\n\nimport "github.com/acme/lib"\n\nfunc main() { println(lib.Call()) }\n',
    // A package that does not compile before any move (as moby's devmapper does without its cgo headers).
    'legacy/legacy.go':
      'package legacy\n\nimport "github.com/acme/lib"\n\nvar Answer int = lib.Call()\nvar broken int = "not an int"\n',
    'vendor.conf': `github.com/acme/lib ${U2}\ngithub.com/acme/rpc v2.0.0\n`,
  });
  return { git, github, reposDir, hosting, sha: { U1, bump, U2, F, R, rpcV1, rpcV2 }, ...layout };
}

/** A hazard world of its own for one test: built once per test file, copied for each test. */
export const freshHazard = perFileFixture('vendorfork-hazard-', hazardWorld);
