/**
 * `npm run demo`: the whole flow on this machine, against an S3-protocol server on 127.0.0.1.
 *
 *   job 1: pre (restores nothing: the bucket is empty) → `make` of a small C project through the
 *          compiler shims (all misses) → main → post (uploads every new entry)
 *   job 2: a fresh cache directory, as on a new runner: pre restores everything (the results in
 *          `compile` and direct mode's manifests in `manifests`, the default namespaces) → the
 *          same build is all hits, direct-mode ones (no preprocessor run) → post uploads nothing
 *
 * The steps are the committed dist/ entry points, run as child processes with the runner's
 * INPUT_* variables and files (the same helper the tests use). Each job's summary is printed as
 * the Markdown the runner would show. `npm run demo -- --node24` runs the steps under Node 24
 * (installed into .tools/node24 from the npm registry), the runtime the action declares.
 */
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { REPO_ROOT, RunnerJob, type StepResult } from '../__tests__/helpers/runner.js';
import { S3_TEST_CREDENTIALS } from '../testkit/s3-server.js';
import { startS3Server } from '../testkit/s3-server.js';
import { node24Path } from './node24.mjs';

const FILES = 8;
const FUNCTIONS_PER_FILE = 40;

/** C sources with enough optimisable code that gcc -O2 takes a noticeable time per file. */
async function writeProject(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'demo.h'),
    '#pragma once\nunsigned long mix(unsigned long x, unsigned long y);\n'
  );
  const objects: string[] = [];
  for (let f = 0; f < FILES; f++) {
    const lines = ['#include "demo.h"', '#include <string.h>'];
    for (let i = 0; i < FUNCTIONS_PER_FILE; i++) {
      lines.push(
        `unsigned long f${f}_${i}(const unsigned char *p, unsigned long n) {`,
        `  unsigned long h = ${i * 2654435761 + f};`,
        `  unsigned char buf[64]; memset(buf, ${i % 251}, sizeof buf);`,
        `  for (unsigned long k = 0; k < n; k++) { h = mix(h ^ p[k], buf[k % 64] + ${i}); h = (h << 7) | (h >> 57); }`,
        `  switch (h % 7) { case 0: return h * ${i + 3}; case 1: return h ^ ${f + 11}; case 2: return h + n; default: return h - ${i}; }`,
        '}'
      );
    }
    await writeFile(join(dir, `part${f}.c`), lines.join('\n') + '\n');
    objects.push(`part${f}.o`);
  }
  await writeFile(
    join(dir, 'Makefile'),
    `CC ?= cc\nCFLAGS = -O2 -g -Wall\nall: ${objects.join(' ')}\n%.o: %.c demo.h\n\t$(CC) $(CFLAGS) -c $< -o $@\nclean:\n\trm -f *.o\n`
  );
}

function stepLines(r: StepResult): string {
  const lines = r.stdout
    .split('\n')
    .filter(l => l !== '' && !l.startsWith('::add-mask::'))
    .map(l => `    ${l}`);
  if (r.code !== 0) lines.push(`    (exit code ${r.code}) ${r.stderr.trim()}`);
  return lines.join('\n');
}

async function runJob(
  title: string,
  node: string,
  inputs: Record<string, string>,
  project: string
): Promise<{ summary: string; buildMs: number; ok: boolean }> {
  console.log(`\n=== ${title} ===`);
  const job = await RunnerJob.create({ node, env: { AWS_EC2_METADATA_DISABLED: 'true' } });
  const cacheDir = join(job.root, 'cache');
  const all = { ...inputs, 'cache-dir': cacheDir };
  const pre = await job.run('pre', all);
  console.log(`  pre:\n${stepLines(pre)}`);
  await job.shell('make clean', project);
  const started = Date.now();
  const build = await job.shell('make -j2', project);
  const buildMs = Date.now() - started;
  console.log(
    `  build: make -j2 of ${FILES} files through the shims on PATH: ${(buildMs / 1000).toFixed(2)} s (exit ${build.code})`
  );
  if (build.code !== 0) console.log(build.stderr);
  const main = await job.run('main', all);
  console.log(`  main:\n${stepLines(main)}`);
  const post = await job.run('post', all);
  console.log(`  post:\n${stepLines(post)}`);
  console.log(`\n--- job summary (Markdown, as GITHUB_STEP_SUMMARY receives it) ---\n${post.summary}`);
  await rm(job.root, { recursive: true, force: true });
  return {
    summary: post.summary,
    buildMs,
    ok: pre.code === 0 && build.code === 0 && main.code === 0 && post.code === 0
  };
}

async function main(): Promise<number> {
  // The demo's own S3 client only creates the bucket; its note about future Node versions is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  if (!existsSync(join(REPO_ROOT, 'dist', 'action', 'pre.js'))) {
    console.error('dist/ is missing: run npm run build first');
    return 1;
  }
  const node = process.argv.includes('--node24') ? node24Path() : process.execPath;
  console.log(
    `compile-cache demo: steps run with ${node} (Node ${process.argv.includes('--node24') ? '24' : process.versions.node}).`
  );

  const server = await startS3Server();
  const work = join(server.directory, '..', `compile-cache-demo-${process.pid}`);
  try {
    const bucket = 'demo-bucket';
    const client = new S3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: S3_TEST_CREDENTIALS
    });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
    client.destroy();
    console.log(`S3-protocol server (s3rver) on ${server.endpoint}, bucket ${bucket}.`);

    const project = join(work, 'project');
    await writeProject(project);
    // Direct mode records no file changed in the last second: wait it out, so that job 1 writes
    // a manifest for every compile (on a real runner the checkout is older than that anyway).
    await new Promise(resolve => setTimeout(resolve, 1100));
    const inputs = {
      bucket,
      endpoint: server.endpoint,
      'access-key-id': S3_TEST_CREDENTIALS.accessKeyId,
      'secret-access-key': S3_TEST_CREDENTIALS.secretAccessKey
    };
    const job1 = await runJob('job 1: empty bucket, cold build', node, inputs, project);
    const job2 = await runJob(
      'job 2: new runner (fresh cache directory), same sources',
      node,
      inputs,
      project
    );

    console.log('=== what this showed ===');
    console.log(`  build time, job 1 (all misses, entries written): ${(job1.buildMs / 1000).toFixed(2)} s`);
    console.log(`  build time, job 2 (restored from the bucket):    ${(job2.buildMs / 1000).toFixed(2)} s`);
    console.log(
      '  Both on this machine and a loopback server: real network transfer times and much larger\n' +
        '  projects change the figures; the hit rate and the entry counts are what carry over.'
    );
    return job1.ok && job2.ok ? 0 : 1;
  } finally {
    await server.stop();
    await rm(work, { recursive: true, force: true });
  }
}

process.exitCode = await main();
