/**
 * s3rver differs from S3 in two ways the S3 store relies on; this closes both gaps on a server
 * instance (dev/s3-server.js starts every test server this way):
 * 1. A CopyObject of an object onto itself (MetadataDirective REPLACE) rewrites only the metadata,
 *    so LastModified (the object file's mtime) does not move. S3 gives the copy a new LastModified,
 *    which is how the store refreshes an entry's time.
 * 2. PutObject ignores `If-None-Match: *`; S3 answers 412 PreconditionFailed when the key exists.
 * 3. ListObjects walks its directory in readdir order (not key order), so pages after the first can
 *    skip or repeat keys; and with a delimiter it prunes the walk one level too early, so a common
 *    prefix whose objects sit two or more levels down (`cache/` over `cache/ab/<hex>/output`) is
 *    never reported. The replacement walks in key order and finds such prefixes.
 * 4. ListObjectsV2 continuation tokens are DES-encrypted, which OpenSSL 3 (Node >= 17) refuses, so
 *    any listing longer than one page (1000 keys) fails with 500 InternalError. Our tokens are the
 *    base64 of the last key, translated to and from `start-after` around s3rver's controller.
 * s3rver also reports LastModified with one-second resolution; setLastModified backdates objects
 * through the server's directory so age tests need no waiting.
 * Plain JavaScript so that jest's global set-up could load it without a transform.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { readdirSync } from 'node:fs';
import { utimes } from 'node:fs/promises';
import { join } from 'node:path';
import S3Object from 's3rver/lib/models/object.js';

const OBJECT_SUFFIX = '._S3rver_object';
/** Per request: where a truncated listing stopped (set by the listing, read by the middleware). */
const listingState = new AsyncLocalStorage();
const TOKEN_PREFIX = 'gapfree:';

/** The entries of one directory as key-ordered items: a directory `a` stands for the keys `a/…`. */
function keyItems(dirPath, keyPrefix) {
  let entries;
  try {
    entries = readdirSync(dirPath, { withFileTypes: true });
  } catch (err) {
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return [];
    throw err;
  }
  const items = [];
  for (const e of entries) {
    if (e.isDirectory())
      items.push({ key: `${keyPrefix}${e.name}/`, path: join(dirPath, e.name), dir: true });
    else if (e.name.endsWith(OBJECT_SUFFIX))
      items.push({ key: keyPrefix + e.name.slice(0, -OBJECT_SUFFIX.length), dir: false });
  }
  return items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Every object key under the directory, in key order, skipping subtrees outside prefix or before startAfter. */
function* walkKeys(dirPath, keyPrefix, prefix, startAfter) {
  for (const item of keyItems(dirPath, keyPrefix)) {
    if (item.dir) {
      if (!item.key.startsWith(prefix) && !prefix.startsWith(item.key)) continue;
      if (item.key < startAfter && !startAfter.startsWith(item.key)) continue;
      yield* walkKeys(item.path, item.key, prefix, startAfter);
    } else if (item.key.startsWith(prefix) && item.key > startAfter) {
      yield item.key;
    }
  }
}

/** A ListObjects with S3's semantics for what we use: key order, common prefixes at any depth. */
async function listObjectsInKeyOrder(store, bucket, options) {
  const { delimiter = '', startAfter = '', prefix = '', maxKeys = Infinity } = options;
  // Start at the deepest directory the prefix names.
  const base = prefix.slice(0, prefix.lastIndexOf('/') + 1);
  const keys = [];
  const commonPrefixes = [];
  let isTruncated = false;
  let skipUnder;
  for (const key of walkKeys(join(store.getBucketPath(bucket), base), base, prefix, startAfter)) {
    if (skipUnder !== undefined && key.startsWith(skipUnder)) continue;
    const idx = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
    if (idx !== -1) {
      skipUnder = key.slice(0, idx + delimiter.length);
      commonPrefixes.push(skipUnder);
      continue;
    }
    if (keys.length >= maxKeys) {
      isTruncated = true;
      break;
    }
    keys.push(key);
  }
  // The next page starts after the last object, so common prefixes past it come with that page.
  const last = keys[keys.length - 1];
  const state = listingState.getStore();
  if (isTruncated && state) state.nextAfter = last;
  const prefixes = isTruncated && last !== undefined ? commonPrefixes.filter(p => p < last) : commonPrefixes;
  const metadata = await Promise.all(
    keys.map(key =>
      store.getMetadata(bucket, key).catch(err => {
        if (err.code === 'ENOENT') return undefined;
        throw err;
      })
    )
  );
  return {
    objects: keys.flatMap((key, i) => (metadata[i] ? [new S3Object(bucket, key, null, metadata[i])] : [])),
    commonPrefixes: prefixes,
    // Reported by the middleware instead: s3rver would make a DES token, which OpenSSL 3 refuses.
    isTruncated: isTruncated && !state
  };
}

/** @param {any} server an S3rver instance that has not started yet */
export function closeS3rverGaps(server) {
  const store = server.store;
  const copyObject = store.copyObject.bind(store);
  store.copyObject = async (srcBucket, srcKey, destBucket, destKey, replacement) => {
    if (srcBucket === destBucket && srcKey === destKey) {
      const now = new Date();
      await utimes(store.getResourcePath(destBucket, destKey, 'object'), now, now);
    }
    return copyObject(srcBucket, srcKey, destBucket, destKey, replacement);
  };
  store.listObjects = (bucket, options) => listObjectsInKeyOrder(store, bucket, options);
  // First in the chain, before routing: path-style `/<bucket>/<key>`.
  // After s3rver's XML encoder (second in its chain), so the listing body is still an object here.
  server.middleware.splice(2, 0, async (ctx, next) => {
    if (ctx.method !== 'GET' || ctx.query['list-type'] !== '2') return next();
    const token = ctx.query['continuation-token'];
    if (token !== undefined) {
      const decoded = Buffer.from(String(token), 'base64').toString('utf8');
      const query = { ...ctx.query };
      delete query['continuation-token'];
      if (decoded.startsWith(TOKEN_PREFIX)) query['start-after'] = decoded.slice(TOKEN_PREFIX.length);
      ctx.query = query;
    }
    const state = { nextAfter: undefined };
    await listingState.run(state, next);
    const result = ctx.body && ctx.body.ListBucketResult;
    if (result && state.nextAfter !== undefined) {
      result.IsTruncated = true;
      result.NextContinuationToken = Buffer.from(TOKEN_PREFIX + state.nextAfter).toString('base64');
      result.StartAfter = undefined;
    }
  });
  server.middleware.unshift(async (ctx, next) => {
    if (ctx.method === 'PUT' && ctx.headers['if-none-match'] === '*' && !ctx.headers['x-amz-copy-source']) {
      const m = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
      if (m && (await store.existsObject(m[1], decodeURIComponent(m[2])))) {
        ctx.status = 412;
        ctx.type = 'application/xml';
        ctx.body =
          '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
          '<Message>At least one of the pre-conditions you specified did not hold</Message></Error>';
        return;
      }
    }
    await next();
  });
  return server;
}
