/**
 * Raises libuv's thread pool from its default of 4 threads to 16. The pool runs every fs call and
 * every zlib (de)compression of the sync, so 4 threads cap how fast a restore writes entries and
 * decompresses packs. libuv reads UV_THREADPOOL_SIZE once, when the first work item starts the
 * pool, so this module has no imports that could start it and is imported FIRST by bundle.ts (the
 * one bundle the action's steps and the CLI load), ahead of every module that touches fs or zlib.
 * A value set in the environment (by the workflow or the user) is kept.
 */
process.env.UV_THREADPOOL_SIZE ??= '16';

export {};
