/**
 * A small in-memory S3-protocol server on 127.0.0.1 (node:http), for the benchmark: a stand-in for
 * a real bucket, whose own service time is small next to the link in front of it, where s3rver
 * spends milliseconds of CPU per request on one thread (fs writes, md5, koa) on the machine it
 * shares with the client under test. The link (latency, bandwidth) is testkit/link-proxy.ts's job.
 *
 * Speaks path-style requests (`/<bucket>/<key>`) only:
 * - objects: PutObject (`If-None-Match: *` → 412 when the key exists), GetObject (single `Range`
 *   → 206, unsatisfiable → 416), HeadObject, DeleteObject, CopyObject (a copy onto itself needs
 *   MetadataDirective REPLACE, as on S3, and gets a new LastModified), multipart upload
 *   (create, upload part, complete, abort), `x-amz-meta-*` and Content-Type kept;
 * - buckets: CreateBucket, HeadBucket, DeleteBucket (empty only), ListBuckets, ListObjectsV2
 *   (prefix, delimiter, max-keys ≤ 1000, continuation-token, start-after, encoding-type=url; keys
 *   in order, CommonPrefixes counted against max-keys as S3 does), ListObjects v1 (marker), and
 *   DeleteObjects (XML body, Quiet).
 *
 * NOT checked: request signatures and credentials (any are accepted), Content-MD5 and
 * x-amz-checksum-* headers. Keys sort by UTF-16 code unit, which is S3's UTF-8 byte order for every
 * key outside the astral planes. No versioning, ACLs, tagging or virtual-hosted addressing.
 *
 * In the same process, `server.store` seeds and inspects buckets without HTTP (bench set-up, test
 * back-dating). Run alone: `tsx testkit/memory-s3.ts [--port N]`.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { LinkShaper } from './link-proxy.js';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export interface StoredObject {
  data: Buffer;
  /** Quoted, as in the ETag header. */
  etag: string;
  lastModified: Date;
  contentType: string;
  /** `x-amz-meta-*` headers, names lower-case without the prefix. */
  metadata: Record<string, string>;
  /** Its `<Contents>` element in a listing, kept so a page of 1,000 keys costs the server little. */
  listXml?: string;
}

/** The object keys of one bucket in key order, kept sorted lazily (many puts, then a listing). */
class KeyIndex {
  private sorted: string[] = [];
  private added: string[] = [];
  private removed = false;

  constructor(private readonly exists: (key: string) => boolean) {}

  add(key: string): void {
    this.added.push(key);
  }

  remove(): void {
    this.removed = true;
  }

  keys(): string[] {
    if (this.added.length > 0 || this.removed) {
      const added = this.added.sort(compareKeys);
      const merged: string[] = [];
      let i = 0;
      let j = 0;
      while (i < this.sorted.length || j < added.length) {
        const a = this.sorted[i];
        const b = added[j];
        const next = b === undefined || (a !== undefined && a <= b) ? (i++, a!) : (j++, b);
        // A key deleted and put again is in both lists; a deleted one is in neither the map.
        if (merged[merged.length - 1] !== next && this.exists(next)) merged.push(next);
      }
      this.sorted = merged;
      this.added = [];
      this.removed = false;
    }
    return this.sorted;
  }
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The index of the first key >= target. */
function lowerBound(keys: string[], target: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The smallest string greater than every string that starts with `prefix` (undefined: none). */
function pastPrefix(prefix: string): string | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    const c = prefix.charCodeAt(i);
    if (c < 0xffff) return prefix.slice(0, i) + String.fromCharCode(c + 1);
  }
  return undefined;
}

class Bucket {
  readonly objects = new Map<string, StoredObject>();
  readonly index = new KeyIndex(k => this.objects.has(k));
  constructor(readonly created: Date) {}

  set(key: string, object: StoredObject): void {
    if (!this.objects.has(key)) this.index.add(key);
    this.objects.set(key, object);
  }

  delete(key: string): boolean {
    const had = this.objects.delete(key);
    if (had) this.index.remove();
    return had;
  }
}

export interface ListRequest {
  prefix?: string;
  delimiter?: string;
  maxKeys?: number;
  /** List keys >= this (a continuation point). */
  from?: string;
}

export interface ListPage {
  keys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** Where the next page starts (>= this), when truncated. */
  next?: string;
}

export class S3Error extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly resource?: string
  ) {
    super(message);
  }
}

const etagOf = (data: Buffer): string => `"${createHash('md5').update(data).digest('hex')}"`;

/** The buckets and objects, usable without HTTP. */
export class MemoryS3Store {
  private readonly buckets = new Map<string, Bucket>();

  createBucket(name: string): boolean {
    if (this.buckets.has(name)) return false;
    this.buckets.set(name, new Bucket(new Date()));
    return true;
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  bucketNames(): { name: string; created: Date }[] {
    return [...this.buckets.entries()].sort().map(([name, b]) => ({ name, created: b.created }));
  }

  deleteBucket(name: string): void {
    const b = this.bucket(name);
    if (b.objects.size > 0)
      throw new S3Error(409, 'BucketNotEmpty', 'The bucket you tried to delete is not empty', name);
    this.buckets.delete(name);
  }

  putObject(
    bucket: string,
    key: string,
    data: Buffer,
    options: {
      lastModified?: Date;
      contentType?: string;
      metadata?: Record<string, string>;
      etag?: string;
    } = {}
  ): StoredObject {
    const object: StoredObject = {
      data,
      etag: options.etag ?? etagOf(data),
      lastModified: options.lastModified ?? new Date(),
      contentType: options.contentType ?? 'application/octet-stream',
      metadata: options.metadata ?? {}
    };
    this.bucket(bucket).set(key, object);
    return object;
  }

  getObject(bucket: string, key: string): StoredObject | undefined {
    return this.bucket(bucket).objects.get(key);
  }

  deleteObject(bucket: string, key: string): boolean {
    return this.bucket(bucket).delete(key);
  }

  /** Moves an object's LastModified (tests back-date objects this way). */
  setLastModified(bucket: string, key: string, date: Date): void {
    const o = this.getObject(bucket, key);
    if (!o) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', key);
    o.lastModified = date;
    delete o.listXml;
  }

  /** Every key under the prefix, in order. */
  keys(bucket: string, prefix = ''): string[] {
    const keys = this.bucket(bucket).index.keys();
    const out: string[] = [];
    for (let i = lowerBound(keys, prefix); i < keys.length && keys[i]!.startsWith(prefix); i++)
      out.push(keys[i]!);
    return out;
  }

  /** Deletes every object under the prefix; returns how many. */
  deletePrefix(bucket: string, prefix: string): number {
    const keys = this.keys(bucket, prefix);
    for (const k of keys) this.deleteObject(bucket, k);
    return keys.length;
  }

  /** The objects under a prefix as they are now (the data is shared: stored buffers are never changed). */
  snapshot(bucket: string, prefix: string): Map<string, StoredObject> {
    const b = this.bucket(bucket);
    return new Map(this.keys(bucket, prefix).map(k => [k, { ...b.objects.get(k)! }]));
  }

  /** Puts the prefix back as the snapshot had it: objects added since are deleted. */
  restoreSnapshot(bucket: string, prefix: string, snapshot: Map<string, StoredObject>): void {
    this.deletePrefix(bucket, prefix);
    const b = this.bucket(bucket);
    for (const [k, o] of snapshot) b.set(k, { ...o });
  }

  list(bucket: string, request: ListRequest): ListPage {
    const prefix = request.prefix ?? '';
    const delimiter = request.delimiter ?? '';
    const maxKeys = Math.min(1000, request.maxKeys ?? 1000);
    const keys = this.bucket(bucket).index.keys();
    const page: ListPage = { keys: [], commonPrefixes: [], isTruncated: false };
    if (maxKeys <= 0) return page;
    const from = request.from !== undefined && request.from > prefix ? request.from : prefix;
    let i = lowerBound(keys, from);
    while (i < keys.length) {
      const key = keys[i]!;
      if (!key.startsWith(prefix)) break;
      if (page.keys.length + page.commonPrefixes.length >= maxKeys) {
        page.isTruncated = true;
        break;
      }
      const d = delimiter ? key.indexOf(delimiter, prefix.length) : -1;
      if (d >= 0) {
        const common = key.slice(0, d + delimiter.length);
        page.commonPrefixes.push(common);
        const past = pastPrefix(common);
        page.next = past;
        if (past === undefined) break;
        i = lowerBound(keys, past);
      } else {
        page.keys.push(key);
        page.next = `${key}\0`;
        i++;
      }
    }
    if (!page.isTruncated) delete page.next;
    return page;
  }

  private bucket(name: string): Bucket {
    const b = this.buckets.get(name);
    if (!b) throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', name);
    return b;
  }
}

// ---------------------------------------------------------------------------------------------
// The HTTP side.

const XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';

function xmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, c => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

function xmlUnescape(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#')
      return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e]!;
  });
}

/** `<name>value</name>` elements, escaped; undefined values are left out. */
function el(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : `<${name}>${xmlEscape(String(value))}</${name}>`;
}

/** The text of every `<tag>…</tag>` in the XML (simple documents only: Delete, CompleteMultipartUpload). */
function xmlValues(xml: string, tag: string, raw = false): string[] {
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  return [...xml.matchAll(re)].map(m => (raw ? m[1]! : xmlUnescape(m[1]!)));
}

/** An aws-chunked body (`<hex size>;chunk-signature=…\r\n<data>\r\n…0;…\r\n[trailers]\r\n`) decoded. */
function decodeAwsChunked(body: Buffer): Buffer {
  const parts: Buffer[] = [];
  let off = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', off);
    if (eol < 0) throw new S3Error(400, 'IncompleteBody', 'aws-chunked body ended inside a chunk header');
    const size = parseInt(body.subarray(off, eol).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size)) throw new S3Error(400, 'InvalidRequest', 'bad aws-chunked chunk size');
    if (size === 0) break;
    parts.push(body.subarray(eol + 2, eol + 2 + size));
    off = eol + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

function readRequestBody(req: IncomingMessage): Promise<{ body: Buffer; rawBytes: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const streaming = String(req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
      const chunked = String(req.headers['content-encoding'] ?? '').includes('aws-chunked');
      try {
        resolve({ body: streaming || chunked ? decodeAwsChunked(body) : body, rawBytes: body.length });
      } catch (err) {
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
    req.on('error', reject);
  });
}

function metadataOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) out[name.slice(11)] = String(value);
  }
  return out;
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n` → [start, end] inclusive; null = not satisfiable; undefined = ignore. */
function parseRange(header: string | undefined, size: number): [number, number] | null | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  // Several ranges or another unit: S3 answers with the whole object.
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0 || size === 0) return null;
    return [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return null;
  return [start, end];
}

interface Multipart {
  bucket: string;
  key: string;
  contentType: string;
  metadata: Record<string, string>;
  parts: Map<number, { data: Buffer; etag: string }>;
}

export interface MemoryS3Server {
  endpoint: string;
  port: number;
  store: MemoryS3Store;
  /** Requests answered so far. */
  requestCount(): number;
  stop(): Promise<void>;
}

export async function startMemoryS3(
  options: {
    port?: number;
    /** Another server's objects: a second endpoint on the same bucket (e.g. one shaped, one not). */
    store?: MemoryS3Store;
    /** Shape this endpoint's traffic like testkit/link-proxy.ts does (latency, shared bandwidth, counts). */
    link?: LinkShaper;
  } = {}
): Promise<MemoryS3Server> {
  const store = options.store ?? new MemoryS3Store();
  const link = options.link;
  // A request body crosses the link once it has arrived (on loopback, at once).
  const readBody = async (req: IncomingMessage): Promise<Buffer> => {
    const { body, rawBytes } = await readRequestBody(req);
    await link?.up(rawBytes);
    return body;
  };
  const uploads = new Map<string, Multipart>();
  let requests = 0;
  let nextUpload = 1;

  const send = (
    res: ServerResponse,
    status: number,
    body?: string | Buffer,
    headers: Record<string, string | number> = {}
  ): void => {
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, {
      'x-amz-request-id': String(requests),
      ...(typeof body === 'string' ? { 'content-type': 'application/xml' } : {}),
      'content-length': data?.length ?? 0,
      ...headers
    });
    // A HEAD answer announces a length but sends no body.
    if (link && res.req.method !== 'HEAD') void link.down(res, data).catch(() => res.destroy());
    else res.end(data);
  };
  const xml = (res: ServerResponse, root: string, inner: string, status = 200): void =>
    send(res, status, `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${XMLNS}">${inner}</${root}>`);
  const objectHeaders = (o: StoredObject): Record<string, string | number> => {
    const h: Record<string, string | number> = {
      etag: o.etag,
      'last-modified': o.lastModified.toUTCString(),
      'content-type': o.contentType,
      'accept-ranges': 'bytes'
    };
    for (const [k, v] of Object.entries(o.metadata)) h[`x-amz-meta-${k}`] = v;
    return h;
  };

  const listObjects = (res: ServerResponse, bucket: string, q: URLSearchParams): void => {
    const v2 = q.get('list-type') === '2';
    const prefix = q.get('prefix') ?? '';
    const delimiter = q.get('delimiter') ?? '';
    const maxKeysParam = q.get('max-keys');
    const maxKeys = maxKeysParam === null ? 1000 : Number(maxKeysParam);
    if (!Number.isInteger(maxKeys) || maxKeys < 0) {
      throw new S3Error(
        400,
        'InvalidArgument',
        `max-keys ${JSON.stringify(maxKeysParam)}: expected a whole number >= 0`
      );
    }
    const urlEncoded = q.get('encoding-type') === 'url';
    const enc = (s: string): string => (urlEncoded ? s.split('/').map(encodeURIComponent).join('/') : s);
    const token = q.get('continuation-token');
    const startAfter = v2 ? q.get('start-after') : q.get('marker');
    let from: string | undefined;
    if (v2 && token !== null) {
      from = Buffer.from(token, 'base64url').toString('utf8');
      if (!from) throw new S3Error(400, 'InvalidArgument', 'The continuation token provided is incorrect');
    } else if (
      !v2 &&
      startAfter &&
      delimiter &&
      startAfter.startsWith(prefix) &&
      startAfter.endsWith(delimiter)
    ) {
      // A v1 NextMarker that is a common prefix: the next page starts past everything under it.
      from = pastPrefix(startAfter);
    } else if (startAfter) from = `${startAfter}\0`;
    const page = store.list(bucket, { prefix, delimiter, maxKeys, from });
    const contents = page.keys
      .map(k => {
        const o = store.getObject(bucket, k)!;
        const build = (): string =>
          `<Contents>${el('Key', enc(k))}${el('LastModified', o.lastModified.toISOString())}${el('ETag', o.etag)}${el('Size', o.data.length)}<StorageClass>STANDARD</StorageClass></Contents>`;
        return urlEncoded ? build() : (o.listXml ??= build());
      })
      .join('');
    const prefixes = page.commonPrefixes
      .map(p => `<CommonPrefixes>${el('Prefix', enc(p))}</CommonPrefixes>`)
      .join('');
    const last = page.keys[page.keys.length - 1];
    const lastItem = [last, page.commonPrefixes[page.commonPrefixes.length - 1]]
      .filter(x => x !== undefined)
      .sort()
      .pop();
    const head =
      el('Name', bucket) +
      el('Prefix', enc(prefix)) +
      (v2
        ? el('KeyCount', page.keys.length + page.commonPrefixes.length) +
          el('ContinuationToken', token ?? undefined) +
          el('StartAfter', startAfter ? enc(startAfter) : undefined)
        : el('Marker', startAfter ? enc(startAfter) : '')) +
      el('MaxKeys', maxKeys) +
      el('Delimiter', delimiter ? enc(delimiter) : undefined) +
      el('EncodingType', urlEncoded ? 'url' : undefined) +
      el('IsTruncated', page.isTruncated) +
      (page.isTruncated && page.next !== undefined
        ? v2
          ? el('NextContinuationToken', Buffer.from(page.next).toString('base64url'))
          : el('NextMarker', lastItem === undefined ? undefined : enc(lastItem))
        : '');
    xml(res, 'ListBucketResult', head + contents + prefixes);
  };

  const deleteObjects = async (req: IncomingMessage, res: ServerResponse, bucket: string): Promise<void> => {
    const body = (await readBody(req)).toString('utf8');
    if (!store.hasBucket(bucket))
      throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', bucket);
    const quiet = xmlValues(body, 'Quiet')[0] === 'true';
    const objects = xmlValues(body, 'Object', true);
    if (objects.length > 1000)
      throw new S3Error(400, 'MalformedXML', 'DeleteObjects takes at most 1000 keys');
    const deleted: string[] = [];
    for (const o of objects) {
      const key = xmlValues(o, 'Key')[0];
      if (key === undefined) throw new S3Error(400, 'MalformedXML', 'an <Object> without a <Key>');
      store.deleteObject(bucket, key);
      deleted.push(key);
    }
    xml(res, 'DeleteResult', quiet ? '' : deleted.map(k => `<Deleted>${el('Key', k)}</Deleted>`).join(''));
  };

  const copyObject = (req: IncomingMessage, res: ServerResponse, bucket: string, key: string): void => {
    const raw = String(req.headers['x-amz-copy-source']).split('?')[0]!.replace(/^\//, '');
    const decoded = decodeURIComponent(raw);
    const slash = decoded.indexOf('/');
    const srcBucket = decoded.slice(0, slash);
    const srcKey = decoded.slice(slash + 1);
    if (slash <= 0 || !srcKey)
      throw new S3Error(400, 'InvalidArgument', `bad x-amz-copy-source ${JSON.stringify(raw)}`);
    const source = store.getObject(srcBucket, srcKey);
    if (!source) throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', srcKey);
    const replace = String(req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
    if (srcBucket === bucket && srcKey === key && !replace) {
      throw new S3Error(
        400,
        'InvalidRequest',
        "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes."
      );
    }
    const copy = store.putObject(bucket, key, source.data, {
      etag: source.etag,
      contentType: replace
        ? String(req.headers['content-type'] ?? 'application/octet-stream')
        : source.contentType,
      metadata: replace ? metadataOf(req) : { ...source.metadata }
    });
    xml(res, 'CopyObjectResult', el('LastModified', copy.lastModified.toISOString()) + el('ETag', copy.etag));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = url.searchParams;
    const path = url.pathname.slice(1);
    const slash = path.indexOf('/');
    const bucket = decodeURIComponent(slash < 0 ? path : path.slice(0, slash));
    const key = slash < 0 ? '' : decodeURIComponent(path.slice(slash + 1));
    const method = req.method ?? 'GET';

    if (!bucket) {
      if (method !== 'GET')
        throw new S3Error(405, 'MethodNotAllowed', `${method} on the service is not supported`);
      const buckets = store
        .bucketNames()
        .map(b => `<Bucket>${el('Name', b.name)}${el('CreationDate', b.created.toISOString())}</Bucket>`)
        .join('');
      return xml(
        res,
        'ListAllMyBucketsResult',
        `<Owner><ID>memory-s3</ID></Owner><Buckets>${buckets}</Buckets>`
      );
    }
    for (const sub of [
      'acl',
      'tagging',
      'versioning',
      'versions',
      'policy',
      'lifecycle',
      'cors',
      'website'
    ]) {
      if (q.has(sub))
        throw new S3Error(501, 'NotImplemented', `?${sub} is not implemented by testkit/memory-s3.ts`);
    }

    if (!key) {
      if (method === 'PUT') {
        await readBody(req); // CreateBucketConfiguration: the location is not modelled
        if (!store.createBucket(bucket)) {
          throw new S3Error(
            409,
            'BucketAlreadyOwnedByYou',
            'Your previous request to create the named bucket succeeded and you already own it.',
            bucket
          );
        }
        return send(res, 200, undefined, { location: `/${bucket}` });
      }
      if (method === 'HEAD') return send(res, store.hasBucket(bucket) ? 200 : 404);
      if (method === 'DELETE') {
        store.deleteBucket(bucket);
        return send(res, 204);
      }
      if (method === 'POST' && q.has('delete')) return deleteObjects(req, res, bucket);
      if (method === 'GET') {
        if (q.has('location')) return xml(res, 'LocationConstraint', '');
        if (q.has('uploads'))
          throw new S3Error(501, 'NotImplemented', 'ListMultipartUploads is not implemented');
        return listObjects(res, bucket, q);
      }
      throw new S3Error(405, 'MethodNotAllowed', `${method} on a bucket is not supported`);
    }

    const uploadId = q.get('uploadId');
    if (method === 'POST' && q.has('uploads')) {
      await readBody(req);
      if (!store.hasBucket(bucket))
        throw new S3Error(404, 'NoSuchBucket', 'The specified bucket does not exist', bucket);
      const id = `upload-${nextUpload++}`;
      uploads.set(id, {
        bucket,
        key,
        contentType: String(req.headers['content-type'] ?? 'application/octet-stream'),
        metadata: metadataOf(req),
        parts: new Map()
      });
      return xml(
        res,
        'InitiateMultipartUploadResult',
        el('Bucket', bucket) + el('Key', key) + el('UploadId', id)
      );
    }
    if (uploadId !== null) {
      const upload = uploads.get(uploadId);
      if (!upload || upload.bucket !== bucket || upload.key !== key) {
        await readBody(req);
        throw new S3Error(404, 'NoSuchUpload', 'The specified upload does not exist.', uploadId);
      }
      if (method === 'PUT') {
        if (req.headers['x-amz-copy-source'])
          throw new S3Error(501, 'NotImplemented', 'UploadPartCopy is not implemented');
        const n = Number(q.get('partNumber'));
        if (!Number.isInteger(n) || n < 1 || n > 10_000)
          throw new S3Error(400, 'InvalidArgument', 'partNumber must be 1..10000');
        const data = await readBody(req);
        const etag = etagOf(data);
        upload.parts.set(n, { data, etag });
        return send(res, 200, undefined, { etag });
      }
      if (method === 'POST') {
        const body = (await readBody(req)).toString('utf8');
        const numbers = xmlValues(body, 'PartNumber').map(Number);
        const etags = xmlValues(body, 'ETag');
        const parts = numbers.map((n, i) => {
          const p = upload.parts.get(n);
          if (!p || (etags[i] !== undefined && etags[i] !== p.etag)) {
            throw new S3Error(400, 'InvalidPart', `part ${n} was not uploaded or its ETag differs`);
          }
          return p;
        });
        if (parts.length === 0) throw new S3Error(400, 'MalformedXML', 'no parts listed');
        if (req.headers['if-none-match'] === '*' && store.getObject(bucket, key)) {
          throw new S3Error(
            412,
            'PreconditionFailed',
            'At least one of the pre-conditions you specified did not hold'
          );
        }
        const md5s = Buffer.concat(parts.map(p => Buffer.from(p.etag.slice(1, -1), 'hex')));
        const etag = `"${createHash('md5').update(md5s).digest('hex')}-${parts.length}"`;
        store.putObject(bucket, key, Buffer.concat(parts.map(p => p.data)), {
          etag,
          contentType: upload.contentType,
          metadata: upload.metadata
        });
        uploads.delete(uploadId);
        return xml(
          res,
          'CompleteMultipartUploadResult',
          el('Location', `/${bucket}/${key}`) + el('Bucket', bucket) + el('Key', key) + el('ETag', etag)
        );
      }
      if (method === 'DELETE') {
        uploads.delete(uploadId);
        return send(res, 204);
      }
      if (method === 'GET') throw new S3Error(501, 'NotImplemented', 'ListParts is not implemented');
    }

    if (method === 'PUT') {
      if (req.headers['x-amz-copy-source']) {
        await readBody(req);
        return copyObject(req, res, bucket, key);
      }
      const data = await readBody(req);
      if (req.headers['if-none-match'] === '*' && store.getObject(bucket, key)) {
        throw new S3Error(
          412,
          'PreconditionFailed',
          'At least one of the pre-conditions you specified did not hold',
          key
        );
      }
      const o = store.putObject(bucket, key, data, {
        contentType: String(req.headers['content-type'] ?? 'application/octet-stream'),
        metadata: metadataOf(req)
      });
      return send(res, 200, undefined, { etag: o.etag });
    }
    if (method === 'GET' || method === 'HEAD') {
      const o = store.getObject(bucket, key);
      if (!o) {
        if (method === 'HEAD') return send(res, 404);
        throw new S3Error(404, 'NoSuchKey', 'The specified key does not exist.', key);
      }
      const size = o.data.length;
      const range = parseRange(req.headers.range, size);
      if (range === null) {
        throw new S3Error(416, 'InvalidRange', 'The requested range is not satisfiable', key);
      }
      if (range === undefined) {
        return send(res, 200, method === 'HEAD' ? undefined : o.data, {
          ...objectHeaders(o),
          'content-length': size
        });
      }
      const [start, end] = range;
      return send(res, 206, method === 'HEAD' ? undefined : o.data.subarray(start, end + 1), {
        ...objectHeaders(o),
        'content-length': end - start + 1,
        'content-range': `bytes ${start}-${end}/${size}`
      });
    }
    if (method === 'DELETE') {
      store.deleteObject(bucket, key);
      return send(res, 204);
    }
    throw new S3Error(405, 'MethodNotAllowed', `${method} on an object is not supported`);
  };

  const server = createServer((req, res) => {
    const arrived = link ? link.arrive(req) : Promise.resolve();
    arrived
      .then(() => handle(req, res))
      .catch((err: unknown) => {
        const e =
          err instanceof S3Error
            ? err
            : new S3Error(500, 'InternalError', err instanceof Error ? err.message : String(err));
        if (res.headersSent) {
          res.destroy();
          return;
        }
        // The request body may still be arriving: drain it so the connection stays usable.
        req.resume();
        if (req.method === 'HEAD') return send(res, e.status);
        xml(
          res,
          'Error',
          el('Code', e.code) +
            el('Message', e.message) +
            el('Resource', e.resource) +
            el('RequestId', String(requests)),
          e.status
        );
      });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    store,
    requestCount: () => requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    }
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--port');
  const server = await startMemoryS3({ port: i >= 0 ? Number(process.argv[i + 1]) : 0 });
  console.log(`memory S3 ${server.endpoint} (signatures not checked; data lost on exit)`);
  process.on('SIGINT', () => void server.stop().then(() => process.exit(0)));
}
