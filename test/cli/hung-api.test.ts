import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { swarmkitWorld } from '../helpers/world.js';

// A GitHub API that accepts the connection and never answers, met with vendorfork's own defaults (no
// VENDORFORK_TIMEOUT): one try of 20 s, no retry, then the pin is resolved through git, from the local
// repositories that https://github.com/ leads to here. This test waits those 20 s on purpose; its
// timeout leaves twice that.
describe('a GitHub API that never answers', () => {
  it('is given up on within 30 s, and git resolves the pin instead', { timeout: 60_000 }, async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-hung-'));
    const world = await swarmkitWorld(root);
    await world.github.close();
    world.git.config(
      `url.${path.join(world.reposDir, 'moby/swarmkit.git')}.insteadOf`,
      'https://github.com/docker/swarmkit',
    );
    world.git.config('--add', `url.${world.reposDir}/.insteadOf`, 'https://github.com/');
    const requests: IncomingMessage[] = [];
    const sockets = new Set<Socket>();
    const server = createServer((request) => requests.push(request));
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const dir = path.join(root, 'project');
      world.git.git(root, 'init', '-q', dir);
      writeFileSync(path.join(dir, 'vendor.conf'), `github.com/docker/swarmkit ${world.sha.C}\n`);
      const started = Date.now();
      const result = await runCli(['set', 'swarmkit', `cirocosta/swarmkit@${world.sha.F2.slice(0, 7)}`, '--no-vndr'], {
        cwd: dir,
        env: { ...world.git.env, GITHUB_API_URL: `http://${host}`, XDG_CACHE_HOME: path.join(root, 'cache') },
      });
      const elapsed = Date.now() - started;
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(
        `note: GitHub's API could not answer (${host} did not answer within 20 s): resolved through git instead\n`,
      );
      expect(readFileSync(path.join(dir, 'vendor.conf'), 'utf8')).toBe(
        `github.com/docker/swarmkit ${world.sha.F2} https://github.com/cirocosta/swarmkit\n`,
      );
      // The timeout ended the API's part, not something sooner; it was not tried again; all of it within 30 s.
      expect(elapsed).toBeGreaterThanOrEqual(19_500);
      expect(elapsed).toBeLessThan(30_000);
      expect(requests).toHaveLength(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      rmSync(root, { recursive: true, force: true });
    }
  });
});
