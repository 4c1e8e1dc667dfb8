import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// A GitHub API that accepts the connection and never answers, met with vendorfork's own defaults (no
// VENDORFORK_TIMEOUT): one try of 20 s, no retry, one line naming the host, well within 30 s. This test
// waits those 20 s on purpose; its timeout leaves twice that.
describe('a GitHub API that never answers', () => {
  it('ends the command within 30 s, with one line naming the host', { timeout: 60_000 }, async () => {
    const requests: IncomingMessage[] = [];
    const sockets = new Set<Socket>();
    const server = createServer((request) => requests.push(request));
    server.on('connection', (socket) => sockets.add(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const dir = tempDir('vendorfork-hung-');
      writeFileSync(path.join(dir, 'vendor.conf'), `github.com/docker/swarmkit ${'a'.repeat(40)}\n`);
      const started = Date.now();
      const result = await runCli(['set', 'swarmkit', 'cirocosta/swarmkit@268f203', '--no-vndr'], {
        cwd: dir,
        env: { PATH: process.env.PATH, GITHUB_API_URL: `http://${host}`, XDG_CACHE_HOME: path.join(dir, 'cache') },
      });
      const elapsed = Date.now() - started;
      expect(result).toEqual({
        code: 2,
        stdout: '',
        stderr: `vendorfork: ${host} did not answer within 20 s: check your connection, or use --offline\n`,
      });
      // The timeout ended it, not something sooner; and it was not tried again.
      expect(elapsed).toBeGreaterThanOrEqual(19_500);
      expect(elapsed).toBeLessThan(30_000);
      expect(requests).toHaveLength(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
