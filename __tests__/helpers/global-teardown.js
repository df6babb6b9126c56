import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  if (globalThis.__STATE_HOME__) rmSync(globalThis.__STATE_HOME__, { recursive: true, force: true });
  await globalThis.__S3_SERVER__?.stop();
  // Only a gateway the set-up started (one given in the environment belongs to whoever started it).
  if (globalThis.__RGW__) {
    const rss = Object.values(globalThis.__RGW__.memory()).reduce((a, b) => a + b, 0);
    console.log(`RGW resident memory at the end of the run: ${(rss / 2 ** 20).toFixed(0)} MiB`);
    await globalThis.__RGW__.stop();
  }
}
