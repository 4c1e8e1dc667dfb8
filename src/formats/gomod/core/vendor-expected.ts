/**
 * What `go mod vendor` copies into vendor/ for one module, by its rules (cmd/go/internal/modcmd/vendor.go,
 * Go 1.26), given a way to list the module's directories and read its files. No I/O of its own: the module
 * cache, the index or a fixture answers `list` and `read`.
 *
 * For each of the module's vendored packages (the lines under its `# PATH VERSION` line in modules.txt):
 * - every regular file of the package's own directory, except `_test.go` files, `.go` files that no build
 *   tag but `ignore` selects (go vendors with every tag set but `ignore`), and `go.mod`/`go.sum` when the main
 *   module says go 1.17 or later;
 * - from each parent directory up to the module root, the regular files whose names begin with AUTHORS,
 *   CONTRIBUTORS, COPYLEFT, COPYING, COPYRIGHT, LEGAL, LICENSE, NOTICE or PATENTS;
 * - the files the package's `//go:embed` patterns match (test files' patterns too before go 1.22), even in
 *   subdirectories.
 */

/** One entry of a module directory's listing. */
export interface DirEntry {
  name: string;
  kind: 'file' | 'dir' | 'other';
}

export interface ModuleSource {
  /** The entries of a directory of the module, relative to its root with `/` ('' is the root); undefined when there is none. */
  list(dir: string): DirEntry[] | undefined;
  /** A file's bytes (relative to the module root), for the .go files whose build tags and embeds decide. */
  read(file: string): Buffer | undefined;
}

const META_PREFIXES = [
  'AUTHORS',
  'CONTRIBUTORS',
  'COPYLEFT',
  'COPYING',
  'COPYRIGHT',
  'LEGAL',
  'LICENSE',
  'NOTICE',
  'PATENTS',
];

/** gover.Compare for the `go` lines modules carry ("1.16", "1.22.0", "1.21rc1"): by the numbers only. */
export function goVersionAtLeast(version: string, floor: string): boolean {
  const numbers = (v: string) => (/^\d+(?:\.\d+)*/.exec(v)?.[0] ?? '0').split('.').map(Number);
  const [a, b] = [numbers(version), numbers(floor)];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const [x = 0, y = 0] = [a[i], b[i]];
    if (x !== y) return x > y;
  }
  return true;
}

/** A package's directory relative to its module's root ('' for the module's own package). */
export function packageDir(modulePath: string, pkg: string): string | undefined {
  if (pkg === modulePath) return '';
  return pkg.startsWith(`${modulePath}/`) ? pkg.slice(modulePath.length + 1) : undefined;
}

const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);

/**
 * The files go mod vendor writes for a module's packages, relative to the module's root (so each is
 * vendor/MODULE/that). `goVersion` is the main module's `go` line (1.16 when it has none, as go assumes).
 */
export function expectedModuleFiles(
  modulePath: string,
  packages: string[],
  goVersion: string,
  source: ModuleSource,
): Set<string> {
  const expected = new Set<string>();
  const stripModFiles = goVersionAtLeast(goVersion, '1.17');
  const testEmbeds = !goVersionAtLeast(goVersion, '1.22');
  const metadataDone = new Set<string>();
  for (const pkg of packages) {
    const dir = packageDir(modulePath, pkg);
    if (dir === undefined) continue;
    const entries = source.list(dir);
    if (!entries) continue;
    for (const { name, kind } of entries) {
      if (kind !== 'file' || name.endsWith('_test.go')) continue;
      if (stripModFiles && (name === 'go.mod' || name === 'go.sum')) continue;
      if (name.endsWith('.go')) {
        const content = source.read(join(dir, name));
        if (content && !shouldBuildAnyTags(content)) continue;
      }
      expected.add(join(dir, name));
    }
    // copyMetadata: the parents of the package's directory, up to the module's root, each once.
    for (let parent = dir; parent !== '';) {
      parent = parent.includes('/') ? parent.slice(0, parent.lastIndexOf('/')) : '';
      if (metadataDone.has(parent)) break;
      metadataDone.add(parent);
      for (const { name, kind } of source.list(parent) ?? [])
        if (kind === 'file' && META_PREFIXES.some((prefix) => name.startsWith(prefix)))
          expected.add(join(parent, name));
    }
    for (const file of embeddedFiles(dir, entries, testEmbeds, source)) expected.add(file);
  }
  return expected;
}

// ---- build constraints (cmd/go/internal/imports: ShouldBuild with AnyTags) ----

/**
 * Whether a .go file can be part of some build: its `//go:build` line (else its `// +build` lines) holds
 * when every tag but `ignore` may be set or not, as suits. A constraint go cannot parse, or two
 * `//go:build` lines, leave the file out, as go does.
 */
export function shouldBuildAnyTags(content: Buffer | string): boolean {
  const header = fileHeader(typeof content === 'string' ? content : content.toString('latin1'));
  if (header === undefined) return false;
  if (header.goBuild !== undefined) {
    const expr = parseConstraint(header.goBuild.slice('//go:build'.length));
    return expr !== undefined && evaluate(expr, true);
  }
  for (const line of header.plusBuild) {
    const expr = parsePlusBuild(line);
    if (expr !== undefined && !evaluate(expr, true)) return false;
  }
  return true;
}

/** The leading comments of a file, up to its first code: the `//go:build` line, and `// +build` lines before a blank line. */
function fileHeader(text: string): { goBuild?: string; plusBuild: string[] } | undefined {
  let goBuild: string | undefined;
  const lines = text.split('\n');
  let end = 0; // lines before the last blank line seen before code: where `// +build` may appear
  let inBlock = false;
  let ended = false;
  scan: for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!.trim();
    if (line === '' && !ended) {
      end = i;
      continue;
    }
    if (!line.startsWith('//')) ended = true;
    if (!inBlock && isGoBuildLine(line)) {
      if (goBuild !== undefined) return undefined;
      goBuild = line;
    }
    while (line.length > 0) {
      if (inBlock) {
        const close = line.indexOf('*/');
        if (close === -1) continue scan;
        inBlock = false;
        line = line.slice(close + 2).trim();
        continue;
      }
      if (line.startsWith('//')) continue scan;
      if (line.startsWith('/*')) {
        inBlock = true;
        line = line.slice(2).trim();
        continue;
      }
      break scan;
    }
  }
  const plusBuild = lines
    .slice(0, end)
    .map((l) => l.trim())
    .filter((l) => /^\/\/\s*\+build(\s|$)/.test(l));
  return { ...(goBuild !== undefined ? { goBuild } : {}), plusBuild };
}

function isGoBuildLine(line: string): boolean {
  if (!line.startsWith('//go:build')) return false;
  const rest = line.slice('//go:build'.length);
  return rest.length === 0 || /^\s/.test(rest);
}

type Expr = { tag: string } | { not: Expr } | { and: [Expr, Expr] } | { or: [Expr, Expr] };

/** go/build/constraint's //go:build grammar: || over && over ! and parentheses; undefined when malformed. */
function parseConstraint(text: string): Expr | undefined {
  const tokens = text.match(/\|\||&&|[!()]|[^\s!()&|]+|\S/g) ?? [];
  let at = 0;
  const or = (): Expr | undefined => {
    let left = and();
    while (left && tokens[at] === '||') {
      at++;
      const right = and();
      left = right && { or: [left, right] };
    }
    return left;
  };
  const and = (): Expr | undefined => {
    let left = not();
    while (left && tokens[at] === '&&') {
      at++;
      const right = not();
      left = right && { and: [left, right] };
    }
    return left;
  };
  const not = (): Expr | undefined => {
    const token = tokens[at++];
    if (token === '!') {
      const inner = not();
      return inner && { not: inner };
    }
    if (token === '(') {
      const inner = or();
      if (tokens[at++] !== ')') return undefined;
      return inner;
    }
    if (token === undefined || !/^[\p{L}\p{N}_.]+$/u.test(token)) return undefined;
    return { tag: token };
  };
  const expr = or();
  return expr && at === tokens.length ? expr : undefined;
}

/** `// +build a,b !c` lines: spaces are ||, commas &&, `!` not. */
function parsePlusBuild(line: string): Expr | undefined {
  const words = line
    .replace(/^\/\/\s*\+build/, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  let expr: Expr | undefined;
  for (const word of words) {
    let clause: Expr | undefined;
    for (const element of word.split(',')) {
      const negated = element.startsWith('!');
      const tag = negated ? element.slice(1) : element;
      if (!tag || tag.startsWith('!') || !/^[\p{L}\p{N}_.]+$/u.test(tag)) return undefined;
      const literal: Expr = negated ? { not: { tag } } : { tag };
      clause = clause ? { and: [clause, literal] } : literal;
    }
    if (clause) expr = expr ? { or: [expr, clause] } : clause;
  }
  return expr;
}

/** matchTag with tags["*"]: every tag but `ignore` takes whichever value the expression prefers. */
function evaluate(expr: Expr, prefer: boolean): boolean {
  if ('tag' in expr) return expr.tag !== 'ignore' && prefer;
  if ('not' in expr) return !evaluate(expr.not, !prefer);
  if ('and' in expr) return evaluate(expr.and[0], prefer) && evaluate(expr.and[1], prefer);
  return evaluate(expr.or[0], prefer) || evaluate(expr.or[1], prefer);
}

// ---- //go:embed (go/build's readGoInfo, cmd/go/internal/load's resolveEmbed) ----

/**
 * The files a package's //go:embed patterns match, relative to the module's root. go/build reads every .go
 * file of the directory whatever its tags (UseAllFiles), skipping names that begin with `_` or `.` and
 * files of another package than the first one read.
 */
function embeddedFiles(dir: string, entries: DirEntry[], testEmbeds: boolean, source: ModuleSource): string[] {
  const patterns: string[] = [];
  let packageName: string | undefined;
  const goFiles = entries
    .filter((e) => e.kind === 'file' && e.name.endsWith('.go') && !/^[_.]/.test(e.name))
    .map((e) => e.name)
    .sort();
  for (const name of goFiles) {
    const text = source.read(join(dir, name))?.toString('latin1');
    if (text === undefined) continue;
    let pkg = /^\s*package\s+([\p{L}_][\p{L}\p{N}_]*)/mu.exec(stripComments(text))?.[1];
    if (pkg === 'documentation') continue;
    const isTest = name.endsWith('_test.go');
    if (isTest && pkg?.endsWith('_test') && pkg !== packageName) pkg = pkg.slice(0, -'_test'.length);
    if (packageName === undefined) packageName = pkg;
    else if (pkg !== packageName) continue; // a MultiplePackageError: go/build skips the file
    if (isTest && !testEmbeds) continue;
    if (!/\bimport\s*(?:\([^)]*"embed"|[\w.]*\s*"embed")/.test(stripComments(text))) continue;
    for (const match of text.matchAll(/^[ \t]*\/\/go:embed(?:[ \t]+(.*))?$/gm))
      patterns.push(...embedArgs(match[1] ?? ''));
  }
  const files = new Set<string>();
  for (const pattern of patterns) for (const file of resolveEmbed(dir, pattern, source)) files.add(file);
  return [...files];
}

/** A file's text with its comments blanked, to find the package clause. */
function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '');
}

/** The arguments of a //go:embed line: space-separated, or Go strings in "" or ``. */
function embedArgs(text: string): string[] {
  const args: string[] = [];
  for (const match of text.matchAll(/"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\S+)/g)) {
    if (match[1] !== undefined) {
      try {
        args.push(JSON.parse(`"${match[1]}"`) as string);
      } catch {
        return [];
      }
    } else args.push(match[2] ?? match[3]!);
  }
  return args;
}

const BAD_EMBED_NAMES = new Set(['.bzr', '.hg', '.git', '.svn']);

/** One pattern's files: a glob of path elements; a directory it matches gives its files, hidden ones only with `all:`. */
function resolveEmbed(pkgDir: string, pattern: string, source: ModuleSource): string[] {
  const all = pattern.startsWith('all:');
  const glob = all ? pattern.slice(4) : pattern;
  const elements = glob.split('/');
  if (elements.some((e) => e === '' || e === '.' || e === '..')) return [];
  const matchers = elements.map(globElement);
  if (matchers.some((m) => m === undefined)) return [];
  const files: string[] = [];
  const walk = (dir: string, depth: number): void => {
    const entries = source.list(dir) ?? [];
    if (depth > 0 && entries.some((e) => e.name === 'go.mod' && e.kind === 'file')) return; // another module
    for (const entry of entries) {
      if (!matchers[depth]!.test(entry.name) || BAD_EMBED_NAMES.has(entry.name)) continue;
      const at = join(dir, entry.name);
      if (depth < matchers.length - 1) {
        if (entry.kind === 'dir') walk(at, depth + 1);
      } else if (entry.kind === 'file') files.push(at);
      else if (entry.kind === 'dir') files.push(...walkDir(at, all, source));
    }
  };
  walk(pkgDir, 0);
  return files;
}

function walkDir(dir: string, all: boolean, source: ModuleSource): string[] {
  const entries = source.list(dir) ?? [];
  if (entries.some((e) => e.name === 'go.mod' && e.kind === 'file')) return [];
  const files: string[] = [];
  for (const entry of entries) {
    if (BAD_EMBED_NAMES.has(entry.name) || (!all && /^[._]/.test(entry.name))) continue;
    const at = join(dir, entry.name);
    if (entry.kind === 'dir') files.push(...walkDir(at, all, source));
    else if (entry.kind === 'file') files.push(at);
  }
  return files;
}

/** path.Match for one path element, as a regular expression: `*`, `?`, `[…]` (with `^` and ranges), `\` escapes. */
function globElement(element: string): RegExp | undefined {
  let source = '';
  for (let i = 0; i < element.length; i++) {
    const c = element[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '\\') {
      const next = element[++i];
      if (next === undefined) return undefined;
      source += next.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '[') {
      const close = element.indexOf(']', i + 2);
      if (close === -1) return undefined;
      let body = element.slice(i + 1, close);
      const negated = body.startsWith('^');
      if (negated) body = body.slice(1);
      source += `[${negated ? '^' : ''}${body.replace(/[\]\\^]/g, '\\$&')}]`;
      i = close;
    } else source += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  try {
    return new RegExp(`^${source}$`, 'u');
  } catch {
    return undefined;
  }
}
