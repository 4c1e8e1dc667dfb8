import { openGitHub, type GitHubSession } from '../github/session.js';
import type { GoGetFetcher } from './upstream.js';
import { Resolver } from './resolver.js';

export interface ResolverSessionOptions {
  env: NodeJS.ProcessEnv;
  offline?: boolean;
  githubUrl?: string;
  strict?: boolean;
  keepRef?: boolean;
  goGet?: GoGetFetcher;
  /**
   * A session the command already has open (left open here): one client per command, so a host it gave
   * up on is not waited for again.
   */
  session?: GitHubSession;
}

/** Runs `fn` with a resolver on a GitHub session whose cache is saved however `fn` ends. */
export async function withResolver<T>(
  options: ResolverSessionOptions,
  fn: (resolver: Resolver) => Promise<T>,
): Promise<T> {
  const own = options.session === undefined;
  const session =
    options.session ?? (await openGitHub({ env: options.env, offline: options.offline, githubUrl: options.githubUrl }));
  try {
    return await fn(
      new Resolver({
        ...(session.client && !options.offline ? { client: session.client } : {}),
        cache: session.cache,
        offline: options.offline ?? false,
        webHost: session.config.webHost,
        strict: options.strict,
        keepRef: options.keepRef,
        graphql: session.config.token !== undefined,
        goGet: options.goGet,
        env: options.env,
      }),
    );
  } finally {
    if (own) session.close();
  }
}
