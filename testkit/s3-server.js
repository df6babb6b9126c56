/**
 * An S3-protocol server on loopback for tests, the demo and the benchmark: s3rver (a real HTTP
 * server speaking the S3 REST API over a directory), on 127.0.0.1 and a free port.
 * Plain JavaScript so that jest's global set-up can load it without a transform.
 */
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { closeS3rverGaps } from './s3rver-gaps.js';

/** s3rver's fixed credentials: it checks signatures against them. */
export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * @param {{ directory?: string, port?: number }} [options]
 */
export async function startS3Server(options = {}) {
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'compile-cache-s3-')));
  // s3rver with the gaps between it and S3 closed (see s3rver-gaps.js): listings, copy-onto-itself, If-None-Match.
  const server = closeS3rverGaps(
    new S3rver({ address: '127.0.0.1', port: options.port ?? 0, directory, silent: true })
  );
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  return {
    endpoint,
    port: address.port,
    directory,
    /** Sets an object's LastModified (its file's mtime in the server's directory), so age tests need no waiting. */
    async setLastModified(bucket, key, date) {
      await utimes(server.store.getResourcePath(bucket, key, 'object'), date, date);
    },
    async stop() {
      await server.close();
      if (!options.directory) await rm(directory, { recursive: true, force: true });
    }
  };
}
