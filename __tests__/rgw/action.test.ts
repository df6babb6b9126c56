/**
 * The action's built entry points (pre, a real gcc build through the shims, main, post) as the
 * runner runs them (helpers/runner.ts), and the `compile-cache ls` command, against Ceph's RADOS
 * Gateway and, the same cases, against the embedded server.
 */
import { join } from 'node:path';
import { eventually } from '../server/helpers.js';
import { EntryJournal } from '../../src/store/journal.js';
import { prepackedBucket, prepackedEntries } from '../../src/sync/packs/prepack.js';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { REPO_ROOT, runProcess, type StepResult } from '../helpers/runner.js';
import { describeEachTarget, freshBucket, rawClient, type S3Target } from '../helpers/s3.js';
import { compile, newJob, stepNode, summaryCell, writeProject } from '../action/helpers.js';
import { sdkPackBucket } from '../../testkit/sdk-pack-bucket.js';
import { readCensus, type Census } from '../../src/sync/packs/census.js';
import { listPacks } from '../../src/sync/packs/read.js';

const NAMES = ['alpha', 'beta', 'gamma'];

function expectOk(r: StepResult): void {
  if (r.code !== 0) throw new Error(`${r.step} exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  expect(r.annotations.filter(a => a.level !== 'notice')).toEqual([]);
}

describeEachTarget('action', (server: S3Target) => {
  function inputs(bucket: string, cacheDir: string): Record<string, string> {
    return {
      'cache-dir': cacheDir,
      bucket,
      endpoint: server.endpoint,
      region: 'us-east-1',
      'access-key-id': server.credentials.accessKeyId,
      'secret-access-key': server.credentials.secretAccessKey
    };
  }

  /**
   * The entry paths (`cache/<ns>/<tenant>/<hh>/<hex>`) of one namespace in the bucket, packs left
   * out. The default namespaces are compile and manifests (direct mode's).
   */
  async function bucketEntries(bucket: string, ns = 'compile'): Promise<string[]> {
    const client = rawClient(server.endpoint, server.credentials);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket: bucket, Prefix: `cache/${ns}/`, ContinuationToken: token })
      );
      for (const o of page.Contents ?? []) keys.push(o.Key!);
      token = page.NextContinuationToken;
    } while (token);
    client.destroy();
    const entries = keys
      .filter(k => !k.startsWith('cache/packs/'))
      .map(k => k.split('/').slice(0, -1).join('/'));
    return [...new Set(entries)].sort();
  }

  /** The packs of namespace compile (`cache/packs/compile/`): their ids, and the entries they hold. */
  async function packsOf(
    bucket: string
  ): Promise<{ ids: string[]; entries: string[]; census: Census | null }> {
    const client = rawClient(server.endpoint, server.credentials);
    try {
      const packBucket = sdkPackBucket(client, bucket);
      const listing = await listPacks(packBucket, 'cache/packs/compile/');
      expect({ torn: listing.torn, skipped: listing.skipped }).toEqual({ torn: [], skipped: [] });
      return {
        ids: listing.indexes.map(i => i.id).sort(),
        entries: listing.indexes
          .flatMap(i => i.entries.map(e => `cache/compile/${e.ns}/${e.key.slice(0, 2)}/${e.key}`))
          .sort(),
        census: await readCensus(packBucket, 'cache/packs/compile/')
      };
    } finally {
      client.destroy();
    }
  }

  /**
   * pre → gcc build through the shims → main → post, as one job on a fresh cache directory.
   * `prepacked`: before post, wait until the compile server has packed this many of the build's
   * compile entries (it does whenever the build has been quiet for a moment, so maybe in several
   * runs; a post that comes sooner packs them itself).
   */
  async function fullJob(
    bucket: string,
    project: string,
    extra: Record<string, string> = {},
    prepacked?: number
  ) {
    const job = await newJob();
    const cacheDir = join(job.root, 'cache');
    const all = { ...inputs(bucket, cacheDir), ...extra };
    const pre = await job.run('pre', all);
    expectOk(pre);
    await compile(job, project, NAMES);
    const main = await job.run('main', all);
    expectOk(main);
    if (prepacked !== undefined) {
      // The journal the pre step's restore started, in the state directory the steps and the server share.
      const journal = EntryJournal.of(cacheDir);
      const state = await journal.read();
      if (!state.usable) throw new Error(state.reason);
      const folder = prepackedBucket(journal.location, state.read.id);
      const said = async () =>
        [...(await prepackedEntries(folder)).ids].filter(id => id.startsWith('compile/')).length >= prepacked;
      expect(await eventually(said)).toBe(true);
    }
    const post = await job.run('post', all);
    expectOk(post);
    return { job, pre, main, post };
  }

  it('job 1 saves what it compiled; `compile-cache ls` counts it; job 2 restores it all, hits every compile and uploads nothing', async () => {
    const bucket = await freshBucket('rgw-action', server);
    const first = await newJob();
    const project = join(first.root, 'project');
    await writeProject(project, NAMES);

    const job1 = await fullJob(bucket, project, {}, 3);
    expect(job1.main.outputs.get('cache-hit')).toBe('false');
    // The save sent what the compile server had packed while the build was quiet.
    expect(job1.post.stdout).toMatch(
      /compile: from the journal, 3 entries written \(3 of them packed ahead\)/
    );
    expect(summaryCell(job1.post.summary, 'Save', 'compile', 'uploaded')).toMatch(/^3 \(/);
    expect(summaryCell(job1.post.summary, 'Save', 'compile', 'packs written')).toBe('1');
    // The default upload mode, auto, on an empty bucket: one pack with the three entries, no
    // entry object, and a census that says nothing is outside packs.
    expect(job1.post.summary).toContain('This save: `compile` as packs only');
    expect(await bucketEntries(bucket)).toEqual([]);
    const packs1 = await packsOf(bucket);
    expect(packs1.ids).toHaveLength(1);
    const entries = packs1.entries;
    expect(entries).toHaveLength(3);
    expect(entries.every(k => k.startsWith('cache/compile/local/'))).toBe(true);
    expect(packs1.census).toMatchObject({ outsidePacks: 0 });

    // The CLI's listing of the bucket finds the entries two levels below `compile/` (stock
    // s3rver reports no common prefix there and this said "compile: 0 entries").
    const ls = await runProcess(
      stepNode(),
      [join(REPO_ROOT, 'bin', 'compile-cache.js'), 'ls', '--bucket', bucket, '--endpoint', server.endpoint],
      {
        cwd: first.root,
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
          AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
          AWS_REGION: 'us-east-1',
          AWS_EC2_METADATA_DISABLED: 'true'
        }
      }
    );
    expect({ code: ls.code, stderr: ls.stderr }).toEqual({ code: 0, stderr: '' });
    expect(ls.stdout).toMatch(/^\s*compile: 3 entries/m);

    // Direct mode's manifests went up too: one per compile whose files were old enough to trust.
    const manifests = parseInt(summaryCell(job1.post.summary, 'Save', 'manifests', 'uploaded'), 10);
    const job2 = await fullJob(bucket, project);
    expect(job2.main.outputs.get('restored-entries')).toBe(String(3 + manifests));
    expect(job2.main.outputs.get('cache-hit')).toBe('true');
    expect(summaryCell(job2.post.summary, 'Save', 'compile', 'uploaded')).toMatch(/^0 \(/);
    expect(job2.post.summary).toMatch(/\| 3 \| 0 \| 0 \| 0 \| 100\.0 % \|/);
    // The default lazy install kept the results packed (the manifests were written at once), and
    // the post step's summary says so from the figures the pre step saved.
    expect(job2.post.summary).toContain('Lazy install: 3 of `compile` restored entries were kept packed');
    // All from the pack, without listing the objects (the census said 0); nothing new went up.
    expect(job2.main.outputs.get('restored-from-packs')).toBe(String(3 + manifests));
    expect(job2.pre.stdout).toMatch(/compile: .* from packs \(not listing .*every entry was in a pack\)/);
    expect(await bucketEntries(bucket)).toEqual([]);
    expect((await packsOf(bucket)).ids).toEqual(packs1.ids);
  });

  it('post prunes the bucket when remote-max-size is set, and says what it pruned', async () => {
    const bucket = await freshBucket('rgw-action', server);
    const first = await newJob();
    const project = join(first.root, 'project');
    await writeProject(project, NAMES);
    await fullJob(bucket, project, { 'upload-mode': 'objects' });
    const oldEntries = await bucketEntries(bucket);
    expect(oldEntries).toHaveLength(3);
    await writeProject(project, NAMES, 1); // new code: three new entries
    const job2 = await fullJob(bucket, project, { 'upload-mode': 'objects', 'remote-max-size': '1' });
    expect(summaryCell(job2.post.summary, 'Save', 'compile', 'uploaded')).toMatch(/^3 \(/);
    // A limit of one byte: every entry goes, this job's too.
    expect(await bucketEntries(bucket)).toEqual([]);
    const line = job2.post.stdout
      .split('\n')
      .find(l => l.includes('compile: uploaded') && l.includes('pruned from the bucket'));
    expect(line).toMatch(/pruned from the bucket: 6 \(/);
  });
});
