import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { freshModuleWorld } from '../helpers/module-world.js';

// replace-unused without the network: go mod vendor lists a replace nothing uses at the end of
// vendor/modules.txt with no package under it. Real go mod vendor (through vendorfork sync), both layouts.
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe.concurrent('replace-unused from vendor/modules.txt', { timeout: 90_000 }, () => {
  for (const layout of ['go.mod', 'vendor.mod'] as const) {
    it(`is said by plain check, offline, from go's own listing (${layout})`, async ({ onTestFinished }) => {
      const world = await freshModuleWorld(onTestFinished);
      const dir = layout === 'go.mod' ? world.dir : world.mobyDir;
      const file = path.join(dir, layout);
      appendFileSync(
        file,
        '\nreplace github.com/acme/unused => github.com/acme/rpc v1.0.0\n\nreplace github.com/acme/rpc v1.0.0 => github.com/acme/rpc v1.1.0\n',
      );
      const synced = await runCli(['sync'], { cwd: dir, env: world.env });
      expect(synced.code, synced.stderr).toBe(0);
      const listing = readFileSync(path.join(dir, 'vendor/modules.txt'), 'utf8');
      // go's own record of the two: replacement lines with no module version and no package under them.
      expect(listing).toContain('# github.com/acme/unused => github.com/acme/rpc v1.0.0\n');
      expect(listing).toContain('# github.com/acme/rpc v1.0.0 => github.com/acme/rpc v1.1.0');
      const text = readFileSync(file, 'utf8');
      // No go on PATH and no proxy: the answer comes from the listing alone.
      const offline = { ...world.env, PATH: '/nonexistent', GOPROXY: 'off' };
      const checked = await runCli(['check', '--json'], { cwd: dir, env: offline });
      expect(checked.code, checked.stderr).toBe(0);
      expect(JSON.parse(checked.stdout).diagnostics).toEqual([
        {
          severity: 'warning',
          code: 'replace-unused',
          message:
            "github.com/acme/unused is replaced, but vendor/modules.txt has no module line for it, only the replace: no vendored package comes from it, so unless it pins a version for the module graph it has no effect; remove it if it is a left-over (check --online asks go's module graph)",
          line: lineOf(text, 'replace github.com/acme/unused'),
          column: 9,
        },
        {
          severity: 'warning',
          code: 'replace-unused',
          message:
            'github.com/acme/rpc is replaced at v1.0.0, but vendor/modules.txt vendors v1.1.0: the replace has no effect; move it to v1.1.0, or remove it',
          line: lineOf(text, 'replace github.com/acme/rpc v1.0.0'),
          column: 9,
        },
      ]);
      const text2 = await runCli(['check'], { cwd: dir, env: offline });
      expect(text2.stdout).toContain(
        `${layout}:${lineOf(text, 'replace github.com/acme/unused')}:9: warning replace-unused`,
      );
      expect((await runCli(['check', '--strict'], { cwd: dir, env: offline })).code).toBe(1);

      // Without vendor/, only go's module graph can tell, with --online.
      rmSync(path.join(dir, 'vendor'), { recursive: true });
      expect(JSON.parse((await runCli(['check', '--json'], { cwd: dir, env: offline })).stdout).diagnostics).toEqual(
        [],
      );
      if (layout === 'go.mod') {
        const online = await runCli(['check', '--online', '--json'], { cwd: dir, env: world.env });
        const codes = JSON.parse(online.stdout).diagnostics.map(
          (d: { code: string; line: number }) => `${d.line} ${d.code}`,
        );
        expect(codes).toEqual([
          `${lineOf(text, 'replace github.com/acme/unused')} replace-unused`,
          `${lineOf(text, 'replace github.com/acme/rpc v1.0.0')} replace-unused`,
        ]);
      }
    });
  }

  it('says nothing of the replaces a vendored build uses', async ({ onTestFinished }) => {
    const world = await freshModuleWorld(onTestFinished);
    expect((await runCli(['set', 'lib', 'me/lib@feature'], { cwd: world.dir, env: world.env })).code).toBe(0);
    const checked = await runCli(['check', '--json'], { cwd: world.dir, env: world.env });
    expect(JSON.parse(checked.stdout).diagnostics).toEqual([]);
  });
});
