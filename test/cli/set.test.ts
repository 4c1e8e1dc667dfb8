import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { swarmkitWorld, type SwarmkitWorld } from '../helpers/world.js';

let world: SwarmkitWorld;
let root: string;
let project: string;
let env: NodeJS.ProcessEnv;
const TOKEN = 'ghp_VendorforkTestTokenThatMustNeverLeak1234';

const CONF = (w: SwarmkitWorld) =>
  [
    '# the daemon',
    `github.com/docker/docker          ${w.sha.A}`,
    `github.com/docker/swarmkit        ${w.sha.A}`,
    'github.com/gogo/protobuf          v1.3.0 # keep in step with swarmkit',
    '',
  ].join('\n');

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-set-'));
  world = await swarmkitWorld(root, { limits: { anonymous: 100_000, authenticated: 100_000 }, token: TOKEN });
  env = {
    GITHUB_API_URL: world.github.baseUrl,
    XDG_CACHE_HOME: path.join(root, 'cache'),
    VENDORFORK_RETRY_BASE_MS: '5',
    HOME: root,
  };
});
afterEach(() => {
  world.github.resetRateLimit();
  rmSync(path.join(root, 'cache'), { recursive: true, force: true });
});
afterAll(async () => {
  await world?.github.close();
  rmSync(root, { recursive: true, force: true });
});

function freshProject(text = CONF(world)): string {
  project = mkdtempSync(path.join(root, 'project-'));
  writeFileSync(path.join(project, 'vendor.conf'), text);
  return project;
}
const conf = () => readFileSync(path.join(project, 'vendor.conf'), 'utf8');

describe('vendorfork set', () => {
  it('resolves a short SHA on the fork and rewrites exactly that line', async () => {
    const cwd = freshProject();
    const result = await runCli(
      ['set', '--no-vndr', 'github.com/docker/swarmkit', `cirocosta/swarmkit@${world.sha.F2.slice(0, 7)}`],
      { cwd, env },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `✓ vendor.conf:3: github.com/docker/swarmkit ${world.sha.A.slice(0, 12)} → ${world.sha.F2.slice(0, 12)} via cirocosta/swarmkit, a fork of moby/swarmkit\n`,
    );
    expect(conf()).toBe(
      CONF(world).replace(
        `github.com/docker/swarmkit        ${world.sha.A}`,
        `github.com/docker/swarmkit        ${world.sha.F2} https://github.com/cirocosta/swarmkit`,
      ),
    );
  });

  it('writes a short SHA as typed with --keep-ref, and shows it as diff and status do', async () => {
    const cwd = freshProject();
    const typed = world.sha.F2.slice(0, 20);
    const result = await runCli(['set', '--no-vndr', '--keep-ref', 'swarmkit', `cirocosta/swarmkit@${typed}`], {
      cwd,
      env,
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `✓ vendor.conf:3: github.com/docker/swarmkit ${world.sha.A.slice(0, 12)} → ${typed.slice(0, 12)} via cirocosta/swarmkit, a fork of moby/swarmkit\n`,
    );
    expect(conf().split('\n')[2]).toBe(
      `github.com/docker/swarmkit        ${typed} https://github.com/cirocosta/swarmkit`,
    );
  });

  it('takes a short name, keeps the file mode, and prints a diff with --dry-run without writing', async () => {
    const cwd = freshProject();
    chmodSync(path.join(cwd, 'vendor.conf'), 0o640);
    const result = await runCli(
      ['set', '--no-vndr', 'swarmkit', `cirocosta/swarmkit@${world.sha.F2.slice(0, 7)}`, '--dry-run'],
      {
        cwd,
        env,
      },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `-github.com/docker/swarmkit        ${world.sha.A}\n+github.com/docker/swarmkit        ${world.sha.F2} https://github.com/cirocosta/swarmkit\n`,
    );
    expect(result.stdout).toContain('dry run: nothing written');
    expect(conf()).toBe(CONF(world));
    await runCli(['set', '--no-vndr', 'swarmkit', `cirocosta/swarmkit@${world.sha.F2.slice(0, 7)}`], { cwd, env });
    expect(statSync(path.join(cwd, 'vendor.conf')).mode & 0o777).toBe(0o640);
  });

  it('sets the inline comment reviewers ask for', async () => {
    const cwd = freshProject();
    await runCli(
      [
        'set',
        '--no-vndr',
        'swarmkit',
        `cirocosta/swarmkit@${world.sha.F2}`,
        '--comment',
        'https://github.com/moby/swarmkit/pull/2000',
      ],
      { cwd, env },
    );
    expect(conf().split('\n')[2]).toBe(
      `github.com/docker/swarmkit        ${world.sha.F2} https://github.com/cirocosta/swarmkit # https://github.com/moby/swarmkit/pull/2000`,
    );
  });

  it('returns data with --json', async () => {
    const cwd = freshProject();
    const result = await runCli(['set', '--no-vndr', 'swarmkit', '@v1.0.0', '--json'], { cwd, env });
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      importPath: 'github.com/docker/swarmkit',
      changed: true,
      dryRun: false,
      pin: { ref: 'v1.0.0', kind: 'tag', sha: world.sha.B, repositoryUrl: null },
    });
  });

  it('with --offline and a full SHA makes no request at all', async () => {
    const cwd = freshProject();
    const before = world.github.requests.length;
    const result = await runCli(['set', '--no-vndr', 'swarmkit', `cirocosta/swarmkit@${world.sha.F2}`, '--offline'], {
      cwd,
      env,
    });
    expect(result.code).toBe(0);
    expect(world.github.requests.length).toBe(before);
    expect(conf()).toContain(`${world.sha.F2} https://github.com/cirocosta/swarmkit`);
  });

  it('refuses to edit a file vndr would reject, pointing at the problem', async () => {
    const cwd = freshProject(CONF(world) + 'github.com/docker/docker v1.0.0\n');
    const result = await runCli(['set', '--no-vndr', 'swarmkit', '@v1.0.0'], { cwd, env });
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      'vendorfork: vendor.conf:5:1: duplicate-import-path: github.com/docker/docker is already listed on line 2; vndr rejects duplicates: keep one (fix this first; vendorfork check lists every problem)\n',
    );
  });

  it('names the candidates of an ambiguous name', async () => {
    const cwd = freshProject(CONF(world) + `github.com/other/protobuf ${world.sha.A}\n`);
    const result = await runCli(['set', '--no-vndr', 'protobuf', '@v1'], { cwd, env });
    expect(result.stderr).toBe(
      'vendorfork: protobuf is ambiguous: it could be github.com/gogo/protobuf, github.com/other/protobuf; write the import path\n',
    );
  });

  it.each([
    ['--upload-pack=touch /tmp/x'],
    ['-oProxyCommand=touch /tmp/x'],
    ['ext::sh -c touch% /tmp/x'],
    ['file:///etc'],
    ['cirocosta/swarmkit@--upload-pack=x'],
  ])('refuses the injection %j and touches nothing', async (spec) => {
    const cwd = freshProject();
    const before = world.github.requests.length;
    const result = await runCli(['set', '--no-vndr', 'swarmkit', '--', spec], { cwd, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/refused|not a valid git ref/);
    expect(world.github.requests.length).toBe(before);
    expect(conf()).toBe(CONF(world));
  });
});

describe('the token', () => {
  const failures: [string, (w: SwarmkitWorld) => void, string[]][] = [
    ['a missing fork', () => {}, ['set', 'swarmkit', 'nobody/swarmkit@v1']],
    ['an exhausted rate limit', (w) => w.github.exhaustRateLimit(), ['set', 'swarmkit', 'cirocosta/swarmkit@fix']],
    [
      'a server error',
      (w) => w.github.inject({ kind: 'status', status: 500 }, { times: 3 }),
      ['set', 'swarmkit', 'cirocosta/swarmkit@fix'],
    ],
    ['a cut-off answer', (w) => w.github.inject({ kind: 'truncate' }), ['set', 'swarmkit', 'cirocosta/swarmkit@fix']],
    [
      'a dropped connection',
      (w) => w.github.inject({ kind: 'drop' }, { times: 3 }),
      ['set', 'swarmkit', 'cirocosta/swarmkit@fix'],
    ],
    ['a missing ref', () => {}, ['set', 'swarmkit', 'cirocosta/swarmkit@nope']],
    ['an unreachable commit', (w) => void w, ['set', 'swarmkit', 'cirocosta/swarmkit@G']],
  ];

  it.each(failures)('never appears in the output of %s', async (_name, arrange, argv) => {
    const args = argv.map((a) => (a.endsWith('@G') ? a.replace('@G', `@${world.sha.G}`) : a));
    for (const tokenEnv of [{ GITHUB_TOKEN: TOKEN }, { GH_TOKEN: TOKEN }]) {
      for (const json of [[], ['--json']]) {
        const cwd = freshProject();
        world.github.resetRateLimit();
        // A warm cache would answer some requests with 304s, which a fault does not reach.
        rmSync(path.join(root, 'cache'), { recursive: true, force: true });
        arrange(world);
        const result = await runCli(['--no-vndr', ...args, ...json], { cwd, env: { ...env, ...tokenEnv } });
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(/^vendorfork: /);
        expect(result.stdout + result.stderr).not.toContain(TOKEN);
        expect(result.stdout + result.stderr).not.toContain(TOKEN.slice(4, 20));
      }
    }
    expect(readFileOr(path.join(root, 'cache', 'vendorfork', 'github.json'))).not.toContain(TOKEN);
  });

  it('is sent, and a wrong one is reported without being shown', async () => {
    const cwd = freshProject();
    const wrong = 'ghp_WrongTokenWrongTokenWrongToken000';
    const result = await runCli(['set', '--no-vndr', 'swarmkit', '@v1.0.0'], {
      cwd,
      env: { ...env, GITHUB_TOKEN: wrong },
    });
    expect(result.stderr).toBe(
      `vendorfork: ${new URL(world.github.baseUrl).host} rejected the token (401 Bad credentials): check GITHUB_TOKEN or GH_TOKEN\n`,
    );
    expect(result.stderr).not.toContain(wrong);
    const ok = await runCli(['set', '--no-vndr', 'swarmkit', '@v1.0.0'], { cwd, env: { ...env, GITHUB_TOKEN: TOKEN } });
    expect(ok.code).toBe(0);
    expect(world.github.requests.at(-1)!.authenticated).toBe(true);
  });
});

function readFileOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
