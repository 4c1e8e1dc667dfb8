import path from 'node:path';
import type { Diagnostic } from '../conf/diagnostics.js';
import { parse, type Entry, type VendorConf } from '../conf/vendor-conf.js';
import { UserError } from '../errors.js';
import { locateConf, readConfText, writeConfText, type ConfText } from '../fs/conf-file.js';
import { readProjectConfig, type ProjectConfig } from '../fs/project-config.js';
import type { Pin } from '../resolve/resolver.js';
import { resolveDependencyName } from '../resolve/short-names.js';
import type { GoGetFetcher } from '../resolve/upstream.js';
import { lockTree } from '../vndr/lock.js';
import type { VndrEvent } from '../vndr/runner.js';
import type { BuildOutcome } from '../vndr/transaction.js';
import { displayPath } from '../fs/display-path.js';

/** What set and reset share: where the file is, how to reach GitHub, whether and how to run vndr. */
export interface EditOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  file?: string;
  /** An import path, a short name, or the last element of one entry's import path. */
  dependency: string;
  offline?: boolean;
  keepRef?: boolean;
  dryRun?: boolean;
  /** The inline comment to set; null removes it. */
  comment?: string | null;
  strict?: boolean;
  githubUrl?: string;
  goGet?: GoGetFetcher;
  /** Only rewrite vendor.conf; leave vendor/ alone. */
  noVndr?: boolean;
  /** Accept file:// URLs (local mirrors) in the spec and in vendor.conf; refused otherwise. */
  allowFileUrls?: boolean;
  /** vndr to run (default: $VNDR, then PATH). */
  vndr?: string;
  /** Extra -whitelist regular expressions for vndr, on top of .vendorfork.json's. */
  whitelist?: string[];
  onEvent?: (event: VndrEvent) => void;
  signals?: NodeJS.EventEmitter;
  /** Prove it compiles: go build of the dependency and its importers, before and after; a new failure undoes it. */
  build?: boolean;
}

export interface EditResult {
  file: string;
  displayPath: string;
  importPath: string;
  before?: Entry;
  after: Entry;
  pin: Pin;
  /** False when the file already said this. */
  changed: boolean;
  /** Unified diff of vendor.conf. */
  patch: string;
  dryRun: boolean;
  warnings: string[];
  /** What the user should know that is not a problem, e.g. which upstream commit reset chose. */
  notes: string[];
  /** How long vndr took, when it ran. */
  vndr?: { ms: number };
  /** With --build: what compiled, and what failed before the move already. */
  build?: BuildOutcome;
}

export interface Prepared {
  file: string;
  confText: ConfText;
  conf: VendorConf;
  config: ProjectConfig;
  importPath: string;
  vndrPath?: string;
}

/**
 * Everything that can fail without the network, before the network: the file
 * is one vndr accepts, the name resolves, and, when vndr will run, vndr and
 * go are there and the project is under $GOPATH/src.
 */
export async function prepareEdit(options: EditOptions): Promise<Prepared> {
  const file = locateConf(options.cwd, options.file);
  const confText = await readConfText(file);
  const conf = parse(confText.text);
  refuseBrokenFile(conf.diagnostics, displayPath(options.cwd, file), options);
  const config = readProjectConfig(file);
  const importPath = resolveDependencyName(options.dependency, conf.entries, config.shortNames);
  if (options.build && options.noVndr)
    throw new UserError('--build compiles what vndr vendored, and --no-vndr runs no vndr: drop one of them');
  if (!options.noVndr && !options.dryRun) {
    const { locateVndr, checkGoProject } = await import('../vndr/preflight.js');
    const vndrPath = locateVndr(options.env, options.vndr);
    await checkGoProject(path.dirname(file), options.env);
    return { file, confText, conf, config, importPath, vndrPath };
  }
  return { file, confText, conf, config, importPath };
}

/** Writes the pin into vendor.conf and refreshes vendor/ for it, as one transaction (or prints it, with --dry-run). */
export async function applyPin(
  options: EditOptions,
  prepared: Prepared,
  pin: Pin,
  notes: string[] = [],
): Promise<EditResult> {
  const { conf, confText, file, importPath } = prepared;
  const before = conf.get(importPath);
  const after = conf.set(importPath, {
    ref: pin.ref,
    repository: pin.repositoryUrl,
    ...(options.comment !== undefined ? { comment: options.comment } : {}),
  });
  const text = conf.toString();
  const changed = text !== confText.text;
  const { createPatch } = await import('diff');
  const shown = displayPath(options.cwd, file);
  const patch = changed ? createPatch(shown, confText.text, text, '', '', { context: 1 }) : '';
  let vndr: { ms: number } | undefined;
  let build: BuildOutcome | undefined;
  if (changed && !options.dryRun) {
    if (!prepared.vndrPath) {
      const lock = await lockTree(path.dirname(file));
      try {
        await writeConfText(confText, text);
      } finally {
        await lock.release();
      }
    } else {
      const { refreshVendor } = await import('../vndr/transaction.js');
      const refreshed = await refreshVendor({
        projectDir: path.dirname(file),
        original: confText,
        updated: text,
        importPaths: [importPath],
        vndr: prepared.vndrPath,
        whitelist: [...prepared.config.whitelist, ...(options.whitelist ?? [])],
        env: options.env,
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
        ...(options.signals ? { signals: options.signals } : {}),
        ...(options.build ? { build: true } : {}),
      });
      vndr = { ms: refreshed.ms };
      build = refreshed.build;
    }
  }
  return {
    file,
    displayPath: shown,
    importPath,
    ...(before ? { before } : {}),
    after,
    pin,
    changed,
    patch,
    dryRun: options.dryRun ?? false,
    warnings: pin.warnings,
    notes: [...(pin.notes ?? []), ...notes],
    ...(vndr ? { vndr } : {}),
    ...(build ? { build } : {}),
  };
}

/** vndr validates the whole file on every run, so an edit on top of an error would only fail later, after a slow clone. */
export function refuseBrokenFile(
  diagnostics: Diagnostic[],
  shown: string,
  options: { allowFileUrls?: boolean } = {},
): void {
  // A local path handed to git clone reads this machine's files: only when asked for.
  const fatal = (d: Diagnostic) => d.severity === 'error' || (d.code === 'file-url' && !options.allowFileUrls);
  const error = diagnostics.find(fatal);
  if (error) {
    throw new UserError(
      `${shown}:${error.line}:${error.column}: ${error.code}: ${error.message} (fix this first${error.code === 'file-url' ? ', or pass --allow-file-urls' : ''}; vendorfork check lists every problem)`,
    );
  }
}
