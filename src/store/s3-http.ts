/**
 * One S3 request on the wire: where it goes (the endpoint and the addressing style), how it is
 * signed, and what an answer means (2xx: the answer; anything else: an S3ServiceError with the
 * status and the code from the error document). No retries and no deadline here: S3Bucket owns
 * those, around each call, and passes the attempt's AbortSignal down.
 */
import http from 'node:http';
import { S3ServiceError } from './s3-errors.js';
import { credentialSource, type CredentialSource } from './s3-credentials.js';
import {
  EMPTY_SHA256,
  encodeKeyPath,
  sha256Hex,
  SigV4Signer,
  uriEncode,
  type Credentials
} from './s3-sigv4.js';
import { xmlText } from './s3-xml.js';
import { httpsModule, s3Agent, type S3Agent } from './s3-agent.js';

export interface S3Call {
  method: 'GET' | 'HEAD' | 'PUT' | 'POST' | 'DELETE';
  /** The object's key; absent for a request on the bucket itself (listing, bulk delete, creation). */
  key?: string;
  /** Query parameters, unescaped; an undefined value is left out, an empty one sent as `name=`. */
  query?: Record<string, string | undefined>;
  /** Extra headers to sign and send, names in lower case; undefined values are left out. */
  headers?: Record<string, string | undefined>;
  body?: Uint8Array;
}

export interface S3HttpOptions {
  bucket: string;
  region: string;
  /** A look-alike's URL; without one, AWS's regional endpoint. */
  endpoint?: string;
  /** `<endpoint>/<bucket>/<key>` rather than `<bucket>.<endpoint host>/<key>`. */
  forcePathStyle: boolean;
  credentials?: Credentials;
  maxSockets: number;
  /** AWS only (no endpoint): the FIPS endpoint, as AWS_USE_FIPS_ENDPOINT=true asks the SDKs. */
  useFips?: boolean;
  /** AWS only (no endpoint): the dual-stack (IPv6) endpoint, as AWS_USE_DUALSTACK_ENDPOINT=true asks. */
  useDualStack?: boolean;
}

/**
 * A server clock this far from ours is taken as the right one for signing (S3 refuses a signature
 * dated more than 15 minutes off with RequestTimeTooSkewed), as the AWS SDKs correct for it.
 */
const SKEW_CORRECTION_MS = 5 * 60 * 1000;

/** Error documents are small; a larger body is not one and is not read further. */
const MAX_ERROR_BODY = 64 * 1024;
const USER_AGENT = 'compile-cache';

/** Names a status has in place of a code when the answer has no error document (HEAD, or none sent). */
const STATUS_CODES: Record<number, string> = {
  301: 'PermanentRedirect',
  307: 'TemporaryRedirect',
  400: 'BadRequest',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  412: 'PreconditionFailed',
  416: 'InvalidRange',
  429: 'TooManyRequests',
  500: 'InternalError',
  501: 'NotImplemented',
  503: 'ServiceUnavailable'
};

/**
 * A bucket name that can be a DNS label under TLS (no dots: a dotted name would not match the
 * certificate's wildcard), which is when AWS's virtual-hosted style works.
 */
function virtualHostable(bucket: string): boolean {
  return /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket) && !bucket.includes('--');
}

export interface Target {
  protocol: 'http:' | 'https:';
  hostname: string;
  port: string;
  /** The Host header: the host, and the port when it is not the scheme's default. */
  host: string;
  /** Path before the key, without a trailing slash ('' or `/<bucket>` or `<base>/<bucket>`). */
  base: string;
}

export function requestTarget(options: S3HttpOptions): Target {
  const { bucket, region } = options;
  let url: URL;
  let pathStyle = options.forcePathStyle;
  if (options.endpoint) url = new URL(options.endpoint);
  else {
    const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com';
    const service = `${options.useFips ? 's3-fips' : 's3'}${options.useDualStack ? '.dualstack' : ''}`;
    url = new URL(`https://${service}.${region}.${suffix}`);
    pathStyle ||= !virtualHostable(bucket);
  }
  const protocol = url.protocol === 'http:' ? 'http:' : 'https:';
  const basePath = url.pathname.replace(/\/+$/, '');
  const hostname = pathStyle ? url.hostname : `${bucket}.${url.hostname}`;
  const host = url.port ? `${hostname}:${url.port}` : hostname;
  return {
    protocol,
    hostname: hostname.replace(/^\[|\]$/g, ''),
    port: url.port,
    host,
    base: pathStyle ? `${basePath}/${uriEncode(bucket)}` : basePath
  };
}

export class S3Http {
  private readonly target: Target;
  private readonly signer: SigV4Signer;
  private readonly credentials: CredentialSource;
  /** Server time minus ours, once an answer showed them minutes apart (a runner's clock off). */
  private clockOffsetMs = 0;
  readonly agent: S3Agent;

  constructor(options: S3HttpOptions) {
    this.target = requestTarget(options);
    this.signer = new SigV4Signer(options.region);
    this.credentials = credentialSource(options.credentials);
    this.agent = s3Agent(this.target, options.maxSockets);
  }

  /**
   * Sends the call and resolves with a 2xx answer whose body is still to be read (the caller reads
   * or destroys it). Any other status rejects with an S3ServiceError once its error document is in.
   */
  async send(call: S3Call, signal: AbortSignal): Promise<http.IncomingMessage> {
    const credentials = await this.credentials();
    signal.throwIfAborted();
    const path =
      call.key === undefined ? `${this.target.base}/` : `${this.target.base}/${encodeKeyPath(call.key)}`;
    const query: [string, string][] = [];
    for (const [k, v] of Object.entries(call.query ?? {})) if (v !== undefined) query.push([k, v]);
    const signedHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(call.headers ?? {})) if (v !== undefined) signedHeaders[k] = v;
    const body = call.body;
    const payloadHash = body && body.length > 0 ? sha256Hex(body) : EMPTY_SHA256;
    const auth = this.signer.sign(
      { method: call.method, host: this.target.host, path, query, headers: signedHeaders, payloadHash },
      credentials,
      new Date(Date.now() + this.clockOffsetMs)
    );
    const queryString = query
      .map(([k, v]) => (v === '' ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(v)}`))
      .join('&');
    const headers: http.OutgoingHttpHeaders = {
      ...signedHeaders,
      ...auth,
      host: this.target.host,
      'user-agent': USER_AGENT
    };
    if (body || call.method === 'PUT' || call.method === 'POST')
      headers['content-length'] = body?.length ?? 0;
    const request = this.target.protocol === 'http:' ? http.request : httpsModule().request;
    const answer = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = request({
        protocol: this.target.protocol,
        hostname: this.target.hostname,
        port: this.target.port || undefined,
        method: call.method,
        path: queryString ? `${path}?${queryString}` : path,
        headers,
        agent: this.agent,
        signal
      });
      req.on('response', resolve);
      req.on('error', reject);
      req.end(body);
    });
    this.learnClock(answer);
    const status = answer.statusCode ?? 0;
    if (status >= 200 && status < 300) return answer;
    throw await this.errorOf(call, answer, status);
  }

  /** Takes the server's clock when an answer's Date is minutes from ours; the next signature uses it. */
  private learnClock(answer: http.IncomingMessage): void {
    const date = answer.headers.date;
    const server = date === undefined ? NaN : Date.parse(date);
    if (Number.isNaN(server)) return;
    const offset = server - Date.now();
    this.clockOffsetMs = Math.abs(offset) > SKEW_CORRECTION_MS ? offset : 0;
  }

  /** The error an answer of any status but 2xx stands for, from its error document when it has one. */
  private async errorOf(call: S3Call, answer: http.IncomingMessage, status: number): Promise<S3ServiceError> {
    let text = '';
    if (call.method !== 'HEAD') {
      try {
        text = await readText(answer, MAX_ERROR_BODY);
      } catch {
        // The status is the answer; an unreadable document only loses the detail.
      }
    } else answer.resume();
    const code = xmlText(text, 'Code') || STATUS_CODES[status] || `HTTP${status}`;
    let message = xmlText(text, 'Message') || (status === 404 && call.method === 'HEAD' ? 'Not Found' : code);
    const region = answer.headers['x-amz-bucket-region'];
    if ((status === 301 || code === 'AuthorizationHeaderMalformed') && typeof region === 'string') {
      message += ` (the bucket is in region ${region}: set the region to it)`;
    }
    return new S3ServiceError(message, status, code, str(answer.headers['x-amz-request-id']));
  }
}

function str(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/** A whole (small) body as text; past `max` bytes the answer is dropped and this rejects. */
export async function readText(answer: http.IncomingMessage, max: number): Promise<string> {
  const parts: Buffer[] = [];
  let length = 0;
  for await (const chunk of answer) {
    const b = chunk as Buffer;
    length += b.length;
    if (length > max) {
      answer.destroy();
      throw new Error(`an S3 answer of over ${max} bytes where a small document was expected`);
    }
    parts.push(b);
  }
  return Buffer.concat(parts, length).toString('utf8');
}
