import { describe, expect, it } from 'vitest';
import { GLOBAL_OPTIONS, type CommandSpec, type GlobalArgs } from '../../src/cli/command.js';
import { parseFastCheck, parseFastEdit, parseFastVerify } from '../../src/cli/fast-path.js';
import { cliParser, COMMANDS } from '../../src/cli/main.js';
import { argKey, toOptions, type OptionDecl } from '../../src/cli/options.js';

// Each command declares its options once (CommandSpec.options). yargs, the fast path and the options object are
// derived from that table; these tests hold the three to each other, case by case from the tables themselves, so
// a flag added to a table is tested without anyone listing it here.

/** What yargs parses argv into, or the error it refuses it with. */
async function viaYargs(argv: string[]): Promise<{ spec: CommandSpec<never>; args: Record<string, unknown> }> {
  let matched: { spec: CommandSpec<never>; args: Record<string, unknown> } | undefined;
  await cliParser(argv, async (spec, args: GlobalArgs) => {
    matched = { spec, args: args as unknown as Record<string, unknown> };
  }).parseAsync(argv);
  if (!matched) throw new Error(`yargs ran no command for ${JSON.stringify(argv)}`);
  return matched;
}

const spec = (name: string) => COMMANDS.find((c) => [c.command].flat()[0]!.split(' ')[0] === name)!;

/** The positionals each fast command is given in these cases, and their keys in its args. */
const FAST = {
  check: { words: [] as string[], keys: [] as string[], parse: parseFastCheck },
  set: { words: ['swarmkit', 'me/swarmkit@fix'], keys: ['dependency', 'spec'], parse: edit },
  reset: { words: ['swarmkit', 'v1.0.0'], keys: ['dependency', 'ref'], parse: edit },
  update: { words: ['swarmkit', 'fix'], keys: ['dependency', 'branch'], parse: edit },
  verify: { words: ['swarmkit', 'util'], keys: ['dependencies'], parse: parseFastVerify },
};

function edit(argv: string[]) {
  return parseFastEdit(argv)?.args;
}

/** The keys the table and the positionals give: what both parsers must agree on (yargs adds aliases, `_`, `$0`). */
function declared(args: object, decls: readonly OptionDecl<never>[], positionals: string[]): Record<string, unknown> {
  const values = args as Record<string, unknown>;
  const keys = [...decls.map((d) => argKey(d.flag)), ...positionals];
  return Object.fromEntries(keys.filter((k) => values[k] !== undefined).map((k) => [k, values[k]]));
}

/** The ways one declaration can be written on a command line. */
function spellings(decl: OptionDecl<never>): string[][] {
  switch (decl.type) {
    case 'boolean':
      return decl.negatable ? [[`--${decl.flag}`], [`--no-${decl.flag}`]] : [[`--${decl.flag}`]];
    case 'string':
      return [
        [`--${decl.flag}`, 'some-value'],
        [`--${decl.flag}=other-value`],
        ...(decl.negatable ? [[`--no-${decl.flag}`]] : []),
      ];
    case 'number':
      return [[`--${decl.flag}`, '3']];
    case 'strings':
      return [[`--${decl.flag}`, 'x']];
    case 'choice':
      return [[`--${decl.flag}`, decl.choices![0]!]];
  }
}

const cases = Object.entries(FAST).flatMap(([name, fast]) =>
  [...GLOBAL_OPTIONS, ...spec(name).options].flatMap((decl) =>
    spellings(decl as OptionDecl<never>).map((words) => ({
      name,
      decl: decl as OptionDecl<never>,
      argv: [name, ...fast.words, ...words],
    })),
  ),
);

describe('one option table per command', () => {
  it('has cases for every fast command', () => {
    // A sanity floor: a table that lost its entries would make every test below pass vacuously.
    expect(cases.length).toBeGreaterThan(60);
  });

  it.each(cases.map((c) => [c.argv.join(' '), c] as const))('%s: fast path and yargs agree', async (_label, c) => {
    const fast = FAST[c.name as keyof typeof FAST];
    const decls = [...GLOBAL_OPTIONS, ...spec(c.name).options] as OptionDecl<never>[];
    const yargsArgs = declared((await viaYargs(c.argv)).args, decls, fast.keys);
    const onFastPath = c.decl.fast !== false && (c.decl.type === 'boolean' || c.decl.type === 'string');
    const fastArgs = fast.parse(c.argv);
    if (!onFastPath) {
      // Off the fast path: left to yargs, which reads it.
      expect(fastArgs).toBeUndefined();
      return;
    }
    expect(fastArgs).toBeDefined();
    expect(declared(fastArgs!, decls, fast.keys)).toEqual(yargsArgs);
  });

  it.each(Object.keys(FAST))('%s with no flags: the same defaults either way', async (name) => {
    const fast = FAST[name as keyof typeof FAST];
    const argv = [name, ...fast.words];
    const decls = [...GLOBAL_OPTIONS, ...spec(name).options] as OptionDecl<never>[];
    const fromYargs = declared((await viaYargs(argv)).args, decls, fast.keys);
    expect(declared(fast.parse(argv)!, decls, fast.keys)).toEqual(fromYargs);
    // Defaults really are filled in: json is false, not absent.
    expect(fromYargs.json).toBe(false);
  });

  it.each(COMMANDS.map((c) => [[c.command].flat()[0]!.split(' ')[0]!, c] as const))(
    '%s --help lists every flag of its table',
    async (name, command) => {
      let help = '';
      await cliParser([name, '--help'], async () => {}).parseAsync([name, '--help'], {}, (_e, _a, output) => {
        help = output;
      });
      for (const decl of [...GLOBAL_OPTIONS, ...command.options]) {
        expect(help).toContain(`--${decl.flag}`);
        expect(help.replace(/\s+/g, ' ')).toContain(decl.describe.split(' ').slice(0, 4).join(' '));
      }
    },
  );
});

// argv → the command's options object: the mapping each declaration states (a key, a function, or nothing).
const OPTIONS: [string[], Record<string, unknown>][] = [
  [['set', 'a', 'b', '--no-comment'], { comment: null }],
  [
    ['set', 'a', 'b', '--comment', 'https://github.com/moby/moby/pull/1'],
    { comment: 'https://github.com/moby/moby/pull/1' },
  ],
  [['set', 'a', 'b', '--no-vndr'], { noVndr: true }],
  [['set', 'a', 'b', '--vndr', '/opt/vndr'], { vndr: '/opt/vndr' }],
  [['set', 'a', 'b', '--whitelist', '^x', '^y'], { whitelist: ['^x', '^y'] }],
  [['set', 'a', 'b', '--dry-run', '--keep-ref', '--allow-drop'], { dryRun: true, keepRef: true, allowDrop: true }],
  [['set', 'a', 'b', '--github-url', 'https://ghe.example/api/v3'], { githubUrl: 'https://ghe.example/api/v3' }],
  [['reset', '--merged'], { offline: false }],
  [['update', '--all', '--allow-drift'], { allowDrift: true }],
  [['verify', '--jobs', '0'], { concurrency: 1, patch: false }],
  [['verify', '--jobs', '2.7', '--patch'], { concurrency: 2, patch: true }],
  [
    ['check', '--staged', '--allow-vendor-edits', '--online'],
    { staged: true, allowVendorEdits: true, online: true, strict: false },
  ],
  [['diff', '--format', 'markdown', '--patch', '--exit-code', '--staged'], { staged: true, online: false }],
  [['sync', '--base', 'origin/master', '--allow-drop'], { base: 'origin/master', allowDrop: true, dryRun: false }],
  [['status', '--all'], { all: true }],
];

describe('argv → options', () => {
  it.each(OPTIONS)('%j', async (argv, expected) => {
    const { spec: command, args } = await viaYargs(argv);
    const options = toOptions(command.options, args) as Record<string, unknown>;
    expect(options).toMatchObject(expected);
    // What only the CLI reads (rendering, exit codes, progress) never reaches the command.
    for (const key of ['json', 'color', 'verbose', 'format', 'exitCode', 'merged', 'all', 'jobs']) {
      if (!(key === 'all' && argv[0] === 'status')) expect(options).not.toHaveProperty(key);
    }
  });

  it('--file reaches every command through the global table', async () => {
    const { args } = await viaYargs(['check', '--file', 'other.conf', '--json']);
    expect(toOptions(GLOBAL_OPTIONS, args)).toEqual({ file: 'other.conf' });
  });
});
