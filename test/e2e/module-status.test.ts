import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import { closedPort, runCli } from '../helpers/cli.js';
import { freshModuleWorld, type ModuleWorld } from '../helpers/module-world.js';

// status and check --online on module files: fork replacements judged as vendor.conf's fork entries are.
const fresh = (onTestFinished: TestContext['onTestFinished']) => freshModuleWorld(onTestFinished);
const cli = (world: ModuleWorld, dir: string, env: NodeJS.ProcessEnv, ...args: string[]) =>
  runCli(args, { cwd: dir, env });

interface Row {
  importPath: string;
  verdict: string;
  fork?: string;
  upstream?: string;
  aheadBy?: number;
  sha?: string;
  advice?: string;
  replaced?: { ref: string; dropped?: { count: number } };
  detail?: string;
}

describe.concurrent('status on a module project', { timeout: 60_000 }, () => {
  it('gives each fork replacement its verdict, REST and GraphQL alike', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    for (const [name, spec] of [
      ['lib', 'me/lib@old'],
      ['lib2', 'me/lib2@fix-untagged'],
    ] as const) {
      const set = await cli(world, world.mobyDir, world.env, 'set', name, spec, '--allow-drop');
      expect(set.code, set.stderr).toBe(0);
    }
    world.git.git(world.mobyDir, 'add', '-A');
    world.git.git(world.mobyDir, 'commit', '-q', '-m', 'forks');
    const rest = await cli(world, world.mobyDir, world.env, 'status', '--json');
    expect(rest.code, rest.stderr).toBe(0);
    const rows = JSON.parse(rest.stdout).rows as Row[];
    expect(rows.map((r) => [r.importPath, r.verdict, r.fork, r.upstream, r.aheadBy, r.sha])).toEqual([
      ['github.com/acme/lib', 'fork-ahead', 'me/lib', 'acme/lib', 1, world.sha.O],
      ['github.com/acme/lib2/v2', 'fork-ahead', 'me/lib2', 'acme/lib2', 1, world.sha.W2],
    ]);
    // lib came in behind the upstream version it replaced (v1.1.0, from vendor.mod's history): it lacks the merge.
    expect(rows[0]!.replaced).toMatchObject({ ref: 'v1.1.0', dropped: { count: 2 } });
    expect(rows[0]!.detail).toContain('behind the upstream pin it replaced (v1.1.0): lacks 2 commits of it');
    expect(rows[1]!.replaced).toEqual({ ref: 'v2.0.0' });

    const graphql = await cli(world, world.mobyDir, { ...world.env, GITHUB_TOKEN: 'token' }, 'status', '--json');
    expect(JSON.parse(graphql.stdout).rows).toEqual(rows);
  });

  it('says when a fork replacement is merged upstream, and how to go back', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    // The fork's master is upstream's U2: nothing of its own.
    expect((await cli(world, world.dir, world.env, 'set', 'lib', 'me/lib@master')).code).toBe(0);
    const result = await cli(world, world.dir, world.env, 'status');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`vendorfork reset lib ${world.sha.U2}`);
    const row = (JSON.parse((await cli(world, world.dir, world.env, 'status', '--json')).stdout).rows as Row[])[0]!;
    expect(row).toMatchObject({ verdict: 'merged-upstream', advice: `vendorfork reset lib ${world.sha.U2}` });
  });
});

describe.concurrent('check --online on a module file', { timeout: 60_000 }, () => {
  it('passes sound fork replacements, and names a pseudo-version that is not its commit’s, by column', async ({
    onTestFinished,
  }) => {
    const world = await fresh(onTestFinished);
    expect((await cli(world, world.dir, world.env, 'set', 'lib', 'me/lib@feature')).code).toBe(0);
    const sound = await cli(world, world.dir, world.env, 'check', '--online');
    expect(sound).toEqual({ code: 0, stdout: '✓ go.mod: no problems\n', stderr: '' });

    const modPath = path.join(world.dir, 'go.mod');
    const text = readFileSync(modPath, 'utf8');
    const written = /=> github\.com\/me\/lib (\S+)/.exec(text)![1]!;
    const wrongTime = written.replace(/\d{14}/, '20200101000000');
    writeFileSync(modPath, text.replace(written, wrongTime));
    const result = await cli(world, world.dir, world.env, 'check', '--online');
    expect(result.code).toBe(1);
    const column = text.split('\n')[11]!.indexOf(written) + 1;
    expect(result.stdout).toMatch(
      new RegExp(
        `^go\\.mod:12:${column}: error pseudo-version-mismatch go refuses github\\.com/me/lib@${wrongTime}: .*does not match version-control timestamp`,
      ),
    );
  });

  it('warns of a replace the module graph has no use for, which one file cannot tell', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const modPath = path.join(world.mobyDir, 'vendor.mod');
    writeFileSync(
      modPath,
      `${readFileSync(modPath, 'utf8')}\nreplace github.com/unused/thing => github.com/acme/lib v1.0.0\n\nreplace github.com/acme/rpc v1.0.0 => github.com/acme/rpc v1.0.0\n`,
    );
    const result = await cli(world, world.mobyDir, world.env, 'check', '--online');
    expect(result).toEqual({
      code: 0,
      stdout:
        'vendor.mod:12:9: warning replace-unused github.com/unused/thing is replaced, but nothing in the module graph requires it (go list -m all): the replace has no effect; remove it if it is a left-over\n' +
        'vendor.mod:14:9: warning replace-unused github.com/acme/rpc is replaced at v1.0.0, but the module graph selects v1.1.0: the replace has no effect\n' +
        'vendor.mod: 0 errors, 2 warnings\n',
      // Neither replacement's version was ever fetched: the module cache cannot answer, and the user is told.
      stderr:
        'note: 2 replacement versions not in the module cache (github.com/acme/lib@v1.0.0, github.com/acme/rpc@v1.0.0): asking direct for their .info and .mod, for up to 120 s\n',
    });
    // moby's layout: go ran with the stub go.mod, which is gone again.
    expect(existsSync(path.join(world.mobyDir, 'go.mod'))).toBe(false);
  });

  it('names a missing fork, and a version go cannot fetch, by line', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const modPath = path.join(world.dir, 'go.mod');
    writeFileSync(
      modPath,
      `${readFileSync(modPath, 'utf8')}\nreplace github.com/acme/lib2/v2 => github.com/ghost/lib2/v2 v2.0.1\n`,
    );
    const result = await cli(world, world.dir, world.env, 'check', '--online', '--json');
    const found = (JSON.parse(result.stdout).diagnostics as { line: number; code: string; message: string }[]).map(
      (d) => `${d.line} ${d.code} ${d.message}`,
    );
    expect(found[0]).toBe(
      '12 fork-missing ghost/lib2 does not exist on github.com, or is private: go cannot fetch the module',
    );
    expect(found[1]).toMatch(/^12 version-missing go refuses github\.com\/ghost\/lib2\/v2@v2\.0\.1: /);
    expect(result.code).toBe(1);
  });
});

describe.concurrent('a module project with GitHub API refused', { timeout: 60_000 }, () => {
  it('check --online checks the forks through git, and still runs go on the versions', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const modPath = path.join(world.dir, 'go.mod');
    writeFileSync(
      modPath,
      `${readFileSync(modPath, 'utf8')}\nreplace github.com/acme/lib2/v2 => github.com/ghost/lib2/v2 v2.0.1\n`,
    );
    const api = await closedPort();
    const result = await cli(world, world.dir, { ...world.env, GITHUB_API_URL: api }, 'check', '--online', '--json');
    expect(result.stderr).toBe('');
    const parsed = JSON.parse(result.stdout) as {
      diagnostics: { line: number; code: string; message: string }[];
      notes: string[];
    };
    const found = parsed.diagnostics.map((d) => `${d.line} ${d.code} ${d.message}`);
    expect(found[0]).toMatch(/^12 fork-missing git cannot fetch ghost\/lib2 \(.*\): go cannot fetch the module$/);
    expect(found[1]).toMatch(/^12 version-missing go refuses github\.com\/ghost\/lib2\/v2@v2\.0\.1: /);
    expect(parsed.notes).toEqual([
      `GitHub's API could not answer (cannot connect to ${new URL(api).host} (connection refused)): checked through git instead`,
    ]);
    expect(result.code).toBe(1);
  });

  it('status gives the fork replacement its verdict through git', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    const set = await cli(world, world.dir, world.env, 'set', 'lib', 'me/lib@old', '--allow-drop');
    expect(set.code, set.stderr).toBe(0);
    const api = await closedPort();
    const result = await cli(world, world.dir, { ...world.env, GITHUB_API_URL: api }, 'status', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { rows: Row[]; notes: string[] };
    expect(parsed.rows.map((r) => [r.importPath, r.verdict, r.fork, r.upstream, r.aheadBy, r.sha])).toEqual([
      ['github.com/acme/lib', 'fork-ahead', 'me/lib', 'acme/lib', 1, world.sha.O],
    ]);
    expect(parsed.notes).toEqual([
      `GitHub's API could not answer (cannot connect to ${new URL(api).host} (connection refused)): found through git instead`,
    ]);
  });
});

describe.concurrent('diff --online on a module file', { timeout: 60_000 }, () => {
  it('links each fork move, a /v2 one too, and judges what it drops', async ({ onTestFinished }) => {
    const world = await fresh(onTestFinished);
    for (const [name, spec] of [
      ['lib', 'me/lib@old'],
      ['lib2', 'me/lib2@fix-untagged'],
    ] as const)
      expect((await cli(world, world.dir, world.env, 'set', name, spec, '--allow-drop')).code).toBe(0);
    const result = await cli(world, world.dir, world.env, 'diff', '--online', '--json');
    expect(result.code, result.stderr).toBe(0);
    const changes = JSON.parse(result.stdout).changes as {
      importPath: string;
      kind: string;
      online?: { compareUrl: string; commits?: number };
      move?: { dropped?: { count: number } };
    }[];
    expect(
      changes.map((c) => [c.importPath, c.kind, c.online?.compareUrl, c.online?.commits, c.move?.dropped?.count]),
    ).toEqual([
      [
        'github.com/acme/lib',
        'forked',
        `https://github.com/acme/lib/compare/v1.1.0...me:${world.sha.O.slice(0, 12)}`,
        1,
        2,
      ],
      [
        'github.com/acme/lib2/v2',
        'forked',
        `https://github.com/acme/lib2/compare/v2.0.0...me:${world.sha.W2.slice(0, 12)}`,
        1,
        undefined,
      ],
    ]);
    const markdown = await cli(world, world.dir, world.env, 'diff', '--online', '--format', 'markdown');
    expect(markdown.stdout).toContain(
      `- \`github.com/acme/lib\`: lib at ${world.sha.O.slice(0, 7)} was built with github.com/acme/rpc v1.0.0 (v1.1.0 at ${world.sha.U2.slice(0, 7)}); your go.mod pins v1.1.0`,
    );
  });
});
