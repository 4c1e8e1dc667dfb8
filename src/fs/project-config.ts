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
  return { shortNames: shortNames as Record<string, string>, whitelist: whitelist as string[] };
}
