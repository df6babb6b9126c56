/**
 * Bench set-up that is not measured (s3rver): puts objects straight into the server's directory in the
 * layout s3rver reads (`<key>._S3rver_object`, `.md5`, `._S3rver_metadata.json`), which takes
 * seconds where 50,000 PutObject calls would take minutes. Every measured operation goes through
 * the S3 protocol and the link proxy.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

async function putFile(
  s3dir: string,
  bucket: string,
  key: string,
  data: Buffer,
  mtime?: Date
): Promise<void> {
  const base = join(s3dir, bucket, key);
  const dir = dirname(base);
  const name = base.slice(dir.length + 1);
  await mkdir(dir, { recursive: true });
  const object = join(dir, `${name}._S3rver_object`);
  await writeFile(object, data);
  await writeFile(`${object}.md5`, createHash('md5').update(data).digest('hex'));
  await writeFile(
    join(dir, `${name}._S3rver_metadata.json`),
    JSON.stringify({ 'content-type': 'application/octet-stream' })
  );
  if (mtime) await utimes(object, mtime, mtime);
}

/** Creates the bucket directory (what CreateBucket does on s3rver). */
export async function seedBucket(s3dir: string, bucket: string): Promise<void> {
  await mkdir(join(s3dir, bucket), { recursive: true });
}

/** Copies a disk store tree (`<root>/<ns…>/<hh>/<hex>/<name>`) into the bucket under `prefix`. */
export async function seedFromDisk(
  s3dir: string,
  bucket: string,
  root: string,
  prefix: string
): Promise<number> {
  let n = 0;
  const walk = async (rel: string): Promise<void> => {
    for (const d of await readdir(join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) await walk(r);
      else if (d.isFile()) {
        const data = await readFile(join(root, r));
        const { mtime } = await import('node:fs/promises').then(fs => fs.stat(join(root, r)));
        await putFile(s3dir, bucket, `${prefix}${r}`, data, mtime);
        n++;
      }
    }
  };
  await walk('');
  return n;
}

/** The objects of `entries` tiny compile entries of five blobs each: [key, data] (for the listing benchmark). */
export function* tinyEntryObjects(prefix: string, entries: number): Generator<[string, Buffer]> {
  const names = ['output', 'stdout', 'stderr', 'exit_code', 'metadata'];
  for (let i = 0; i < entries; i++) {
    const key = createHash('sha256').update(`list:${i}`).digest('hex');
    for (const name of names) {
      yield [`${prefix}${key.slice(0, 2)}/${key}/${name}`, Buffer.from(name === 'exit_code' ? '0' : 'x')];
    }
  }
}

/** `entries` tiny compile entries of five blobs each, in s3rver's directory. */
export async function seedTinyEntries(
  s3dir: string,
  bucket: string,
  prefix: string,
  entries: number
): Promise<void> {
  for (const [key, data] of tinyEntryObjects(prefix, entries)) await putFile(s3dir, bucket, key, data);
}

export { copyFile };
