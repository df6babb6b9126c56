/**
 * Lean S3 requests: signed with SigV4 and sent by us through the bucket's keep-alive agents,
 * instead of through the SDK's middleware stack. The SDK resolves and re-sorts its middleware,
 * serializes and deserializes on every command: about 0.7 ms of client CPU per small PutObject
 * and ~10 µs per listed key on the benchmark machine, which made a save of a few hundred small
 * objects and the listing of a large bucket CPU-bound on a 2-core runner. Here a request costs
 * its signature and the socket write.
 *
 * Where a request goes is the SDK client's own decision (its endpoint rules: custom endpoint,
 * path style, region, FIPS, dual-stack) and it is signed with the client's credentials. When
 * those rules want something this does not do (S3 Express session auth, SigV4a), there is no
 * target and the caller uses the SDK. Retries, deadlines and error texts stay S3Bucket's: it
 * calls in here once per attempt.
 */
import http from 'node:http';
import https from 'node:https';
import type { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';

/** Where and how the SDK client would send requests for the bucket. */
export interface LeanTarget {
  /** The bucket's URL: `http://host:port/bucket` path style, `https://bucket.host/` virtual-hosted. */
  url: URL;
  signer: SignatureV4;
}

export interface LeanRequest {
  method: 'GET' | 'PUT' | 'HEAD' | 'DELETE' | 'POST';
  /** The object key; absent for bucket-level requests (ListObjectsV2). */
  key?: string;
  query?: Record<string, string>;
  /** Headers besides host, content-length and the signature's. */
  headers?: Record<string, string>;
  body?: Uint8Array;
}

export interface LeanAgents {
  http: http.Agent;
  https: https.Agent;
}

/** The request shape the signer takes (@smithy/types' HttpRequest). */
type HttpRequest = Parameters<SignatureV4['presign']>[0];

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** An answer we cannot read; retryable, since a cut-off body looks like this. */
export function malformedAnswer(operation: string, what: string): Error {
  return Object.assign(new Error(`malformed ${operation} answer: ${what}`), { code: 'TruncatedBody' });
}

/** XML character data: entity and character references resolved, CDATA sections unwrapped. */
export function xmlText(raw: string, operation = 'S3'): string {
  if (!raw.includes('&') && !raw.includes('<')) return raw;
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const cdata = raw.indexOf('<![CDATA[', i);
    const plainEnd = cdata < 0 ? raw.length : cdata;
    out += raw
      .slice(i, plainEnd)
      .replace(ENTITY, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
        name ? NAMED[name]! : String.fromCodePoint(parseInt(hex ?? dec!, hex ? 16 : 10))
      );
    if (cdata < 0) break;
    const end = raw.indexOf(']]>', cdata);
    if (end < 0) throw malformedAnswer(operation, 'an unterminated CDATA section');
    out += raw.slice(cdata + 9, end);
    i = end + 3;
  }
  return out;
}

/** The raw text of the first `<tag>…</tag>` starting in [from, to), or undefined. */
export function xmlElement(
  xml: string,
  open: string,
  close: string,
  from: number,
  to: number,
  operation = 'S3'
): string | undefined {
  const start = xml.indexOf(open, from);
  if (start < 0 || start >= to) return undefined;
  const end = xml.indexOf(close, start + open.length);
  if (end < 0 || end > to) throw malformedAnswer(operation, `${open} without ${close}`);
  return xml.slice(start + open.length, end);
}

/**
 * An S3 error answer as an error that S3Bucket's retry and message logic reads like the SDK's
 * (`Code`, `$metadata.httpStatusCode`, the server's message). A HEAD answer has no body: the
 * status alone then says what happened.
 */
export function s3ErrorOf(status: number, body: string): Error {
  const code = xmlElement(body, '<Code>', '</Code>', 0, body.length);
  const message = xmlElement(body, '<Message>', '</Message>', 0, body.length);
  const text = message ? xmlText(message) : code ? xmlText(code) : `HTTP ${status}`;
  return Object.assign(new Error(text), {
    ...(code ? { name: xmlText(code), Code: xmlText(code) } : {}),
    $metadata: { httpStatusCode: status }
  });
}

/** RFC 3986 escaping, as SigV4's canonical URI and query string have it. */
export function uriEscape(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Where the SDK client would send requests for the bucket, from its own endpoint rules, with a
 * SigV4 signer on its credentials; undefined when the rules want another kind of auth.
 */
export async function resolveLeanTarget(client: S3Client, bucket: string): Promise<LeanTarget | undefined> {
  const config = client.config;
  const region = await config.region();
  const endpoint = config.endpoint ? await config.endpoint() : undefined;
  let resolved;
  try {
    resolved = await config.endpointProvider({
      Bucket: bucket,
      Region: region,
      UseFIPS: await config.useFipsEndpoint(),
      UseDualStack: await config.useDualstackEndpoint(),
      ForcePathStyle: config.forcePathStyle,
      Accelerate: config.useAccelerateEndpoint,
      Endpoint: endpoint
        ? `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${endpoint.path}`
        : undefined
    });
  } catch {
    return undefined;
  }
  const schemes = (resolved.properties?.authSchemes ?? []) as {
    name?: string;
    signingName?: string;
    signingRegion?: string;
  }[];
  const scheme = schemes[0] ?? { name: 'sigv4' };
  if (scheme.name !== 'sigv4' || typeof config.credentials !== 'function') return undefined;
  const signer = new SignatureV4({
    service: scheme.signingName ?? 's3',
    region: scheme.signingRegion ?? region,
    credentials: config.credentials,
    sha256: config.sha256,
    uriEscapePath: false,
    // Signs x-amz-content-sha256 with the body's hash: S3 checks the body against it.
    applyChecksum: true
  });
  return { url: new URL(resolved.url.href), signer };
}

/** Signs and sends one request; resolves with the response (headers read, body not), the caller reads it. */
export async function sendLean(
  target: LeanTarget,
  request: LeanRequest,
  agents: LeanAgents,
  signal: AbortSignal
): Promise<http.IncomingMessage> {
  const { url, signer } = target;
  const query = request.query ?? {};
  const port = url.port ? Number(url.port) : undefined;
  const base = url.pathname || '/';
  // The key's segments escaped once (the signer is told not to escape again), `/` kept.
  const path =
    request.key === undefined
      ? base
      : `${base.endsWith('/') ? base : `${base}/`}${request.key.split('/').map(uriEscape).join('/')}`;
  const headers: Record<string, string> = { host: url.host, ...request.headers };
  if (request.body !== undefined) headers['content-length'] = String(request.body.length);
  const unsigned: HttpRequest = {
    method: request.method,
    protocol: url.protocol,
    hostname: url.hostname,
    port,
    path,
    query,
    headers,
    body: request.body
  };
  const signed = await signer.sign(unsigned);
  const search = Object.keys(query)
    .sort()
    .map(k => `${uriEscape(k)}=${uriEscape(query[k]!)}`)
    .join('&');
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const req = (secure ? https : http).request({
      method: request.method,
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port,
      path: search ? `${path}?${search}` : path,
      headers: signed.headers,
      agent: secure ? agents.https : agents.http,
      signal
    });
    req.once('response', resolve);
    req.once('error', reject);
    req.end(request.body);
  });
}
