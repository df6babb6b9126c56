/**
 * Fails when the committed dist/ is not what the sources build to (`npm run check-dist`, part of
 * `npm test`): rebuilds into a temporary directory and names every stale, missing or extra file.
 * Also checks that the compiler wrapper's bundle stays free of the AWS SDK (it starts once per compile).
 */
import { readFile, rm, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, listFiles, ROOT } from './build.mjs';

const dist = join(ROOT, 'dist');
const fresh = await mkdtemp(join(tmpdir(), 'compile-cache-check-dist-'));
const problems = [];
try {
  await build(fresh);
  const want = await listFiles(fresh);
  let have = [];
  try {
    have = await listFiles(dist);
  } catch {
    problems.push('dist/ is missing');
  }
  for (const f of want) {
    if (!have.includes(f)) problems.push(`dist/${f} is missing`);
    else if (!(await readFile(join(dist, f))).equals(await readFile(join(fresh, f)))) {
      problems.push(`dist/${f} is stale`);
    }
  }
  for (const f of have)
    if (!want.includes(f)) problems.push(`dist/${f} is not built from the sources any more`);
  // The wrapper's bundle and every chunk it loads on demand (dist/wrap/<n>.index.js).
  for (const f of want.filter(f => f.startsWith('wrap/') && f.endsWith('.js'))) {
    const code = await readFile(join(fresh, f), 'utf8');
    if (['@aws-sdk/', 'S3Client', '@actions/core', '@actions/cache', '@azure/'].some(m => code.includes(m))) {
      problems.push(
        `dist/${f} contains the AWS SDK or the actions toolkit: the compiler wrapper must stay small`
      );
    }
  }
} finally {
  await rm(fresh, { recursive: true, force: true });
}
if (problems.length > 0) {
  console.error(
    `check-dist: dist/ does not match the sources:\n  ${problems.join('\n  ')}\nRun npm run build and commit dist/.`
  );
  process.exit(1);
}
console.log('check-dist: dist/ matches the sources');
