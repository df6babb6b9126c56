/**
 * s3rver differs from S3 in ways the S3 store and its tests rely on; this closes those gaps on a
 * server instance (testkit/s3-server.js starts every test server this way):
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
 * 5. s3rver reports LastModified with one-second resolution; setLastModified (s3-server.js)
 *    backdates objects through the server's directory so age tests need no waiting.
 * 6. SigV4 signatures are not checked at all: any secret passes ("Signature version 4 calculation is
 *    unimplemeneted" in s3rver's authentication middleware), so a signing bug in our own requests
 *    would pass every test and fail every request on S3 with 403. verifySigV4 recomputes the
 *    signature as S3 does (canonical request, string to sign, HMAC chain from the account's secret)
 *    for header (`Authorization: AWS4-HMAC-SHA256 …`) and presigned query-string requests, checks
 *    that a hex `x-amz-content-sha256` matches the body received, and answers S3's errors:
 *    SignatureDoesNotMatch, InvalidAccessKeyId, RequestTimeTooSkewed (403), AccessDenied for
 *    unsigned x-amz-* headers, XAmzContentSHA256Mismatch (400). Not checked: the chunk signatures of
 *    a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD` body (its seed signature is), the scope's region.
 * 7. PutObject answers once the body has been handed to the file's write stream, not once it is
 *    written, so the object file can still be growing (and its mtime moving) after the 200: a
 *    backdating setLastModified right after a PUT was undone by the write's end now and then
 *    (lru-ties' S3 case, seen in CI). S3 answers a PUT when the object is stored; so does this
 *    putObject, which waits for the file to be written and closed.
 * Plain JavaScript so that jest's global set-up could load it without a transform.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, createHmac } from 'node:crypto';
import { createWriteStream, readdirSync } from 'node:fs';
import { mkdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import AWSAccount from 's3rver/lib/models/account.js';
import S3Error from 's3rver/lib/models/error.js';
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

const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** S3's allowed difference between a request's x-amz-date and the server's clock. */
const MAX_SKEW_MS = 15 * 60 * 1000;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

/** An S3 error answer (s3rver's onerror writes it as S3's XML), with a status s3rver does not know. */
function s3Error(code, message, detail = {}, status) {
  const err = new S3Error(code, message, detail);
  if (status !== undefined) {
    err.status = status;
    err.expose = status < 500;
  }
  return err;
}

/** RFC 3986 escaping: everything but A-Z a-z 0-9 - _ . ~ as %XX of its UTF-8 bytes. */
function rfc3986(s) {
  return encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeOrThrow(s, what) {
  try {
    return decodeURIComponent(s);
  } catch {
    throw s3Error('InvalidURI', `Couldn't parse the specified URI: bad percent-encoding in the ${what}`, {
      URI: s
    });
  }
}

/** The received path with each segment decoded and re-encoded; `.`, `..` and `//` stay as they are. */
function canonicalUri(rawPath) {
  return rawPath
    .split('/')
    .map(segment => rfc3986(decodeOrThrow(segment, 'path')))
    .join('/');
}

/** Every parameter decoded (`+` is a space in a query) then encoded, sorted by key then value. */
function canonicalQuery(rawQuery, omit) {
  const params = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const name = decodeOrThrow(rawName.replace(/\+/g, ' '), 'query');
    if (name === omit) continue;
    params.push([rfc3986(name), rfc3986(decodeOrThrow(rawValue.replace(/\+/g, ' '), 'query'))]);
  }
  params.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return params.map(([k, v]) => `${k}=${v}`).join('&');
}

/** `name:value` lines of the signed headers: repeated headers joined by `,`, values trimmed and collapsed. */
function canonicalHeaders(req, signedHeaders) {
  return signedHeaders
    .map(name => {
      const values = req.headersDistinct[name] ?? [];
      return `${name}:${values.map(v => v.trim().replace(/\s+/g, ' ')).join(',')}\n`;
    })
    .join('');
}

/** `20240102T030405Z` as a Date, or undefined. */
function parseAmzDate(s) {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s ?? '');
  if (!m) return undefined;
  const [, y, mo, d, h, mi, se] = m.map(Number);
  return new Date(Date.UTC(y, mo - 1, d, h, mi, se));
}

function hmac(key, data) {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/** The auth fields of a SigV4 request, from its Authorization header or its presigned query. */
function sigV4Fields(ctx) {
  const authorization = ctx.headers.authorization;
  if (typeof authorization === 'string' && authorization.startsWith(`${SIGV4_ALGORITHM} `)) {
    const parts = new Map(
      authorization
        .slice(SIGV4_ALGORITHM.length + 1)
        .split(',')
        .map(p => p.trim())
        .filter(p => p !== '')
        .map(p => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)])
    );
    for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
      if (!parts.get(name)) {
        throw s3Error(
          'AuthorizationHeaderMalformed',
          `The authorization header is malformed; missing ${name}.`
        );
      }
    }
    const payloadHash = ctx.headers['x-amz-content-sha256'];
    if (typeof payloadHash !== 'string') {
      throw s3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
    }
    return {
      presigned: false,
      credential: parts.get('Credential'),
      signedHeaders: parts.get('SignedHeaders'),
      signature: parts.get('Signature'),
      amzDate: ctx.headers['x-amz-date'],
      payloadHash
    };
  }
  const q = ctx.query;
  if (q['X-Amz-Algorithm'] === SIGV4_ALGORITHM && !('authorization' in ctx.headers)) {
    for (const name of ['X-Amz-Credential', 'X-Amz-SignedHeaders', 'X-Amz-Signature', 'X-Amz-Date']) {
      if (typeof q[name] !== 'string') {
        throw s3Error('AuthorizationQueryParametersError', `Query-string authentication requires ${name}.`);
      }
    }
    return {
      presigned: true,
      credential: q['X-Amz-Credential'],
      signedHeaders: q['X-Amz-SignedHeaders'],
      signature: q['X-Amz-Signature'],
      amzDate: q['X-Amz-Date'],
      // S3 signs presigned URLs over UNSIGNED-PAYLOAD unless the URL names a hash.
      payloadHash:
        typeof q['X-Amz-Content-Sha256'] === 'string' ? q['X-Amz-Content-Sha256'] : 'UNSIGNED-PAYLOAD'
    };
  }
  return undefined;
}

/**
 * Gap 6: verifies a SigV4-signed request as S3 does, or throws S3's error. Requests without SigV4
 * auth (anonymous, V2) go on to s3rver's own authentication. A body whose hash is signed is read
 * here, checked, and handed on to s3rver as a fresh stream.
 */
async function verifySigV4(ctx) {
  const fields = sigV4Fields(ctx);
  if (!fields) return;
  const [accessKeyId, scopeDate, region, service, terminator, ...rest] = fields.credential.split('/');
  if (
    !accessKeyId ||
    !scopeDate ||
    !region ||
    service !== 's3' ||
    terminator !== 'aws4_request' ||
    rest.length
  ) {
    throw s3Error(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".`
    );
  }
  const account = AWSAccount.registry.get(accessKeyId);
  if (!account) {
    throw s3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.', {
      AWSAccessKeyId: accessKeyId
    });
  }
  const requestTime = parseAmzDate(fields.amzDate);
  if (!requestTime) {
    throw s3Error('AccessDenied', 'AWS authentication requires a valid x-amz-date header (yyyyMMddTHHmmssZ)');
  }
  if (fields.amzDate.slice(0, 8) !== scopeDate) {
    throw s3Error(
      'AuthorizationHeaderMalformed',
      `The authorization header is malformed; Invalid credential date "${scopeDate}". This date is not the same as X-Amz-Date: "${fields.amzDate.slice(0, 8)}".`
    );
  }
  // Presigned URLs have X-Amz-Expires instead (s3rver checks it).
  if (!fields.presigned && Math.abs(Date.now() - requestTime.getTime()) > MAX_SKEW_MS) {
    throw s3Error(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      {
        RequestTime: fields.amzDate,
        ServerTime: new Date().toISOString().replace(/[-:]|\.\d+/g, ''),
        MaxAllowedSkewMilliseconds: MAX_SKEW_MS
      }
    );
  }
  const signedHeaders = fields.signedHeaders.split(';');
  const unsigned = Object.keys(ctx.req.headers).filter(
    h => h.startsWith('x-amz-') && !signedHeaders.includes(h) && !fields.presigned
  );
  if (!signedHeaders.includes('host') || unsigned.length > 0) {
    throw s3Error('AccessDenied', 'There were headers present in the request which were not signed', {
      HeadersNotSigned: signedHeaders.includes('host')
        ? unsigned.join(', ')
        : ['host', ...unsigned].join(', ')
    });
  }
  // The raw request target: s3rver's middleware and router have not rewritten anything yet.
  const target = ctx.req.url ?? '/';
  const qIndex = target.indexOf('?');
  const rawPath = qIndex < 0 ? target : target.slice(0, qIndex);
  const rawQuery = qIndex < 0 ? '' : target.slice(qIndex + 1);
  const canonicalRequest = [
    ctx.method,
    canonicalUri(rawPath),
    canonicalQuery(rawQuery, fields.presigned ? 'X-Amz-Signature' : undefined),
    canonicalHeaders(ctx.req, signedHeaders),
    fields.signedHeaders,
    fields.payloadHash
  ].join('\n');
  const scope = `${scopeDate}/${region}/${service}/aws4_request`;
  const stringToSign = [
    SIGV4_ALGORITHM,
    fields.amzDate,
    scope,
    createHash('sha256').update(canonicalRequest, 'utf8').digest('hex')
  ].join('\n');
  const secret = account.accessKeys.get(accessKeyId);
  let key = hmac(`AWS4${secret}`, scopeDate);
  for (const part of [region, service, 'aws4_request']) key = hmac(key, part);
  const expected = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  if (expected !== fields.signature) {
    throw s3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
      {
        AWSAccessKeyId: accessKeyId,
        StringToSign: stringToSign,
        SignatureProvided: fields.signature,
        CanonicalRequest: canonicalRequest
      }
    );
  }
  // UNSIGNED-PAYLOAD and the STREAMING-* forms are taken as they are (no chunk signatures checked).
  if (HEX_SHA256.test(fields.payloadHash)) {
    const chunks = [];
    for await (const chunk of ctx.req) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const actual = createHash('sha256').update(body).digest('hex');
    if (actual !== fields.payloadHash) {
      throw s3Error(
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        { ClientComputedContentSHA256: fields.payloadHash, S3ComputedContentSHA256: actual },
        400
      );
    }
    // s3rver reads the body from ctx.req (ctx.headers, ctx.url and the rest read ctx.request.req).
    const replay = new PassThrough();
    replay.headers = ctx.req.headers;
    replay.end(body);
    ctx.req = replay;
  }
}

/**
 * s3rver's FilesystemStore.putObject, answering once the object file is written and closed (gap 7).
 * @param {any} store
 * @param {any} object an S3Object: content is a Buffer or a readable stream
 */
async function putObjectWritten(store, object) {
  const objectPath = store.getResourcePath(object.bucket, object.key, 'object');
  await mkdir(join(objectPath, '..'), { recursive: true });
  const md5 = createHash('md5');
  let size = 0;
  const source = Buffer.isBuffer(object.content) ? Readable.from([object.content]) : object.content;
  await pipeline(
    source,
    new Transform({
      transform(chunk, encoding, callback) {
        md5.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      }
    }),
    createWriteStream(objectPath)
  );
  const digest = md5.digest('hex');
  await store.putMetadata(object.bucket, object.key, object.metadata, digest);
  return { size, md5: digest };
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
  store.putObject = object => putObjectWritten(store, object);
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
  // S3 decides conditional writes of one key atomically (one wins, the others get 412); s3rver
  // checks and writes in separate steps, so conditional PUTs of one key wait for each other here.
  const conditionalPuts = new Map();
  server.middleware.unshift(async (ctx, next) => {
    const m = /^\/([^/]+)\/(.+)$/.exec(ctx.path);
    if (
      !m ||
      ctx.method !== 'PUT' ||
      ctx.headers['if-none-match'] !== '*' ||
      ctx.headers['x-amz-copy-source']
    ) {
      await next();
      return;
    }
    const id = `${m[1]}/${m[2]}`;
    const before = conditionalPuts.get(id) ?? Promise.resolve();
    let release = () => {};
    const gate = new Promise(resolve => (release = resolve));
    const mine = before.then(() => gate);
    conditionalPuts.set(id, mine);
    await before;
    try {
      if (await store.existsObject(m[1], decodeURIComponent(m[2]))) {
        ctx.status = 412;
        ctx.type = 'application/xml';
        ctx.body =
          '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code>' +
          '<Message>At least one of the pre-conditions you specified did not hold</Message></Error>';
        return;
      }
      await next();
    } finally {
      release();
      if (conditionalPuts.get(id) === mine) conditionalPuts.delete(id);
    }
  });
  // Gap 6, first of all: S3 checks the signature before anything else looks at the request.
  server.middleware.unshift(async (ctx, next) => {
    await verifySigV4(ctx);
    await next();
  });
  return server;
}
