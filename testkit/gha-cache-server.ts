/**
 * A loopback emulation of the GitHub Actions cache service v2, for tests: the parts that
 * @actions/cache (6.x) uses, written from the toolkit's client code (its generated Twirp client,
 * cacheTwirpClient.ts, cacheHttpClient.ts, uploadUtils.ts, downloadUtils.ts) and the Azure Blob
 * requests that client's SDK sends. It is NOT GitHub's service: scoping by branch, quotas,
 * eviction and the real error texts beyond those the toolkit matches on are left out.
 *
 * - Twirp JSON endpoints under `/twirp/github.actions.results.api.v1.CacheService/`:
 *   `CreateCacheEntry` (reserve key+version, hand out a signed upload URL),
 *   `FinalizeCacheEntryUpload` (the blob must be there with `size_bytes` bytes; the entry becomes
 *   visible), `GetCacheEntryDownloadURL` (primary key exact, then each key as a prefix, newest
 *   first; same version only). Every call needs `Authorization: Bearer <token>`.
 * - Signed blob URLs `/<account>/<container>/<blob>?sv=…&sig=…` (an HMAC of the path): Put Blob,
 *   Put Block, Put Block List (upload), and HEAD / GET with `Range` or `x-ms-range` (download).
 *
 * Faults for the action's trouble tests: `failCreate('rate-limit')` answers CreateCacheEntry with
 * a Twirp 429 (`resource_exhausted`), `failCreate('write-denied')` with `ok: false` and a message
 * starting `cache write denied:`, as the service does for a read-only token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.CacheService/';
const ACCOUNT = 'devstoreaccount1';
const CONTAINER = 'actions-cache';

export interface GhaCacheEntry {
  id: number;
  key: string;
  version: string;
  sizeBytes: number;
  /** When the entry was finalized (the newest restore-key match wins). */
  createdAt: number;
  data: Buffer;
}

export type CreateFault = 'rate-limit' | 'write-denied';

export interface GhaCacheServer {
  /** ACTIONS_RESULTS_URL for the steps (ends in `/`). */
  url: string;
  /** ACTIONS_RUNTIME_TOKEN the server accepts. */
  token: string;
  /** The environment a step needs to see the service (v2). */
  env(): Record<string, string>;
  /** Finalized entries, oldest first. */
  entries(): GhaCacheEntry[];
  /** Every request as `METHOD path-without-query` (Twirp method names for Twirp calls). */
  requests: string[];
  /** Makes every following CreateCacheEntry fail this way (undefined: succeed again). */
  failCreate(fault: CreateFault | undefined): void;
  stop(): Promise<void>;
}

interface Pending {
  id: number;
  key: string;
  version: string;
  blob: string;
}

interface Blob {
  data: Buffer;
  /** Uncommitted blocks by their base64 id (Put Block), committed by Put Block List. */
  blocks: Map<string, Buffer>;
  etag: string;
  lastModified: Date;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** A Twirp error: `{ code, msg }` with the HTTP status the Twirp spec gives the code. */
function twirpError(res: ServerResponse, status: number, code: string, msg: string): void {
  json(res, status, { code, msg });
}

/** Azure Storage error response (XML body, `x-ms-error-code`). */
function azureError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'x-ms-error-code': code,
    'content-length': Buffer.byteLength(body)
  });
  res.end(body);
}

/** Parses `bytes=a-b` / `bytes=a-` against a blob length; null when absent or unsatisfiable. */
function parseRange(header: string | undefined, length: number): { start: number; end: number } | null {
  if (!header) return null;
  const m = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (!m) return null;
  const start = Number(m[1]);
  const end = m[2] === '' ? length - 1 : Math.min(Number(m[2]), length - 1);
  if (start > end || start >= length) return null;
  return { start, end };
}

export async function startGhaCacheServer(): Promise<GhaCacheServer> {
  const token = randomBytes(16).toString('hex');
  const signingKey = randomBytes(32);
  const finalized: GhaCacheEntry[] = [];
  const pending = new Map<string, Pending>();
  const blobs = new Map<string, Blob>();
  const requests: string[] = [];
  let nextId = 1;
  let createFault: CreateFault | undefined;
  let base = '';

  const sign = (path: string) => createHmac('sha256', signingKey).update(path).digest('base64url');
  const signedUrl = (blob: string, permissions: string) => {
    const path = `/${ACCOUNT}/${CONTAINER}/${blob}`;
    return `${base}${path.slice(1)}?sv=2024-08-04&sp=${permissions}&sig=${sign(path)}`;
  };
  const pendingKey = (key: string, version: string) => `${version}\n${key}`;

  async function twirp(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests.push(method);
    if (req.method !== 'POST') return twirpError(res, 404, 'bad_route', `no ${req.method} route`);
    if (req.headers.authorization !== `Bearer ${token}`) {
      return twirpError(res, 401, 'unauthenticated', 'missing or wrong runtime token');
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse((await readBody(req)).toString('utf8')) as Record<string, unknown>;
    } catch {
      return twirpError(res, 400, 'malformed', 'the body is not JSON');
    }
    const key = typeof body.key === 'string' ? body.key : '';
    const version = typeof body.version === 'string' ? body.version : '';
    if (key === '' || version === '')
      return twirpError(res, 400, 'invalid_argument', 'key and version are required');

    switch (method) {
      case 'CreateCacheEntry': {
        if (createFault === 'rate-limit') {
          res.setHeader('retry-after', '60');
          return twirpError(
            res,
            429,
            'resource_exhausted',
            'too many cache entries created; try again later'
          );
        }
        if (createFault === 'write-denied') {
          return json(res, 200, {
            ok: false,
            message: 'cache write denied: the token of this run grants read-only cache access'
          });
        }
        // Keys are immutable: an existing (or reserved) key+version cannot be created again.
        const taken =
          finalized.some(e => e.key === key && e.version === version) ||
          pending.has(pendingKey(key, version));
        if (taken) return json(res, 409, { code: 'already_exists', msg: 'cache entry already exists' });
        const id = nextId++;
        const blob = `${id}-${randomBytes(6).toString('hex')}`;
        pending.set(pendingKey(key, version), { id, key, version, blob });
        return json(res, 200, { ok: true, signed_upload_url: signedUrl(blob, 'cw') });
      }
      case 'FinalizeCacheEntryUpload': {
        const p = pending.get(pendingKey(key, version));
        if (!p) return json(res, 200, { ok: false, message: `no cache entry ${key} is being created` });
        const stored = blobs.get(p.blob);
        const size = Number(body.size_bytes ?? 0);
        if (!stored || stored.data.length !== size) {
          return json(res, 200, {
            ok: false,
            message: `the upload of ${key} has ${stored?.data.length ?? 0} bytes, not ${size}`
          });
        }
        pending.delete(pendingKey(key, version));
        finalized.push({ id: p.id, key, version, sizeBytes: size, createdAt: Date.now(), data: stored.data });
        return json(res, 200, { ok: true, entry_id: String(p.id) });
      }
      case 'GetCacheEntryDownloadURL': {
        const restoreKeys = Array.isArray(body.restore_keys)
          ? body.restore_keys.filter((k): k is string => typeof k === 'string')
          : [];
        const candidates = finalized.filter(e => e.version === version);
        const newest = (list: GhaCacheEntry[]) =>
          list.reduce<GhaCacheEntry | undefined>(
            (a, b) =>
              !a || b.createdAt > a.createdAt || (b.createdAt === a.createdAt && b.id > a.id) ? b : a,
            undefined
          );
        let match = newest(candidates.filter(e => e.key === key));
        for (const k of [key, ...restoreKeys]) {
          if (match) break;
          match = newest(candidates.filter(e => e.key.startsWith(k)));
        }
        if (!match) return json(res, 200, { ok: false });
        const blob = [...blobs.entries()].find(([, b]) => b.data === match.data)?.[0];
        if (!blob) return json(res, 200, { ok: false });
        return json(res, 200, {
          ok: true,
          signed_download_url: signedUrl(blob, 'r'),
          matched_key: match.key
        });
      }
      default:
        return twirpError(res, 404, 'bad_route', `no method ${method}`);
    }
  }

  async function blobRequest(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    requests.push(
      `${req.method} ${url.pathname}${url.searchParams.has('comp') ? `?comp=${url.searchParams.get('comp')}` : ''}`
    );
    const sig = Buffer.from(url.searchParams.get('sig') ?? '');
    const want = Buffer.from(sign(url.pathname));
    if (sig.length !== want.length || !timingSafeEqual(sig, want)) {
      return azureError(res, 403, 'AuthenticationFailed', 'the signature does not match');
    }
    const name = url.pathname.split('/').slice(3).join('/');
    const common = { 'x-ms-request-id': randomBytes(8).toString('hex'), 'x-ms-version': '2024-08-04' };
    const comp = url.searchParams.get('comp');

    if (req.method === 'PUT') {
      const body = await readBody(req);
      const blob = blobs.get(name) ?? {
        data: Buffer.alloc(0),
        blocks: new Map(),
        etag: '',
        lastModified: new Date()
      };
      if (comp === 'block') {
        const id = url.searchParams.get('blockid');
        if (!id) return azureError(res, 400, 'InvalidQueryParameterValue', 'blockid is missing');
        blob.blocks.set(id, body);
      } else if (comp === 'blocklist') {
        const ids = [...body.toString('utf8').matchAll(/<(Latest|Uncommitted|Committed)>([^<]*)<\/\1>/g)].map(
          m => m[2]!
        );
        const parts: Buffer[] = [];
        for (const id of ids) {
          const block = blob.blocks.get(id);
          if (!block) return azureError(res, 400, 'InvalidBlockList', `block ${id} was not uploaded`);
          parts.push(block);
        }
        blob.data = Buffer.concat(parts);
        blob.blocks.clear();
      } else if (comp === null) {
        if (req.headers['x-ms-blob-type'] !== 'BlockBlob') {
          return azureError(res, 400, 'MissingRequiredHeader', 'x-ms-blob-type: BlockBlob is required');
        }
        blob.data = body;
      } else {
        return azureError(res, 400, 'InvalidQueryParameterValue', `comp=${comp} is not emulated`);
      }
      blob.etag = `"0x${randomBytes(8).toString('hex').toUpperCase()}"`;
      blob.lastModified = new Date();
      blobs.set(name, blob);
      res.writeHead(201, {
        ...common,
        etag: blob.etag,
        'last-modified': blob.lastModified.toUTCString(),
        'x-ms-request-server-encrypted': 'true',
        'content-length': 0
      });
      res.end();
      return;
    }

    if (req.method === 'HEAD' || req.method === 'GET') {
      const blob = blobs.get(name);
      if (!blob) return azureError(res, 404, 'BlobNotFound', 'the blob does not exist');
      const headers = {
        ...common,
        etag: blob.etag,
        'last-modified': blob.lastModified.toUTCString(),
        'x-ms-blob-type': 'BlockBlob',
        'accept-ranges': 'bytes',
        'content-type': 'application/octet-stream'
      };
      const rangeHeader = (req.headers['x-ms-range'] as string | undefined) ?? req.headers.range;
      const range = req.method === 'GET' ? parseRange(rangeHeader, blob.data.length) : null;
      if (req.method === 'GET' && rangeHeader && !range) {
        res.writeHead(416, { ...common, 'content-range': `bytes */${blob.data.length}` });
        res.end();
        return;
      }
      if (range) {
        const part = blob.data.subarray(range.start, range.end + 1);
        res.writeHead(206, {
          ...headers,
          'content-length': part.length,
          'content-range': `bytes ${range.start}-${range.end}/${blob.data.length}`
        });
        res.end(part);
        return;
      }
      res.writeHead(200, { ...headers, 'content-length': blob.data.length });
      res.end(req.method === 'GET' ? blob.data : undefined);
      return;
    }
    return azureError(res, 405, 'UnsupportedHttpVerb', `${req.method} is not emulated`);
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const handle = url.pathname.startsWith(TWIRP_PREFIX)
      ? twirp(url.pathname.slice(TWIRP_PREFIX.length), req, res)
      : url.pathname.startsWith(`/${ACCOUNT}/${CONTAINER}/`)
        ? blobRequest(url, req, res)
        : Promise.resolve(json(res, 404, { code: 'bad_route', msg: `no route ${url.pathname}` }));
    handle.catch(err => {
      if (!res.headersSent) json(res, 500, { code: 'internal', msg: String(err) });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  return {
    url: base,
    token,
    env: () => ({
      ACTIONS_RESULTS_URL: base,
      ACTIONS_RUNTIME_TOKEN: token,
      ACTIONS_CACHE_SERVICE_V2: 'true',
      // github.com (not GHES): the toolkit uses service v2 only there.
      GITHUB_SERVER_URL: 'https://github.com'
    }),
    entries: () => [...finalized],
    requests,
    failCreate(fault) {
      createFault = fault;
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
