import { realpathSync } from 'node:fs';
import type { CommandSpec } from '../command.js';

export interface HookArgs {
  action: 'install' | 'uninstall';
}

export const hookCommand: CommandSpec<HookArgs> = {
  command: 'hook <action>',
  describe: 'Install or uninstall a git pre-commit hook that runs vendorfork check --staged',
  options: [],
  builder: (yargs) =>
    yargs
      .positional('action', { choices: ['install', 'uninstall'] as const, demandOption: true })
      .example(
        '$0 hook install',
        'Check vendor.conf and vendor/ before every commit (an existing hook keeps running first)',
      )
      .example('$0 hook uninstall', 'Remove it, and put back the hook it chained'),
  async run(args, context) {
    const hook = await import('../../commands/hook.js');
    // The hook calls this very vendorfork, by absolute paths, so it works without npx or PATH.
    const command = [process.execPath, realpathSync(process.argv[1]!)];
    const result =
      args.action === 'install'
        ? await hook.installHook({ cwd: context.io.cwd, env: context.io.env, command })
        : await hook.uninstallHook({ cwd: context.io.cwd, env: context.io.env });
    if (args.json) {
      context.printJson(result);
      return 0;
    }
    const lines = [
      result.action === 'unchanged' && args.action === 'uninstall'
        ? `no vendorfork hook in ${result.hook}`
        : `${context.chalk.green('✓')} ${result.action === 'unchanged' ? 'updated' : result.action} ${result.hook}`,
    ];
    if (result.chained)
      lines.push(
        args.action === 'install'
          ? `the existing hook now runs first, from ${result.chained}`
          : `restored the hook it chained`,
      );
    for (const warning of result.warnings ?? []) lines.push(`${context.chalk.yellow('warning:')} ${warning}`);
    context.io.stdout.write(lines.join('\n') + '\n');
    return 0;
  },
};
