/** Helpers for the action tests: a loopback S3 server, buckets on it, a small C project, job inputs. */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { startS3Server, type RunningS3Server } from '../../testkit/s3-server.js';
import { node24Path } from '../../scripts/node24.mjs';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';
import { RunnerJob } from '../helpers/runner.js';

export { startS3Server, type RunningS3Server };

let node24: string | undefined;
/** The Node 24 binary the steps run with (installed into .tools/node24 on first use). */
export function stepNode(): string {
  node24 ??= node24Path();
  return node24;
}

export async function newJob(env: Record<string, string> = {}): Promise<RunnerJob> {
  return RunnerJob.create({ node: stepNode(), env: { AWS_EC2_METADATA_DISABLED: 'true', ...env } });
}

export async function createBucket(endpoint: string, prefix = 'action'): Promise<string> {
  const name = `${prefix}-${randomBytes(6).toString('hex')}`;
  const client = rawClient(endpoint);
  await client.send(new CreateBucketCommand({ Bucket: name }));
  client.destroy();
  return name;
}

/** Inputs for a job against `bucket` on `endpoint`, with the server's static credentials. */
export function bucketInputs(endpoint: string, bucket: string, cacheDir: string): Record<string, string> {
  return {
    'cache-dir': cacheDir,
    bucket,
    endpoint,
    region: 'us-east-1',
    'access-key-id': S3_TEST_CREDENTIALS.accessKeyId,
    'secret-access-key': S3_TEST_CREDENTIALS.secretAccessKey
  };
}

/** A small C project: `names` become `<name>.c` files including a shared header; `change` alters their code. */
export async function writeProject(dir: string, names: string[], change = 0): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'common.h'), '#pragma once\n#define SCALE 3\nint helper(int x);\n');
  for (const name of names) {
    await writeFile(
      join(dir, `${name}.c`),
      `#include "common.h"\nint ${name}_value(int x) { return helper(x) * SCALE + ${name.length + change}; }\n`
    );
  }
}

/**
 * Waits out the second in which direct mode trusts no changed file (src/compiler/direct/file-hash.ts),
 * so that the compiles after it write their manifests: without it, whether a compile right after
 * writeProject writes one depends on how long the steps before it took.
 */
export function settle(): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, 1100));
}

/** Compiles each `<name>.c` to an object file with `gcc -c` as a `run:` step (through the shims on PATH). */
export async function compile(job: RunnerJob, dir: string, names: string[]): Promise<void> {
  const cmd = names.map(n => `gcc -O2 -c ${n}.c -o ${n}.o`).join(' && ');
  const r = await job.shell(cmd, dir);
  if (r.code !== 0) throw new Error(`compile failed (${r.code}): ${r.stderr}`);
}

/** A number from the summary's table row for `namespace` under the column named `column`. */
export function summaryCell(summary: string, section: string, namespace: string, column: string): string {
  const part = summary.split(`### ${section}`)[1] ?? '';
  const lines = part.split('\n').filter(l => l.startsWith('|'));
  const head = lines[0]?.split('|').map(c => c.trim());
  const row = lines
    .find(l => l.includes(`\`${namespace}\``))
    ?.split('|')
    .map(c => c.trim());
  if (!head || !row) throw new Error(`no ${section} row for ${namespace} in the summary:\n${summary}`);
  const i = head.indexOf(column);
  if (i < 0) throw new Error(`no column ${column} in the ${section} table: ${head.join(', ')}`);
  return row[i]!;
}
