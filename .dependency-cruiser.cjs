// The layering of docs/development.md, held by `npm run lint` (depcruise): one way down,
// cli → commands → formats → adapters → core, and no circle anywhere (type-only imports count).
const ADAPTERS = '^src/(fs|git|github|go|process|resolve|vendoring|vndr)/';
const FORMAT_CORE = '^src/formats/[^/]+/core/';
// What a pure core may use besides its own format's core: the neutral vocabulary that does no I/O.
const PURE =
  '^src/(manifest/(entry|entry-diff|diagnostic|dependency-fork|import-path|pseudo-version|release-tags)\\.ts|text/|errors\\.ts)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'A circle makes load order matter and hides which side owns what: none, type-only imports included.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'formats-not-up',
      comment:
        'A format body is called by the commands, never the other way: formats/ imports neither commands/ nor cli/.',
      severity: 'error',
      from: { path: '^src/formats/' },
      to: { path: '^src/(commands|cli)/' },
    },
    {
      name: 'commands-through-registry',
      comment:
        'A command asks the format it holds (src/formats/index.ts) and never reaches into one: no format folder is imported by commands/ or cli/.',
      severity: 'error',
      from: { path: '^src/(commands|cli)/' },
      to: { path: '^src/formats/(?!index\\.ts$)' },
    },
    {
      name: 'core-is-pure',
      comment:
        "A format's core (syntax trees, edits, diagnostics) does no I/O: it imports its own core and the neutral vocabulary only.",
      severity: 'error',
      from: { path: '^src/formats/([^/]+)/core/' },
      to: { pathNot: ['^src/formats/$1/core/', PURE], dependencyTypesNot: ['core'] },
    },
    {
      name: 'core-no-io-builtins',
      comment: 'No file system, process or network module in a pure core.',
      severity: 'error',
      from: { path: FORMAT_CORE },
      to: {
        dependencyTypes: ['core'],
        path: '^(node:)?(fs|fs/promises|child_process|net|http|https|os|process|worker_threads)$',
      },
    },
    {
      name: 'formats-are-peers',
      comment: 'One format folder never imports another; what both need lives in manifest/ or formats/common/.',
      severity: 'error',
      from: { path: '^src/formats/([^/]+)/' },
      to: { path: '^src/formats/([^/]+)/', pathNot: ['^src/formats/$1/', '^src/formats/common/'] },
    },
    {
      name: 'common-knows-no-format',
      comment: "formats/common/ holds what both formats' bodies share, so it imports neither of them.",
      severity: 'error',
      from: { path: '^src/formats/common/' },
      to: { path: '^src/formats/(?!common/)' },
    },
    {
      name: 'adapters-not-up',
      comment: 'Adapters (git, GitHub, go, vndr, processes, files, the resolver) know no format, command or CLI.',
      severity: 'error',
      from: { path: ADAPTERS },
      to: { path: '^src/(formats|commands|cli)/' },
    },
    {
      name: 'manifest-is-neutral',
      comment: 'The contracts in manifest/ name no format, command or CLI; they may name adapter types.',
      severity: 'error',
      from: { path: '^src/manifest/' },
      to: { path: '^src/(formats|commands|cli)/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
  },
};
