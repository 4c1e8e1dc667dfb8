/** A SHA longer than 12 hex digits, shown as its first 12; any other ref as written. */
export const shortRef = (ref: string): string => (/^[0-9a-f]{13,40}$/.test(ref) ? ref.slice(0, 12) : ref);
