export default async function globalTeardown() {
  await globalThis.__RGW__?.stop();
}
