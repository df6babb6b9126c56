/** `node:crypto`, loaded on first use: moved to the store layer, which needs it too (state-dir.ts). */
export { nodeCrypto } from '../store/lazy-crypto.js';
