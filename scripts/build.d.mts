/** Types for scripts/build.mjs (what the tests use). */
export declare const ROOT: string;
export declare const STEPS: string[];
/** The generated `dist/action/<step>.js`. */
export declare function stepEntry(step: string): string;
/** The generated `dist/cli/index.js`. */
export declare const CLI_ENTRY: string;
/** Where the entries' compile-cache helper comes from and goes (relative to src/.. and dist/). */
export declare const RUNTIME_HELPER: { source: string; out: string };
/** `dist/runtime/node-compile-cache.js` as the build writes it. */
export declare function runtimeHelperCode(): Promise<string>;
/** Builds everything into `outDir`. */
export declare function build(outDir: string): Promise<void>;
/** Every file below `dir`, as sorted relative paths. */
export declare function listFiles(dir: string): Promise<string[]>;
