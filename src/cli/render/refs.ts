/**
 * How a ref is shown: a SHA longer than 12 hex digits as its first 12; a Go pseudo-version as its commit
 * and date (`a60b458179aa (2022-07-20)`); any other ref as written.
 */
export const shortRef = (ref: string): string => {
  if (/^[0-9a-f]{13,40}$/.test(ref)) return ref.slice(0, 12);
  const pseudo = /^v\d+\.\d+\.\d+-.*?(\d{4})(\d{2})(\d{2})\d{6}-([0-9a-f]{12})(?:\+incompatible)?$/.exec(ref);
  return pseudo ? `${pseudo[4]} (${pseudo[1]}-${pseudo[2]}-${pseudo[3]})` : ref;
};
