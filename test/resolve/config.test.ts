import { describe, expect, it } from 'vitest';
import { githubConfig } from '../../src/github/config.js';

describe('githubConfig', () => {
  it.each([
    [{}, {}, { apiUrl: 'https://api.github.com', webHost: 'github.com' }],
    [
      { GITHUB_TOKEN: 't1', GH_TOKEN: 't2' },
      {},
      { apiUrl: 'https://api.github.com', webHost: 'github.com', token: 't1' },
    ],
    [{ GH_TOKEN: 't2' }, {}, { apiUrl: 'https://api.github.com', webHost: 'github.com', token: 't2' }],
    [
      { GITHUB_API_URL: 'https://ghe.example.com/api/v3' },
      {},
      { apiUrl: 'https://ghe.example.com/api/v3', webHost: 'ghe.example.com' },
    ],
    [
      {},
      { githubUrl: 'https://ghe.example.com' },
      { apiUrl: 'https://ghe.example.com/api/v3', webHost: 'ghe.example.com' },
    ],
    [
      {},
      { githubUrl: 'https://ghe.example.com/api/v3/' },
      { apiUrl: 'https://ghe.example.com/api/v3', webHost: 'ghe.example.com' },
    ],
    [{ GITHUB_API_URL: 'https://api.github.com' }, {}, { apiUrl: 'https://api.github.com', webHost: 'github.com' }],
    [{ GITHUB_API_URL: 'http://127.0.0.1:8080' }, {}, { apiUrl: 'http://127.0.0.1:8080', webHost: 'github.com' }],
    [
      { GITHUB_API_URL: 'http://proxy.local/gh', GITHUB_SERVER_URL: 'https://ghe.example.com' },
      {},
      { apiUrl: 'http://proxy.local/gh', webHost: 'ghe.example.com' },
    ],
  ])('%j %j', (env, flags, expected) => {
    expect(githubConfig(env, flags)).toEqual(expected);
  });
});
