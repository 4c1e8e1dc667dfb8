import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshModuleWorld, type ModuleWorld } from '../helpers/module-world.js';

// replace-shadows-require on the shape of Dependabot's CVE pull requests (kata-containers#11020): `require M`
// bumped while `replace M => fork V` stays, so go still builds the fork. Real go mod vendor, real git, both
// module layouts (go.mod, moby's vendor.mod).
const LIB = 'github.com/acme/lib';
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

async function cli(world: ModuleWorld, dir: string, ...argv: string[]) {
  return runCli(argv, { cwd: dir, env: world.env });
}

/** The base commit: lib required at v1.0.0 and replaced by the fork; then the bot's bump of the requirement. */
async function botBump(world: ModuleWorld, dir: string, modFile: string) {
  const file = path.join(dir, modFile);
  const edit = (from: string, to: string) => writeFileSync(file, readFileSync(file, 'utf8').replace(from, to));
  edit(`${LIB} v1.1.0`, `${LIB} v1.0.0`);
  const synced = await cli(world, dir, 'sync');
  expect(synced.code, synced.stderr).toBe(0);
  const set = await cli(world, dir, 'set', 'lib', 'me/lib@feature');
  expect(set.code, set.stderr).toBe(0);
  world.git.git(dir, 'add', '-A');
  world.git.git(dir, 'commit', '-q', '-m', 'Pin lib to the fork');
  edit(`${LIB} v1.0.0`, `${LIB} v1.1.0`);
  const text = readFileSync(file, 'utf8');
  const replace = text.split('\n').find((l) => l.startsWith(`replace ${LIB} =>`))!;
  const expected = `${modFile}:${lineOf(text, `${LIB} v1.1.0`)}: require ${LIB} moved v1.0.0 → v1.1.0, but ${modFile}:${lineOf(text, replace)}: ${replace} still decides it: the bump has no effect (go builds ${replace.split('=> ')[1]}); update the fork, or drop the replace`;
  return { expected, requireLine: lineOf(text, `${LIB} v1.1.0`) };
}

describe.concurrent('replace-shadows-require', { timeout: 90_000 }, () => {
  for (const layout of ['go.mod', 'vendor.mod'] as const) {
    it(`is said by sync, check --staged and diff on a bot's bump under a fork (${layout})`, async ({
      onTestFinished,
    }) => {
      const world = await freshModuleWorld(onTestFinished);
      const dir = layout === 'go.mod' ? world.dir : world.mobyDir;
      const { expected, requireLine } = await botBump(world, dir, layout);
      const modText = readFileSync(path.join(dir, layout), 'utf8');

      const dry = await cli(world, dir, 'sync', '--dry-run', '--json');
      expect(dry.code, dry.stderr).toBe(0);
      expect(JSON.parse(dry.stdout).warnings).toEqual([expected]);
      const strict = await cli(world, dir, 'sync', '--strict');
      expect(strict.code).toBe(2);
      expect(strict.stderr).toContain(
        `refused under --strict, nothing changed: 1 bump that a replace makes ineffective`,
      );
      expect(strict.stderr).toContain(expected);
      expect(readFileSync(path.join(dir, layout), 'utf8')).toBe(modText);

      const synced = await cli(world, dir, 'sync');
      expect(synced.code, synced.stderr).toBe(0);
      expect(synced.stderr + synced.stdout).toContain('the bump has no effect');
      // go agrees: vendor/modules.txt still records the fork for the bumped requirement.
      expect(readFileSync(path.join(dir, 'vendor/modules.txt'), 'utf8')).toMatch(
        new RegExp(`^# ${LIB} v1\\.1\\.0 => github\\.com/me/lib v`, 'm'),
      );
      world.git.git(dir, 'add', '-A');
      const staged = await cli(world, dir, 'check', '--staged', '--json');
      expect(staged.code, staged.stdout).toBe(0);
      expect(JSON.parse(staged.stdout).diagnostics).toEqual([
        { severity: 'warning', code: 'replace-shadows-require', message: expected, line: requireLine, column: 1 },
      ]);
      const stagedStrict = await cli(world, dir, 'check', '--staged', '--strict', '--json');
      expect(stagedStrict.code).toBe(1);
      expect(JSON.parse(stagedStrict.stdout).diagnostics[0]).toMatchObject({
        severity: 'error',
        code: 'replace-shadows-require',
      });

      world.git.git(dir, 'commit', '-q', '-m', `build(deps): bump ${LIB} from 1.0.0 to 1.1.0`);
      const markdown = await cli(world, dir, 'diff', 'HEAD~1', 'HEAD', '--format', 'markdown');
      expect(markdown.code, markdown.stderr).toBe(0);
      const row = markdown.stdout.split('\n').find((l) => l.startsWith(`| \`${LIB}\``));
      expect(row).toContain(`ref changed<br>⚠ **replace-shadows-require**: ${expected} |`);
      const json = JSON.parse((await cli(world, dir, 'diff', 'HEAD~1', 'HEAD', '--json')).stdout);
      expect(json.changes).toMatchObject([
        {
          kind: 'ref',
          importPath: LIB,
          warning: { code: 'replace-shadows-require', message: expected, line: requireLine },
        },
      ]);
      expect((await cli(world, dir, 'diff', 'HEAD~1', 'HEAD', '--strict')).code).toBe(1);
      // The fork's own move is no bump under a replace: the commit before says nothing.
      const before = await cli(world, dir, 'diff', 'HEAD~2', 'HEAD~1', '--json', '--strict');
      expect(before.code).toBe(0);
      expect(JSON.parse(before.stdout).changes.some((c: { warning?: unknown }) => c.warning)).toBe(false);
    });
  }
});
