/** What one `go build` said: each failing package with its lines, in the order go printed them. */
export interface BuildReport {
  packages: string[];
  failures: Map<string, string[]>;
}

/** The packages that fail after and did not before, with go's lines for each. */
export function newFailures(before: BuildReport, after: BuildReport): Map<string, string[]> {
  const added = new Map<string, string[]>();
  for (const [pkg, lines] of after.failures) if (!before.failures.has(pkg)) added.set(pkg, lines);
  return added;
}

/**
 * go build's stderr, by package: `# IMPORT_PATH` starts a package's compiler errors; a package that cannot
 * be loaded says so on one line (`package X: ...`, `cannot find package "X"`).
 */
export function failuresOf(stderr: string): Map<string, string[]> {
  const failures = new Map<string, string[]>();
  let current: string | undefined;
  for (const line of stderr.split('\n')) {
    if (line === '') continue;
    const header = /^# (\S+)/.exec(line);
    if (header) {
      current = header[1]!;
      failures.set(current, []);
      continue;
    }
    const unloadable = /^(?:package (\S+?):|can't load package: package (\S+?):|cannot find package "([^"]+)")/.exec(
      line,
    );
    if (unloadable) {
      const pkg = unloadable[1] ?? unloadable[2] ?? unloadable[3]!;
      failures.set(pkg, [...(failures.get(pkg) ?? []), line]);
      current = undefined;
      continue;
    }
    if (current) failures.get(current)!.push(line);
    else failures.set('(go build)', [...(failures.get('(go build)') ?? []), line]);
  }
  return failures;
}
