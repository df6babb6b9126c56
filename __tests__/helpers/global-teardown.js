export default async function globalTeardown() {
  await globalThis.__S3_SERVER__?.stop();
}
