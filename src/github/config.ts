/** Where the GitHub API is and who we are on it, from flags and the environment GitHub Actions and the gh CLI use. */
export interface GitHubConfig {
  /** REST base URL: https://api.github.com, or https://HOST/api/v3 on GitHub Enterprise Server. */
  apiUrl: string;
  /** The web host whose repository URLs this API answers for: github.com, or the Enterprise host. */
  webHost: string;
  token?: string;
}

export function githubConfig(env: NodeJS.ProcessEnv, flags: { githubUrl?: string } = {}): GitHubConfig {
  const token = env.GITHUB_TOKEN || env.GH_TOKEN || undefined;
  const given = flags.githubUrl ?? env.GITHUB_API_URL;
  if (!given) return withToken({ apiUrl: 'https://api.github.com', webHost: 'github.com' }, token);
  const url = new URL(given);
  const path = url.pathname.replace(/\/+$/, '');
  if (url.hostname === 'api.github.com' || url.hostname === 'github.com') {
    return withToken({ apiUrl: 'https://api.github.com', webHost: 'github.com' }, token);
  }
  if (path.endsWith('/api/v3')) return withToken({ apiUrl: `${url.origin}${path}`, webHost: url.host }, token);
  if (flags.githubUrl !== undefined && path === '') {
    // --github-url https://ghe.example.com: the web address of an Enterprise server.
    return withToken({ apiUrl: `${url.origin}/api/v3`, webHost: url.host }, token);
  }
  // Any other API URL (a proxy, a test server) answers for the web host GitHub Actions names, else github.com.
  const server = env.GITHUB_SERVER_URL ? new URL(env.GITHUB_SERVER_URL).host : 'github.com';
  return withToken({ apiUrl: `${url.origin}${path}`, webHost: server }, token);
}

function withToken(config: GitHubConfig, token: string | undefined): GitHubConfig {
  return token ? { ...config, token } : config;
}
