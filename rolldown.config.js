import { defineConfig } from 'rolldown';

// The CLI is bundled because `vendorfork check` runs in the pre-commit hook
// on every commit: resolving a dozen ES modules and chalk's package costs
// Node about 20 ms, a sixth of its own start-up (docs/benchmarks.md). The
// library stays unbundled in dist/ (tsc's output, with types). yargs is
// bundled too (it lives in a lazily loaded chunk: bundled, --help starts
// ~50 ms sooner); the network and git clients stay external and lazy.
export default defineConfig({
  input: { vendorfork: 'src/cli/entry.ts' },
  platform: 'node',
  external: [/^@octokit\//, 'simple-git', 'diff', 'ora'],
  output: {
    dir: 'dist/bin',
    format: 'esm',
    chunkFileNames: '[name]-[hash].js',
    sourcemap: true,
    // What `check` and `check --staged` run, in one chunk: left to itself the
    // bundler splits it into a chain of small chunks that Node loads one
    // after another (entry, context, check, check-staged, ...); one chunk
    // took the hook's start-up from 120-126 ms to 114-116 ms.
    codeSplitting: {
      groups: [
        {
          name: 'check-path',
          // First, so the modules both paths need live here and check never loads the edit chunk.
          priority: 2,
          test: /src[\\/](cli[\\/](entry|fast-path|context|command|io|commands[\\/]check|render[\\/]check)|commands[\\/](check|check-staged)|conf[\\/]\w[\w-]*|git[\\/]plumbing|fs[\\/]\w[\w-]*|errors)\.ts$/,
        },
        {
          // set and reset, the same way: this wraps a vndr run whose overhead is measured.
          name: 'edit-path',
          priority: 1,
          test: /src[\\/](cli[\\/](commands[\\/](set|reset|edit-options)|render[\\/]set)|commands[\\/](set|reset|pin-edit)|vndr[\\/]\w+|resolve[\\/][\w-]+)\.ts$|node_modules[\\/](proper-lockfile|graceful-fs|retry|signal-exit)[\\/]/,
        },
      ],
    },
  },
});
