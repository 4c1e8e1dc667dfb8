import { describe, expect, it } from 'vitest';
import { CloneFailureWatch } from '../../src/vndr/runner.js';

const T = '2026/11/29 05:59:54';
const failed = (out: string) =>
  `${T} \tClone github.com/bench/dep00, attempt 1/20 finished with error github.com/bench/dep00: Err: exit status 128, out: ${out}`;
const cloning = "Cloning into '/tmp/p/vendor/github.com/bench/dep00'...";

/** The first line the watch stops on, feeding vndr's lines in order. */
function stopsOn(lines: string[]): string | undefined {
  const watch = new CloneFailureWatch();
  for (const line of lines) {
    const found = watch.see(line);
    if (found !== undefined) return found;
  }
  return undefined;
}

describe('CloneFailureWatch: what no retry can mend', () => {
  // Lines as vndr v0.1.2 and git print them (the first two captured from real runs).
  it.each([
    [
      [failed('fatal: reference is not a tree: ' + '0'.repeat(40))],
      'fatal: reference is not a tree: ' + '0'.repeat(40),
    ],
    [
      [failed(cloning), "fatal: '/tmp/hosted/nobody/dep00' does not appear to be a git repository"],
      "fatal: '/tmp/hosted/nobody/dep00' does not appear to be a git repository",
    ],
    [[failed(cloning), 'remote: Repository not found.'], 'remote: Repository not found.'],
    [
      [failed(cloning), "fatal: repository 'https://github.com/nobody/dep00/' not found"],
      "fatal: repository 'https://github.com/nobody/dep00/' not found",
    ],
    [
      [failed("error: pathspec 'v9.9.9' did not match any file(s) known to git")],
      "error: pathspec 'v9.9.9' did not match any file(s) known to git",
    ],
    [
      [failed(cloning), "fatal: could not read Username for 'https://github.com': terminal prompts disabled"],
      "fatal: could not read Username for 'https://github.com': terminal prompts disabled",
    ],
  ])('stops on %j', (lines, reason) => {
    expect(stopsOn([`${T} Download dependencies`, ...lines])).toBe(reason);
  });

  it.each([
    [
      [
        failed(cloning),
        "fatal: unable to access 'https://127.0.0.1:1/x/': Failed to connect to 127.0.0.1 port 1 after 0 ms: Couldn't connect to server",
      ],
    ],
    [[failed(cloning), "fatal: unable to access 'https://github.com/a/b/': Could not resolve host: github.com"]],
    [[failed(cloning), "fatal: unable to access 'https://github.com/a/b/': The requested URL returned error: 502"]],
    [[failed(cloning), 'error: RPC failed; curl 56 GnuTLS recv error (-9)', 'fatal: early EOF']],
    // The words outside a failed attempt: a repository's own name, a later success.
    [[`${T} \tClone https://github.com/acme/repository-not-found-handler to x, revision abc, attempt 1/20`]],
  ])('leaves %j to vndr', (lines) => {
    expect(stopsOn([`${T} Download dependencies`, ...lines])).toBeUndefined();
  });

  it('reads git lines as part of the failure until vndr logs again', () => {
    expect(
      stopsOn([failed(cloning), 'fatal: early EOF', `${T} \tClone x, attempt 2/20`, 'remote: Repository not found.']),
    ).toBeUndefined();
  });
});
