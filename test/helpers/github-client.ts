import { GitHubCache } from '../../src/github/cache.js';
import { GitHubClient, type ClientOptions } from '../../src/github/client.js';
import { Resolver, type ResolverOptions } from '../../src/resolve/resolver.js';
import type { FakeGitHub } from '../github/fake-github.js';

/** A client of the fake GitHub with short waits, so fault tests take milliseconds. */
export function testClient(github: FakeGitHub, options: Partial<ClientOptions> = {}): GitHubClient {
  return new GitHubClient({
    apiUrl: github.baseUrl,
    webHost: 'github.com',
    timeoutMs: 2000,
    retries: 2,
    retryBaseMs: 5,
    ...options,
  });
}

export function testResolver(
  github: FakeGitHub,
  options: Partial<ResolverOptions> & { client?: GitHubClient; cacheFile?: string } = {},
): Resolver {
  return new Resolver({
    client: options.client ?? testClient(github),
    cache: options.cache ?? new GitHubCache(options.cacheFile),
    offline: false,
    webHost: 'github.com',
    ...options,
  });
}
