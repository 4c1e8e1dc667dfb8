import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { swarmkitWorld, type SwarmkitWorld } from '../helpers/world.js';
import { testClient } from '../helpers/github-client.js';

let world: SwarmkitWorld;
let root: string;
let host: string;
const upstream = { host: 'github.com', owner: 'moby', repo: 'swarmkit' };

beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'vendorfork-faults-'));
  world = await swarmkitWorld(root, { limits: { anonymous: 10_000, authenticated: 10_000 } });
  host = new URL(world.github.baseUrl).host;
});
afterEach(() => world.github.resetRateLimit());
afterAll(async () => {
  await world?.github.close();
  rmSync(root, { recursive: true, force: true });
});

/** A port nothing listens on: one the system just handed out and took back. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function resetClock(epochSeconds: number): string {
  const at = new Date(epochSeconds * 1000);
  return `at ${at.toISOString().slice(11, 16)} UTC (in ${Math.ceil((at.getTime() - Date.now()) / 60_000)} min)`;
}

describe('injected faults, each with its one line', () => {
  it('an exhausted rate limit without a token: the reset time and how a token helps', async () => {
    world.github.exhaustRateLimit(1800);
    const client = testClient(world.github);
    await expect(client.repository(upstream)).rejects.toThrow(
      `${host}: API rate limit exhausted; it resets ${resetClock(world.github.resetTime)}. Set GITHUB_TOKEN or GH_TOKEN to raise the limit from 60 to 5,000 requests an hour, or use --offline`,
    );
    expect(client.requestCount).toBe(1);
  });

  it('an exhausted rate limit with a token', async () => {
    world.github.exhaustRateLimit(1800);
    await expect(testClient(world.github, { token: 'ghp_faketoken' }).repository(upstream)).rejects.toThrow(
      `${host}: API rate limit exhausted; it resets ${resetClock(world.github.resetTime)}. The token allows 5,000 requests an hour, or use --offline`,
    );
  });

  it('a rate limit that resets within seconds is waited for', async () => {
    world.github.inject({
      kind: 'status',
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000)) },
      body: { message: 'API rate limit exceeded' },
    });
    const client = testClient(world.github);
    expect(await client.repository(upstream)).toMatchObject({ fullName: 'moby/swarmkit' });
    expect(client.requestCount).toBe(2);
  });

  it('429 with retry-after is retried', async () => {
    world.github.inject({
      kind: 'status',
      status: 429,
      headers: { 'retry-after': '1' },
      body: { message: 'Too many requests' },
    });
    const client = testClient(world.github);
    expect(await client.repository(upstream)).toMatchObject({ fullName: 'moby/swarmkit' });
    expect(client.requestCount).toBe(2);
  });

  it('a secondary rate limit with a short retry-after is retried, a long one is reported', async () => {
    const secondary = {
      kind: 'status' as const,
      status: 403,
      body: { message: 'You have exceeded a secondary rate limit.' },
    };
    world.github.inject({ ...secondary, headers: { 'retry-after': '1' } });
    expect(await testClient(world.github).repository(upstream)).toMatchObject({ fullName: 'moby/swarmkit' });
    world.github.inject({ ...secondary, headers: { 'retry-after': '60' } });
    await expect(testClient(world.github).repository(upstream)).rejects.toThrow(
      `${host} is throttling requests (403, retry after 60 s): wait a minute and run again`,
    );
  });

  it('500 on every try', async () => {
    world.github.inject({ kind: 'status', status: 500, body: { message: 'boom' } }, { times: 3 });
    const client = testClient(world.github);
    await expect(client.repository(upstream)).rejects.toThrow(
      `${host} answered 500 Internal Server Error after 3 tries: GitHub may be having trouble; try again later`,
    );
    expect(client.requestCount).toBe(3);
  });

  it('a 502 once is retried', async () => {
    world.github.inject({ kind: 'status', status: 502, body: { message: 'Bad Gateway' } });
    const client = testClient(world.github);
    expect(await client.repository(upstream)).toMatchObject({ fullName: 'moby/swarmkit' });
    expect(client.requestCount).toBe(2);
  });

  it('502 on every try', async () => {
    world.github.inject({ kind: 'status', status: 502, body: { message: 'Bad Gateway' } }, { times: 3 });
    await expect(testClient(world.github).repository(upstream)).rejects.toThrow(
      `${host} answered 502 Bad Gateway after 3 tries: GitHub may be having trouble; try again later`,
    );
  });

  it('a server slower than the timeout is given one try: a second would wait as long', async () => {
    world.github.inject({ kind: 'slow', ms: 1500 });
    const client = testClient(world.github, { timeoutMs: 300 });
    await expect(client.repository(upstream)).rejects.toThrow(
      `${host} did not answer within 300 ms: check your connection, or use --offline`,
    );
    expect(client.requestCount).toBe(1);
  });

  it('retries end within the budget: a try that would end past it is cut short', async () => {
    // A fast 502, then a silent server: the second try gets what is left of the budget, not the whole timeout.
    world.github.inject({ kind: 'status', status: 502, body: { message: 'Bad Gateway' } });
    world.github.inject({ kind: 'slow', ms: 3000 });
    const client = testClient(world.github, { timeoutMs: 2000, budgetMs: 600 });
    const started = Date.now();
    await expect(client.repository(upstream)).rejects.toThrow(
      new RegExp(`^${host} did not answer within \\d+ ms after 2 tries: check your connection, or use --offline$`),
    );
    expect(Date.now() - started).toBeLessThan(1500);
    expect(client.requestCount).toBe(2);
  });

  it('a truncated body', async () => {
    world.github.inject({ kind: 'truncate' });
    await expect(testClient(world.github).repository(upstream)).rejects.toThrow(
      `${host} sent a response that is not valid JSON (cut off?): try again`,
    );
  });

  it('a dropped connection on every try', async () => {
    world.github.inject({ kind: 'drop' }, { times: 3 });
    const client = testClient(world.github);
    await expect(client.repository(upstream)).rejects.toThrow(
      `lost the connection to ${host} before it answered after 3 tries: try again`,
    );
    expect(client.requestCount).toBe(3);
  });

  it('a dropped connection once is retried', async () => {
    world.github.inject({ kind: 'drop' });
    expect(await testClient(world.github).repository(upstream)).toMatchObject({ fullName: 'moby/swarmkit' });
  });

  it('a bad token', async () => {
    const strict = await swarmkitWorld(path.join(root, 'strict'), { token: 'ghp_right' });
    try {
      await expect(testClient(strict.github, { token: 'ghp_wrong' }).repository(upstream)).rejects.toThrow(
        `${new URL(strict.github.baseUrl).host} rejected the token (401 Bad credentials): check GITHUB_TOKEN or GH_TOKEN`,
      );
    } finally {
      await strict.github.close();
    }
  });

  it('nothing listening', async () => {
    const port = await freePort();
    const closed = testClient(world.github, { apiUrl: `http://127.0.0.1:${port}` });
    await expect(closed.repository(upstream)).rejects.toThrow(
      `cannot connect to 127.0.0.1:${port} (connection refused): check --github-url or GITHUB_API_URL`,
    );
    // The same question would get the same answer: one try.
    expect(closed.requestCount).toBe(1);
  });
});
