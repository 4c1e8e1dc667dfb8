import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

/**
 * `.vendorfork.json` beside vendor.conf. A file of its own rather than a
 * `vendorfork` key in package.json: the projects vendorfork serves are Go
 * repositories, which have no package.json.
 */
export interface ProjectConfig {
  /** Extra short names: name → import path. */
  shortNames: Record<string, string>;
  /** Regular expressions passed to vndr as -whitelist (moby needs ^archive[/\\]tar). */
  whitelist: string[];
}

export const CONFIG_NAME = '.vendorfork.json';

/** moby's: the standard library's archive/tar, vendored by hand. */
const MOBY_WHITELIST = String.raw`^archive[/\\]tar`;

export function readProjectConfig(confPath: string): ProjectConfig {
  const file = path.join(path.dirname(confPath), CONFIG_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return { shortNames: {}, whitelist: [] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(`${file}: not valid JSON (${(error as Error).message}): fix it or remove it`);
  }
  const config = (raw ?? {}) as Partial<Record<keyof ProjectConfig, unknown>>;
  const shortNames = config.shortNames ?? {};
  const whitelist = config.whitelist ?? [];
  if (
    typeof shortNames !== 'object' ||
    Array.isArray(shortNames) ||
    Object.values(shortNames).some((v) => typeof v !== 'string')
  ) {
    throw new UserError(`${file}: "shortNames" must map names to import paths, e.g. {"mylib": "github.com/me/mylib"}`);
  }
  if (!Array.isArray(whitelist) || whitelist.some((v) => typeof v !== 'string')) {
    throw new UserError(`${file}: "whitelist" must be a list of regular expressions, e.g. ["^archive[/\\\\\\\\]tar"]`);
  }
  for (const expression of whitelist as string[]) {
    try {
      new RegExp(expression);
    } catch (error) {
      throw new UserError(
        `${file}: whitelist entry ${JSON.stringify(expression)} is not a valid regular expression (${(error as Error).message.replace(/^Invalid regular expression: /, '')}): in JSON, write each backslash twice, e.g. ${JSON.stringify(MOBY_WHITELIST)}`,
      );
    }
  }
  return { shortNames: shortNames as Record<string, string>, whitelist: whitelist as string[] };
}
