import { defineConfig } from 'rolldown';

// The CLI is bundled because `vendorfork check` runs in the pre-commit hook
// on every commit: resolving a dozen ES modules and chalk's package costs
// Node about 20 ms, a sixth of its own start-up (docs/benchmarks.md). The
// library stays unbundled in dist/ (tsc's output, with types). yargs is
// bundled too (it lives in a lazily loaded chunk: bundled, --help starts
// ~50 ms sooner), and so are jsdiff and Octokit (chunks of their own,
// loaded when needed); the git client stays external and lazy.
//
// CommonJS, not ES modules: starting from a .cjs entry spares Node its ES
// module loader, 10-30 ms of every start measured side by side on check
// --staged (docs/benchmarks.md). The external packages (simple-git, ora)
// are ES modules, reached through import(), kept as is. import.meta.url
// becomes the chunk's own file URL, as it was in the ES module bundle; the
// rest of import.meta is empty (yargs reads import.meta.resolve only for
// `extends`, which vendorfork never uses).
const CHUNK_URL = '__vendorforkChunkUrl';

/** Defines CHUNK_URL in the chunks that use it, on their first line, so the source maps' lines still hold. */
const chunkUrl = {
  name: 'vendorfork-chunk-url',
  renderChunk(code) {
    if (!code.includes(CHUNK_URL)) return null;
    return { code: `const ${CHUNK_URL} = require("node:url").pathToFileURL(__filename).href; ${code}`, map: null };
  },
};

export default defineConfig({
  // compile-cache runs first, before any other chunk loads (bin/vendorfork.cjs): it imports only Node's modules.
  input: { vendorfork: 'src/cli/entry.ts', 'compile-cache': 'src/cli/compile-cache.ts' },
  platform: 'node',
  plugins: [chunkUrl],
  external: ['simple-git', 'ora'],
  // What the bundled ES modules read from import.meta: their chunk's own URL (yargs-parser makes a require() from
  // it), defined at the top of the chunks that use it, where `require` is still CommonJS's own.
  transform: { define: { 'import.meta.url': CHUNK_URL, 'import.meta': '{}' } },
  output: {
    dir: 'dist/bin',
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
    sourcemap: true,

    // What `check` and `check --staged` run, in one chunk: left to itself the
    // bundler splits it into a chain of small chunks that Node loads one
    // after another (entry, context, check, check-staged, ...); one chunk
    // took the hook's start-up from 120-126 ms to 114-116 ms.
    codeSplitting: {
      groups: [
        {
          name: 'check-path',
          // First, so the modules both paths need live here and check never loads the edit chunk. Not
          // formats/dependency-pins: only set's move judgement reads it, and it brings the go.mod parser.
          priority: 2,
          test: /src[\\/](cli[\\/](entry|fast-path|context|command|io|commands[\\/]check|render[\\/]check)|commands[\\/]check|formats[\\/](index|vendor-conf[\\/](index|staged|core[\\/]\w[\w-]*))|text[\\/]\w[\w-]*|manifest[\\/]\w[\w-]*|git[\\/]plumbing|fs[\\/]\w[\w-]*|errors)\.ts$/,
        },
        {
          // Octokit and its plugins, reached from the external ES modules with require(), took 106-124 ms to
          // load (module resolution and the ES module loader over some thirty files); bundled, ~50 ms.
          name: 'octokit',
          priority: 3,
          test: /node_modules[\\/](@octokit|bottleneck|universal-user-agent|before-after-hook|content-type|json-with-bigint)[\\/]/,
        },
        {
          // jsdiff, bundled: import() of the package itself started Node's ES module loader, 40-48 ms of every set.
          name: 'jsdiff',
          priority: 3,
          test: /node_modules[\\/]diff[\\/]/,
        },
        {
          // set and reset, the same way: this wraps a vndr run whose overhead is measured, and its transaction
          // (vendoring/: lock, snapshot), which go mod vendor shares.
          name: 'edit-path',
          priority: 1,
          test: /src[\\/](cli[\\/](commands[\\/](set|reset|edit-options)|render[\\/]set)|commands[\\/](set|reset|pin-edit)|vndr[\\/]\w+|vendoring[\\/][\w-]+|resolve[\\/][\w-]+)\.ts$/,
        },
      ],
    },
  },
});
