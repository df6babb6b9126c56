/** Types for scripts/node24.mjs. */
export declare const NODE24_PREFIX: string;
/** The path of a Node 24 binary (installing `node@24` into .tools/node24 when needed). */
export declare function node24Path(): string;
