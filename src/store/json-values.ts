/**
 * A bound on what JSON.parse of an untrusted text costs: it takes up to ~32 bytes of heap per
 * value, so a text of `[],[],…` under a byte cap can still take gigabytes. Counting the bytes that
 * open or separate values first bounds the parse (pack indexes: sync/packs/index-schema.ts; the
 * lazy install's index: deferred-tier.ts).
 */

/** `{`, `[` and `,` bytes of a JSON text; stops counting once past `limit`. */
export function countJsonValues(text: Uint8Array, limit: number): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === 0x7b || c === 0x5b || c === 0x2c) {
      n++;
      if (n > limit) return n;
    }
  }
  return n;
}
