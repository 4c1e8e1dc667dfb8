import type { SimpleGit } from 'simple-git';

/**
 * simple-git refuses environment variables that point git at other programs
 * or config files (GIT_CONFIG_GLOBAL, EDITOR, PAGER, GIT_SSH_COMMAND, ...),
 * because a library cannot know where its caller's environment came from.
 * vendorfork's is the user's own shell, so those are allowed; what vendorfork
 * does not trust, values from vendor.conf and arguments, is checked before it
 * reaches git, and simple-git's checks on arguments stay on.
 */
const USER_ENVIRONMENT = {
  allowUnsafeConfigPaths: true,
  allowUnsafeConfigEnvCount: true,
  allowUnsafeEditor: true,
  allowUnsafePager: true,
  allowUnsafeAskPass: true,
  allowUnsafeSshCommand: true,
  allowUnsafeGitProxy: true,
  allowUnsafeExec: true,
  allowUnsafeTemplateDir: true,
  allowUnsafeDiffExternal: true,
};

export async function gitIn(baseDir: string | undefined, env: NodeJS.ProcessEnv): Promise<SimpleGit> {
  const { simpleGit } = await import('simple-git');
  return simpleGit({
    ...(baseDir ? { baseDir } : {}),
    // Without this, simple-git drops or refuses the git-related variables of the environment we hand it.
    allowEnvironment: Object.keys(env),
    unsafe: USER_ENVIRONMENT,
  }).env(env as Record<string, string>);
}
