import { describe, expect, it } from 'vitest';
import { addSumLines, removeSumLines } from '../../src/formats/gomod/core/sum-file.js';

const sum = [
  'github.com/acme/lib v1.0.0 h1:aaa=',
  'github.com/acme/lib v1.0.0/go.mod h1:bbb=',
  'github.com/acme/lib v1.10.0 h1:ccc=',
  'github.com/acme/lib v1.10.0/go.mod h1:ddd=',
  'github.com/zeta/z v0.1.0/go.mod h1:eee=',
  '',
].join('\n');

describe('go.sum edits', () => {
  it('puts a version where go sorts it: by path, then by semver (v1.9 before v1.10), zip hash before go.mod hash', () => {
    const added = addSumLines(sum, [
      { path: 'github.com/acme/lib', version: 'v1.9.0-0.20240101000000-0123456789ab', hash: 'h1:new=' },
      { path: 'github.com/acme/lib', version: 'v1.9.0-0.20240101000000-0123456789ab/go.mod', hash: 'h1:newmod=' },
      { path: 'github.com/me/lib', version: 'v1.1.1-0.20240101000000-0123456789ab/go.mod', hash: 'h1:fork=' },
    ]);
    expect(added.split('\n')).toEqual([
      'github.com/acme/lib v1.0.0 h1:aaa=',
      'github.com/acme/lib v1.0.0/go.mod h1:bbb=',
      'github.com/acme/lib v1.9.0-0.20240101000000-0123456789ab h1:new=',
      'github.com/acme/lib v1.9.0-0.20240101000000-0123456789ab/go.mod h1:newmod=',
      'github.com/acme/lib v1.10.0 h1:ccc=',
      'github.com/acme/lib v1.10.0/go.mod h1:ddd=',
      'github.com/me/lib v1.1.1-0.20240101000000-0123456789ab/go.mod h1:fork=',
      'github.com/zeta/z v0.1.0/go.mod h1:eee=',
      '',
    ]);
  });

  it('adds a line that is there once only, and keeps CRLF and a file that was empty', () => {
    const line = { path: 'github.com/acme/lib', version: 'v1.0.0', hash: 'h1:aaa=' };
    expect(addSumLines(sum, [line])).toBe(sum);
    const crlf = sum.replace(/\n/g, '\r\n');
    expect(addSumLines(crlf, [{ ...line, path: 'github.com/b/b' }])).toBe(
      crlf.replace('github.com/zeta', 'github.com/b/b v1.0.0 h1:aaa=\r\ngithub.com/zeta'),
    );
    expect(addSumLines('', [line])).toBe('github.com/acme/lib v1.0.0 h1:aaa=\n');
  });

  it('removes exactly one version’s two lines, and nothing else', () => {
    const added = addSumLines(sum, [
      { path: 'github.com/me/lib', version: 'v1.1.0', hash: 'h1:x=' },
      { path: 'github.com/me/lib', version: 'v1.1.0/go.mod', hash: 'h1:y=' },
    ]);
    expect(removeSumLines(added, 'github.com/me/lib', 'v1.1.0')).toBe(sum);
    expect(removeSumLines(sum, 'github.com/acme/lib', 'v1.0')).toBe(sum);
  });
});
