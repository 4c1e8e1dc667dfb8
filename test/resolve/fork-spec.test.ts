import { describe, expect, it } from 'vitest';
import { parseForkSpec, repositoryUrl } from '../../src/resolve/fork-spec.js';

describe('parseForkSpec', () => {
  it.each([
    [
      'cirocosta/swarmkit@268f203',
      { repository: { host: 'github.com', owner: 'cirocosta', repo: 'swarmkit', gitSuffix: false }, ref: '268f203' },
    ],
    [
      'cirocosta/swarmkit',
      { repository: { host: 'github.com', owner: 'cirocosta', repo: 'swarmkit', gitSuffix: false } },
    ],
    [
      'https://github.com/cirocosta/swarmkit@v1.0.0',
      { repository: { host: 'github.com', owner: 'cirocosta', repo: 'swarmkit', gitSuffix: false }, ref: 'v1.0.0' },
    ],
    [
      'https://github.com/cirocosta/swarmkit.git@fix',
      { repository: { host: 'github.com', owner: 'cirocosta', repo: 'swarmkit', gitSuffix: true }, ref: 'fix' },
    ],
    [
      'https://github.com/cirocosta/swarmkit.git',
      { repository: { host: 'github.com', owner: 'cirocosta', repo: 'swarmkit', gitSuffix: true } },
    ],
    ['@v1.1.0', { ref: 'v1.1.0' }],
    ['@release/1.0', { ref: 'release/1.0' }],
    [
      'cirocosta/swarmkit@release/1.0',
      {
        repository: { host: 'github.com', owner: 'cirocosta', repo: 'swarmkit', gitSuffix: false },
        ref: 'release/1.0',
      },
    ],
    [
      'https://ghe.example.com/team/swarmkit@abc1234',
      { repository: { host: 'ghe.example.com', owner: 'team', repo: 'swarmkit', gitSuffix: false }, ref: 'abc1234' },
    ],
    [
      'ghe.example.com/team/swarmkit@v1',
      { repository: { host: 'ghe.example.com', owner: 'team', repo: 'swarmkit', gitSuffix: false }, ref: 'v1' },
    ],
  ])('%s', (input, expected) => {
    expect(parseForkSpec(input)).toEqual(expected);
  });

  it.each([
    ['', 'the fork spec is empty: write OWNER/REPO@REF, OWNER/REPO, a GitHub URL, or @REF'],
    [
      '--upload-pack=touch /tmp/x',
      'fork spec "--upload-pack=touch /tmp/x" starts with "-", which git would read as an option: refused',
    ],
    [
      '-oProxyCommand=touch /tmp/x',
      'fork spec "-oProxyCommand=touch /tmp/x" starts with "-", which git would read as an option: refused',
    ],
    [
      'ext::sh -c touch% /tmp/x',
      'fork spec "ext::sh -c touch% /tmp/x" names a git remote helper ("::"), which can run commands: refused',
    ],
    ['file:///etc', 'fork spec "file:///etc" is a file URL: refused (pass --allow-file-urls for a local mirror)'],
    [
      'git://github.com/o/r.git@v1',
      'git://github.com/o/r.git: only https:// repository URLs are supported (git:// is dead on GitHub, and ssh needs keys CI does not have)',
    ],
    [
      'git@github.com:o/r.git',
      'git@github.com:o/r.git is an scp-style SSH address: write https://HOST/OWNER/REPO instead (CI cannot clone over SSH without a key)',
    ],
    ['o/r@--upload-pack=x', '"--upload-pack=x" is not a valid git ref: write a SHA, a tag or a branch name'],
    ['o/r@a..b', '"a..b" is not a valid git ref: write a SHA, a tag or a branch name'],
    ['o/r/extra@v1', 'o/r/extra: not a repository; write OWNER/REPO or https://github.com/OWNER/REPO'],
    ['-o/r', 'fork spec "-o/r" starts with "-", which git would read as an option: refused'],
  ])('refuses %j', (input, message) => {
    expect(() => parseForkSpec(input)).toThrow(message);
  });

  it('renders the URL written to vendor.conf', () => {
    expect(repositoryUrl({ host: 'github.com', owner: 'o', repo: 'r' })).toBe('https://github.com/o/r');
    expect(repositoryUrl({ host: 'github.com', owner: 'o', repo: 'r' }, { gitSuffix: true })).toBe(
      'https://github.com/o/r.git',
    );
  });
});
