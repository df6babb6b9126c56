/**
 * The cache directory itself (the root the user chose), as opposed to what lies inside it: the root
 * and its ancestors are trusted (the root may be a symlink the user made), everything below it is
 * not (see src/store/safe-fs.ts). makeDirBounded lives in the store layer, which makes the state
 * directory's base the same way.
 */
export { makeDirBounded } from '../store/make-dir-bounded.js';
