import path from 'node:path';

/** A path as the user should see it: relative to cwd when inside it, else absolute. */
export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
