/**
 * testkit/rgw/rgw.js itself: a gateway it starts takes signed requests with the keys it printed, its
 * stop leaves no daemon and no directory behind, and what a crashed run left is swept by the next.
 * Runs where radosgw is installed (the same condition as every RGW case).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { startRgw, sweepStaleRgw, type RunningRgw } from '../../testkit/rgw/rgw.js';
import { describeRgw, rawClient } from '../helpers/s3.js';

function running(pid: number): boolean {
  // A zombie (exited, not yet reaped) has no command line: it counts as gone.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').length > 0;
  } catch {
    return false;
  }
}

describeRgw('the RGW start script', () => {
  let rgw: RunningRgw | undefined;
  afterAll(async () => {
    await rgw?.stop();
  });

  it('starts a gateway that takes signed requests, and stops it without a trace; a crashed owner is swept', async () => {
    rgw = await startRgw();
    const client = rawClient(rgw.endpoint, rgw.credentials);
    await client.send(new CreateBucketCommand({ Bucket: 'kit-check' }));
    const buckets = await client.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map(b => b.Name)).toEqual(['kit-check']);
    // A wrong secret is refused: the gateway checks signatures (s3rver does not unless patched).
    const wrong = rawClient(rgw.endpoint, { ...rgw.credentials, secretAccessKey: 'not-the-secret' });
    await expect(wrong.send(new ListBucketsCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch'
    });
    wrong.destroy();
    client.destroy();
    expect(Object.keys(rgw.pids).sort()).toEqual(['client.rgw.test', 'mon.a', 'osd.0']);
    expect(Object.values(rgw.memory()).every(bytes => bytes > 0)).toBe(true);

    // As if this process had died: the state names an owner that is gone. The sweep stops it all.
    const dead = spawnSync('true').pid;
    const statePath = join(rgw.directory, 'rgw.json');
    const state = JSON.parse(readFileSync(statePath, 'utf8')) as { owner: number | null };
    writeFileSync(statePath, JSON.stringify({ ...state, owner: dead }));
    const { pids, directory } = rgw;
    await sweepStaleRgw();
    expect(Object.values(pids).filter(running)).toEqual([]);
    expect(existsSync(directory)).toBe(false);
    await rgw.stop(); // after the sweep: nothing left to do, no error
    rgw = undefined;
  });
});
