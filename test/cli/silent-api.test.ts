import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostedRepository } from '../github/fake-github.js';
import { GitHubClient } from '../../src/github/client.js';
import { NetworkMirror } from '../../src/git/network-mirror.js';
import { closedPort, runCli } from '../helpers/cli.js';
import type { GitWorld } from '../helpers/git.js';
import { swarmkitWorld, type SwarmkitWorld } from '../helpers/world.js';

// A project with five forks, and GitHub's API silent (accepts, never answers), refused, or on a port fetch
// will not use, met with vendorfork's own defaults: no VENDORFORK_TIMEOUT, no retry tuning. The API costs a
// command one timeout of 20 s at most, whatever the number of forks; git's copy of the network answers
// instead, reached through https://github.com/ → the world's local repositories. The silent tests wait those
// 20 s on purpose, and their timeouts leave three times that.
const FORKS = 5;
let world: SwarmkitWorld;
let root: string;
let dir: string;
const upstreamSha: string[] = [];
const forkSha: string[] = [];

function fiveForks(git: GitWorld, reposDir: string): HostedRepository[] {
  const hosted: HostedRepository[] = [];
  for (let n = 1; n <= FORKS; n++) {
    const up = git.init(`acme-dep${n}`, { 'dep.go': `package dep${n}\n` });
    upstreamSha.push(git.rev(up, 'HEAD'));
    const upstreamBare = git.bare(up, path.join(reposDir, `acme/dep${n}.git`));
    const work = path.join(git.root, 'work', `me-dep${n}`);
    git.git(git.root, 'clone', '-q', upstreamBare, work);
    git.git(work, 'checkout', '-q', '-b', 'fix');
    forkSha.push(git.commit(work, { 'fix.go': `package dep${n}\n\nfunc Fix() {}\n` }, `dep${n}: fix`));
    const forkBare = path.join(reposDir, `me/dep${n}.git`);
    git.git(git.root, 'init', '-q', '--bare', forkBare);
    git.git(work, 'push', '-q', forkBare, 'master', 'fix');
    hosted.push(
      { fullName: `acme/dep${n}`, gitDir: upstreamBare },
      { fullName: `me/dep${n}`, gitDir: forkBare, parent: `acme/dep${n}` },
    );
  }
  return hosted;
}

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-silent-'));
  world = await swarmkitWorld(root, { extra: fiveForks });
  await world.github.close();
  world.git.config('--add', `url.${world.reposDir}/.insteadOf`, 'https://github.com/');
  // Committed with upstream pins; the working tree moves all five to their forks (for diff), as status reads it.
  dir = path.join(root, 'project');
  world.git.git(root, 'init', '-q', dir);
  const lines = (fork: boolean) =>
    upstreamSha
      .map((sha, i) =>
        fork
          ? `github.com/acme/dep${i + 1} ${forkSha[i]} https://github.com/me/dep${i + 1}\n`
          : `github.com/acme/dep${i + 1} ${sha}\n`,
      )
      .join('');
  writeFileSync(path.join(dir, 'vendor.conf'), lines(false));
  world.git.git(dir, 'add', 'vendor.conf');
  world.git.git(dir, 'commit', '-q', '-m', 'upstream pins');
  writeFileSync(path.join(dir, 'vendor.conf'), lines(true));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A server that takes every connection and never answers, and the requests it got. */
async function silentApi() {
  const requests: IncomingMessage[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request) => requests.push(request));
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  };
  return { host, requests, close };
}

/** The CLI against an API at `apiUrl`, with a cache of its own, timed. */
async function run(args: string[], apiUrl: string) {
  const cache = mkdtempSync(path.join(root, 'cache-'));
  const started = Date.now();
  const result = await runCli(args, {
    cwd: dir,
    env: { ...world.git.env, GITHUB_API_URL: apiUrl, XDG_CACHE_HOME: cache },
  });
  return { ...result, ms: Date.now() - started };
}

/** status's rows for the five forks, found through git: one commit ahead, none behind, on branch fix. */
function expectForkRows(stdout: string) {
  for (let n = 1; n <= FORKS; n++)
    expect(stdout).toContain(
      `vendor.conf:${n}: github.com/acme/dep${n} me/dep${n} ${forkSha[n - 1]!.slice(0, 12)} +1 -0 yes fork ahead\n`,
    );
}

describe('a silent GitHub API, five forks, the real defaults', () => {
  it('status ends within 30 s, through git, after one request', { timeout: 60_000 }, async () => {
    const api = await silentApi();
    try {
      const result = await run(['status'], `http://${api.host}`);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expectForkRows(result.stdout);
      expect(result.stdout).toContain(
        `note: GitHub's API could not answer (${api.host} did not answer within 20 s): found through git instead\n`,
      );
      expect(result.ms).toBeGreaterThanOrEqual(19_500);
      expect(result.ms).toBeLessThan(30_000);
      expect(api.requests).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it('diff --online ends within 30 s, after one request', { timeout: 60_000 }, async () => {
    const api = await silentApi();
    try {
      const result = await run(['diff', '--online', '--json'], `http://${api.host}`);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      const changes = (JSON.parse(result.stdout) as { changes: { online?: { unavailable?: string } }[] }).changes;
      expect(changes).toHaveLength(FORKS);
      for (const change of changes)
        expect(change.online?.unavailable).toBe(
          `${api.host} did not answer within 20 s: check your connection, or use --offline`,
        );
      expect(result.ms).toBeLessThan(30_000);
      expect(api.requests).toHaveLength(1);
    } finally {
      await api.close();
    }
  });

  it('check --online ends within 30 s, its checks made through git', { timeout: 60_000 }, async () => {
    const api = await silentApi();
    try {
      const result = await run(['check', '--online'], `http://${api.host}`);
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(
        `✓ vendor.conf: no problems\nnote: GitHub's API could not answer (${api.host} did not answer within 20 s): checked through git instead\n`,
      );
      expect(result.code).toBe(0);
      expect(result.ms).toBeLessThan(30_000);
      expect(api.requests).toHaveLength(1);
    } finally {
      await api.close();
    }
  });
});

// One at a time, as the silent tests above: each runs some fifty git commands, and the silent ones are timed.
describe('an API that cannot be reached at all: the command goes on through git', () => {
  it('a refused connection: no retry, said as refused, status through git', async () => {
    const apiUrl = await closedPort();
    const result = await run(['status'], apiUrl);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expectForkRows(result.stdout);
    expect(result.stdout).toContain(
      `note: GitHub's API could not answer (cannot connect to ${new URL(apiUrl).host} (connection refused)): found through git instead\n`,
    );
  });

  it.for(['1', '9', '6000'])('port %s, which fetch will not use: said for what it is, at once', async (port) => {
    const result = await run(['status'], `http://127.0.0.1:${port}`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expectForkRows(result.stdout);
    expect(result.stdout).toContain(
      `note: GitHub's API could not answer (cannot use 127.0.0.1:${port}: its port is one that fetch refuses to connect to (a "bad port" of the WHATWG fetch standard, such as 1, 9 or 6000)): found through git instead\n`,
    );
  });

  it('check --online on a refused API: the forks checked through git, a missing ref still found', async () => {
    const apiUrl = await closedPort();
    const sub = mkdtempSync(path.join(root, 'check-'));
    writeFileSync(
      path.join(sub, 'vendor.conf'),
      `github.com/acme/dep1 ${forkSha[0]} https://github.com/me/dep1\ngithub.com/acme/dep2 nosuchbranch https://github.com/me/dep2\n`,
    );
    const cache = mkdtempSync(path.join(root, 'cache-'));
    const result = await runCli(['check', '--online'], {
      cwd: sub,
      env: { ...world.git.env, GITHUB_API_URL: apiUrl, XDG_CACHE_HOME: cache },
    });
    expect(result.stdout).toBe(
      `vendor.conf:2:22: error ref-missing me/dep2 has no commit, tag or branch nosuchbranch: vndr will fail to check it out\nvendor.conf: 1 error, 0 warnings\nnote: GitHub's API could not answer (cannot connect to ${new URL(apiUrl).host} (connection refused)): checked through git instead\n`,
    );
    expect(result.code).toBe(1);
  });

  it('check --online through git reads a git:// fork URL as its https form, and checks the other lines', async () => {
    // moby's vendor.conf had a git://github.com/... fork until 2021; refusing it stopped the whole online check.
    const apiUrl = await closedPort();
    const sub = mkdtempSync(path.join(root, 'check-'));
    writeFileSync(
      path.join(sub, 'vendor.conf'),
      `github.com/acme/dep1 ${forkSha[0]} git://github.com/me/dep1.git\ngithub.com/acme/dep2 nosuchbranch https://github.com/me/dep2\n`,
    );
    const cache = mkdtempSync(path.join(root, 'cache-'));
    const result = await runCli(['check', '--online'], {
      cwd: sub,
      env: { ...world.git.env, GITHUB_API_URL: apiUrl, XDG_CACHE_HOME: cache },
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      `vendor.conf:1:63: warning git-protocol-url git://github.com/me/dep1.git uses git://, which GitHub no longer serves and current vndr rejects: use https://\nvendor.conf:2:22: error ref-missing me/dep2 has no commit, tag or branch nosuchbranch: vndr will fail to check it out\nvendor.conf: 1 error, 1 warning\nnote: GitHub's API could not answer (cannot connect to ${new URL(apiUrl).host} (connection refused)): checked through git instead\n`,
    );
    expect(result.code).toBe(1);
  });
});

// The client itself, with its defaults (20 s a try, 2 retries of 1 s and 4 s): how many requests five
// repositories cost, and how long, when the host cannot be reached. Measured here, away from git's share
// of a command, so that the bound can be tight.
describe.concurrent('the client gives a host up once per command', () => {
  const ask = async (apiUrl: string) => {
    const client = new GitHubClient({ apiUrl, webHost: 'github.com' });
    const started = Date.now();
    const errors: string[] = [];
    for (let n = 1; n <= FORKS; n++)
      await client.repository({ host: 'github.com', owner: 'me', repo: `dep${n}` }).then(
        () => errors.push('answered'),
        (error: Error) => errors.push(error.message),
      );
    return { errors, requests: client.requestCount, ms: Date.now() - started };
  };

  it('refused: one try, no retry, each request after it fails at once', async () => {
    const apiUrl = await closedPort();
    const { errors, requests, ms } = await ask(apiUrl);
    expect(errors).toEqual(
      Array(FORKS).fill(
        `cannot connect to ${new URL(apiUrl).host} (connection refused): check --github-url or GITHUB_API_URL`,
      ),
    );
    expect(requests).toBe(1);
    // Retried, it would wait 1 s and then 4 s.
    expect(ms).toBeLessThan(3_000);
  });

  it.for(['1', '9', '6000'])('port %s: a bad port, said so after one try', async (port) => {
    const { errors, requests, ms } = await ask(`http://127.0.0.1:${port}`);
    expect(errors).toEqual(
      Array(FORKS).fill(
        `cannot use 127.0.0.1:${port}: its port is one that fetch refuses to connect to (a "bad port" of the WHATWG fetch standard, such as 1, 9 or 6000): give --github-url or GITHUB_API_URL another port`,
      ),
    );
    // Not 3 tries and 5 s of back-off, as for a dropped connection.
    expect(requests).toBe(1);
    expect(ms).toBeLessThan(3_000);
  });

  it('silent: the requests in flight and those after end with the first timeout', { timeout: 60_000 }, async () => {
    const api = await silentApi();
    try {
      const client = new GitHubClient({ apiUrl: `http://${api.host}`, webHost: 'github.com' });
      const started = Date.now();
      // Two at once, as status and diff can have, then three more.
      const first = await Promise.allSettled(
        [1, 2].map((n) => client.repository({ host: 'github.com', owner: 'me', repo: `dep${n}` })),
      );
      const rest = await Promise.allSettled(
        [3, 4, 5].map((n) => client.repository({ host: 'github.com', owner: 'me', repo: `dep${n}` })),
      );
      const ms = Date.now() - started;
      for (const outcome of [...first, ...rest]) {
        expect(outcome.status).toBe('rejected');
        expect(((outcome as PromiseRejectedResult).reason as Error).message).toBe(
          `${api.host} did not answer within 20 s: check your connection, or use --offline`,
        );
      }
      expect(api.requests).toHaveLength(2);
      expect(ms).toBeGreaterThanOrEqual(19_500);
      expect(ms).toBeLessThan(22_000);
    } finally {
      await api.close();
    }
  });
});

// git's side of the fallback: a git host that accepts and never answers is given up on too.
describe('git in the network copy, facing a silent host', () => {
  it('gives up after 20 s of silence, and says the host could not be reached', { timeout: 60_000 }, async () => {
    const api = await silentApi();
    try {
      const cache = mkdtempSync(path.join(root, 'cache-'));
      const mirror = NetworkMirror.of('github.com/acme/silent', { ...world.git.env, XDG_CACHE_HOME: cache });
      const started = Date.now();
      const error = await mirror
        .fetch({ url: `http://${api.host}/acme/silent.git`, key: 'github.com/acme/silent' })
        .then(
          () => undefined,
          (e: Error) => e,
        );
      const ms = Date.now() - started;
      expect(error?.message).toMatch(
        /^could not reach 127\.0\.0\.1 \(Operation too slow\. Less than 1 bytes\/sec transferred the last 20 seconds\)$/,
      );
      expect(ms).toBeGreaterThanOrEqual(19_500);
      expect(ms).toBeLessThan(30_000);
    } finally {
      await api.close();
    }
  });
});
