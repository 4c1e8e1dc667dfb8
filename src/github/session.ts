import { UserError } from '../errors.js';
import { GitHubCache } from './cache.js';
import type { GitHubClient } from './client.js';
import { githubConfig, type GitHubConfig } from './config.js';

export interface NetworkOptions {
  env: NodeJS.ProcessEnv;
  offline?: boolean;
  githubUrl?: string;
}

export interface GitHubSession {
  config: GitHubConfig;
  cache: GitHubCache;
  /** Undefined offline: nothing may reach the network. */
  client?: GitHubClient;
  /** Saves what was learnt; call when the command ends, success or not. */
  close(): void;
}

/** Opens GitHub for a command: loads Octokit only when the command will use the network. */
export async function openGitHub(options: NetworkOptions): Promise<GitHubSession> {
  let config: GitHubConfig;
  try {
    config = githubConfig(options.env, { githubUrl: options.githubUrl });
  } catch {
    throw new UserError(
      `${options.githubUrl ?? options.env.GITHUB_API_URL} is not a URL: check --github-url or GITHUB_API_URL`,
    );
  }
  const cache = GitHubCache.forEnv(options.env);
  let client: GitHubClient | undefined;
  if (!options.offline) {
    const { GitHubClient } = await import('./client.js');
    client = new GitHubClient({ ...config, cache, ...tuning(options.env) });
  }
  return { config, cache, ...(client ? { client } : {}), close: () => cache.save() };
}

/** VENDORFORK_TIMEOUT (seconds per request) and VENDORFORK_RETRY_BASE_MS (back-off scale): for slow links, and for tests. */
function tuning(env: NodeJS.ProcessEnv): { timeoutMs?: number; retryBaseMs?: number } {
  const timeout = Number(env.VENDORFORK_TIMEOUT);
  const retryBase = Number(env.VENDORFORK_RETRY_BASE_MS);
  return {
    ...(timeout > 0 ? { timeoutMs: timeout * 1000 } : {}),
    ...(retryBase >= 0 && env.VENDORFORK_RETRY_BASE_MS ? { retryBaseMs: retryBase } : {}),
  };
}
