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
  external: [/^@octokit\//, 'simple-git', 'diff', 'ora', 'proper-lockfile'],
  output: {
    dir: 'dist/bin',
    format: 'esm',
    chunkFileNames: '[name]-[hash].js',
    sourcemap: true,
  },
});
