/**
 * What an import path means without asking the network: its repository root
 * (the path vndr keys entries by) and, where known, the GitHub repository
 * behind it. The table covers the hosts that appear in real vendor.conf files;
 * anything else needs `?go-get=1` discovery, which lives outside this pure core.
 */

export interface KnownRoot {
  /** The repository root import path, e.g. `golang.org/x/net` for `golang.org/x/net/context`. */
  root: string;
  /** `owner/repo` on GitHub, when the root is hosted there. */
  github?: string;
}

type Rule = {
  pattern: RegExp;
  github?: (match: RegExpExecArray) => string;
};

const SEGMENT = '[A-Za-z0-9_.\\-]+';

// Patterns are anchored on the root; what follows it is a package path.
// vndr's own static table (from Go's `go get`) knows github.com and bitbucket.org;
// the vanity hosts are the ones found in the corpus of real files.
const RULES: Rule[] = [
  { pattern: re(`github\\.com/(${SEGMENT})/(${SEGMENT})`), github: (m) => `${m[1]}/${m[2]}` },
  { pattern: re(`bitbucket\\.org/${SEGMENT}/${SEGMENT}`) },
  { pattern: re(`golang\\.org/x/(${SEGMENT})`), github: (m) => `golang/${m[1]}` },
  { pattern: re('google\\.golang\\.org/grpc'), github: () => 'grpc/grpc-go' },
  { pattern: re('google\\.golang\\.org/genproto'), github: () => 'googleapis/go-genproto' },
  { pattern: re('google\\.golang\\.org/api'), github: () => 'googleapis/google-api-go-client' },
  { pattern: re('google\\.golang\\.org/appengine'), github: () => 'golang/appengine' },
  { pattern: re('google\\.golang\\.org/protobuf'), github: () => 'protocolbuffers/protobuf-go' },
  { pattern: re('google\\.golang\\.org/cloud'), github: () => 'googleapis/google-cloud-go' },
  { pattern: re('cloud\\.google\\.com/go'), github: () => 'googleapis/google-cloud-go' },
  // gopkg.in/pkg.v3 is github.com/go-pkg/pkg; gopkg.in/user/pkg.v3 is github.com/user/pkg.
  { pattern: re(`gopkg\\.in/([A-Za-z0-9_\\-]+)\\.v[0-9]+`), github: (m) => `go-${m[1]}/${m[1]}` },
  {
    pattern: re(`gopkg\\.in/(${SEGMENT})/([A-Za-z0-9_\\-]+)\\.v[0-9]+`),
    github: (m) => `${m[1]}/${m[2]}`,
  },
  { pattern: re(`k8s\\.io/(${SEGMENT})`), github: (m) => `kubernetes/${m[1]}` },
  { pattern: re(`sigs\\.k8s\\.io/(${SEGMENT})`), github: (m) => `kubernetes-sigs/${m[1]}` },
  { pattern: re(`go\\.etcd\\.io/(${SEGMENT})`), github: (m) => `etcd-io/${m[1]}` },
  { pattern: re('go\\.opencensus\\.io'), github: () => 'census-instrumentation/opencensus-go' },
  { pattern: re('gotest\\.tools'), github: () => 'gotestyourself/gotest.tools' },
  { pattern: re(`go\\.uber\\.org/(${SEGMENT})`), github: (m) => `uber-go/${m[1]}` },
  { pattern: re(`code\\.cloudfoundry\\.org/(${SEGMENT})`), github: (m) => `cloudfoundry/${m[1]}` },
  { pattern: re('go\\.opentelemetry\\.io/otel'), github: () => 'open-telemetry/opentelemetry-go' },
  { pattern: re('go\\.opentelemetry\\.io/contrib'), github: () => 'open-telemetry/opentelemetry-go-contrib' },
  { pattern: re('go\\.opentelemetry\\.io/proto/otlp'), github: () => 'open-telemetry/opentelemetry-proto-go' },
  { pattern: re(`rsc\\.io/(${SEGMENT})`), github: (m) => `rsc/${m[1]}` },
  { pattern: re('vbom\\.ml/util'), github: () => 'fvbommel/util' },
  { pattern: re('go4\\.org'), github: () => 'go4org/go4' },
  { pattern: re('bazil\\.org/fuse'), github: () => 'bazil/fuse' },
  { pattern: re('gonum\\.org/v1/gonum'), github: () => 'gonum/gonum' },
  { pattern: re('honnef\\.co/go/tools'), github: () => 'dominikh/go-tools' },
  { pattern: re('go\\.mozilla\\.org/pkcs7'), github: () => 'mozilla-services/pkcs7' },
];

function re(root: string): RegExp {
  return new RegExp(`^(${root})(?:/|$)`);
}

export function knownRoot(importPath: string): KnownRoot | undefined {
  for (const rule of RULES) {
    const match = rule.pattern.exec(importPath);
    if (!match) continue;
    // Group 1 is the whole root; the rule's own groups follow it, so shift them.
    const ownGroups = Object.assign([importPath, ...match.slice(2)], {
      index: 0,
      input: importPath,
    }) as RegExpExecArray;
    return rule.github ? { root: match[1]!, github: rule.github(ownGroups) } : { root: match[1]! };
  }
  return undefined;
}

/** vndr exempts paths ending in a major-version element from its root check. */
export function isVersionedPath(importPath: string): boolean {
  return /\/v[0-9]+$/.test(importPath);
}

/** The root vndr keys an entry by: the repository root, except that a path ending in `/vN` is its own root. Pass `known` when it is already at hand. */
export function vndrRoot(importPath: string, known: KnownRoot | undefined = knownRoot(importPath)): string | undefined {
  if (isVersionedPath(importPath)) return importPath;
  return known?.root;
}

/** The GitHub `owner/repo` of a repository URL as written in a vendor.conf third field, in any of the forms seen in real files. */
export function githubRepositoryOfUrl(url: string): string | undefined {
  const match =
    /^(?:(?:https?|git|ssh):\/\/(?:[^@/]+@)?|git@|)github\.com[:/]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/.exec(
      url,
    );
  return match ? `${match[1]}/${match[2]}` : undefined;
}

/** A fork's repository as one key for every form of its URL: owner/repo on GitHub, lowercased; else the URL. */
export function forkTarget(repository: string): string {
  return githubRepositoryOfUrl(repository)?.toLowerCase() ?? repository;
}

/** The repository an entry is cloned from: its third field, else the import path's own on GitHub, if known. */
export function pinnedRepository(entry: { importPath: string; repository?: string | undefined }): string | undefined {
  if (entry.repository) return entry.repository;
  const github = knownRoot(entry.importPath)?.github;
  return github ? `https://github.com/${github}` : undefined;
}
