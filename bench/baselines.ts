/**
 * The two baselines the benchmark measures ours against, on the same link:
 *
 * - the whole-archive approach of actions/cache and runs-on/cache: `tar` + `zstd -T0` of the whole
 *   directory into one object (one PutObject, or a multipart upload above 64 MiB as runs-on/cache
 *   does); restore = download to a file, then `zstd -d | tar -x`;
 * - a naive per-object client: one paged listing, then one GET at a time.
 */
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client
} from '@aws-sdk/client-s3';

function sh(cmd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('bash', ['-o', 'pipefail', '-c', cmd], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.on('data', d => (err += String(d)));
    p.on('error', reject);
    p.on('close', code => (code === 0 ? resolve() : reject(new Error(`${cmd}: exit ${code}: ${err}`))));
  });
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** tar + zstd of the whole directory, as actions/cache does (`zstd -T0`, level 3 is zstd's default). */
export async function makeArchive(dir: string, archive: string, level = 3): Promise<number> {
  await mkdir(dirname(archive), { recursive: true });
  await sh(`tar --posix -cf - -C ${q(dir)} . | zstd -T0 -${level} -q -f -o ${q(archive)}`);
  return (await stat(archive)).size;
}

const PART = 32 * 1024 * 1024;

/** One PutObject up to 64 MiB, else a multipart upload with 32 MiB parts, 4 at a time. */
export async function uploadArchive(
  client: S3Client,
  bucket: string,
  key: string,
  archive: string
): Promise<void> {
  const size = (await stat(archive)).size;
  if (size <= 2 * PART) {
    await client.send(
      new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(archive), ContentLength: size })
    );
    return;
  }
  const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key }));
  const parts: { PartNumber: number; ETag: string }[] = [];
  const numbers = Array.from({ length: Math.ceil(size / PART) }, (_, i) => i + 1);
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < numbers.length) {
        const n = numbers[next++]!;
        const start = (n - 1) * PART;
        const end = Math.min(size, start + PART) - 1;
        const res = await client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId,
            PartNumber: n,
            Body: createReadStream(archive, { start, end }),
            ContentLength: end - start + 1
          })
        );
        parts.push({ PartNumber: n, ETag: res.ETag! });
      }
    })
  );
  parts.sort((a, b) => a.PartNumber - b.PartNumber);
  await client.send(
    new CompleteMultipartUploadCommand({
      Bucket: bucket,
      Key: key,
      UploadId,
      MultipartUpload: { Parts: parts }
    })
  );
}

/** The archive restore: download to a file, then extract, as the archive actions do. */
export async function restoreArchive(
  client: S3Client,
  bucket: string,
  key: string,
  tmpFile: string,
  dest: string
): Promise<void> {
  const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  await mkdir(dirname(tmpFile), { recursive: true });
  await pipeline(res.Body as Readable, createWriteStream(tmpFile));
  await mkdir(dest, { recursive: true });
  await sh(`zstd -d -T0 -q -c ${q(tmpFile)} | tar -xf - -C ${q(dest)}`);
}

/**
 * The naive per-object client: one paged listing, then every object with one GET at a time.
 * `limitEntries` restricts it to the first entries listed (the run extrapolates from a sample).
 */
export async function naiveRestore(
  client: S3Client,
  bucket: string,
  prefix: string,
  dest: string,
  limitEntries?: number
): Promise<{ entries: number; objects: number; bytes: number }> {
  const keys: { key: string; mtime: Date }[] = [];
  let token: string | undefined;
  const entries = new Set<string>();
  outer: do {
    const res = await client.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token })
    );
    for (const o of res.Contents ?? []) {
      const entry = o.Key!.slice(0, o.Key!.lastIndexOf('/'));
      if (!entries.has(entry)) {
        if (limitEntries !== undefined && entries.size >= limitEntries) break outer;
        entries.add(entry);
      }
      keys.push({ key: o.Key!, mtime: o.LastModified ?? new Date() });
    }
    token = res.IsTruncated ? res.NextContinuationToken : undefined;
  } while (token);
  let bytes = 0;
  for (const k of keys) {
    const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: k.key }));
    const data = Buffer.from(await res.Body!.transformToByteArray());
    const file = join(dest, k.key.slice(prefix.length));
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, data);
    await utimes(file, k.mtime, k.mtime);
    bytes += data.length;
  }
  return { entries: entries.size, objects: keys.length, bytes };
}

/** zstd's compression ratio of a directory (as one tar stream), and the raw tar size. */
export async function zstdRatio(
  dir: string,
  tmp: string,
  level = 3
): Promise<{ raw: number; compressed: number }> {
  await sh(`tar --posix -cf ${q(tmp)}.tar -C ${q(dir)} .`);
  const raw = (await stat(`${tmp}.tar`)).size;
  await sh(`zstd -T0 -${level} -q -f ${q(tmp)}.tar -o ${q(tmp)}.tzst && rm -f ${q(tmp)}.tar`);
  const compressed = (await stat(`${tmp}.tzst`)).size;
  await sh(`rm -f ${q(tmp)}.tzst`);
  return { raw, compressed };
}

export { sh };
