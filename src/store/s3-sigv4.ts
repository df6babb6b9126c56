/**
 * AWS Signature Version 4 in its header form, as S3 and every look-alike check it. Our own, not the
 * SDK's: loading the SDK cost a `compile-cache save` about a third of its time (its modules, then
 * the first request's endpoint rules and middleware), for what is a few HMACs per request.
 *
 * S3's flavour differs from the generic one in two ways: the path is escaped once (not twice),
 * and the payload's hash travels in `x-amz-content-sha256`, which is itself signed.
 */
import { createHash, createHmac } from 'node:crypto';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When temporary credentials stop working; absent for long-term keys. */
  expiration?: Date;
}

/** The hash of an empty payload, which most requests have. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const UNRESERVED_EXTRA = /[!'()*]/g;

/**
 * RFC 3986 escaping as SigV4 wants it: every byte of the UTF-8 form except A–Z a–z 0–9 `-_.~` as
 * `%XX`. encodeURIComponent leaves `!'()*` as they are, which SigV4 does not.
 */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(
    UNRESERVED_EXTRA,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  );
}

/** A key's path: each segment escaped, the slashes kept (S3 escapes a key once). */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(uriEncode).join('/');
}

export function sha256Hex(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

export interface SignableRequest {
  method: string;
  /** The Host header's value (with the port when it is not the scheme's default). */
  host: string;
  /** The path exactly as sent: already escaped. */
  path: string;
  /** Query parameters, not escaped. */
  query: [string, string][];
  /** Headers to sign besides host and the x-amz-* ones added here; names in lower case. */
  headers: Record<string, string>;
  /** Hex SHA-256 of the body. */
  payloadHash: string;
}

/** `20261129T010203Z` and `20261129`. */
function amzDate(now: Date): { stamp: string; day: string } {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return { stamp, day: stamp.slice(0, 8) };
}

export function canonicalQuery(query: [string, string][]): string {
  return query
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export class SigV4Signer {
  /** The last derived signing key: it changes only with the day or the secret. */
  private keyFor: string | undefined;
  private key: Buffer | undefined;

  constructor(
    readonly region: string,
    readonly service = 's3'
  ) {}

  /**
   * The headers that authenticate the request (Authorization, X-Amz-Date, X-Amz-Content-Sha256 and,
   * for temporary credentials, X-Amz-Security-Token), to send beside `request.headers`.
   */
  sign(request: SignableRequest, credentials: Credentials, now = new Date()): Record<string, string> {
    const { stamp, day } = amzDate(now);
    const added: Record<string, string> = {
      'x-amz-content-sha256': request.payloadHash,
      'x-amz-date': stamp
    };
    if (credentials.sessionToken) added['x-amz-security-token'] = credentials.sessionToken;
    const all: Record<string, string> = { ...request.headers, ...added, host: request.host };
    const names = Object.keys(all)
      .map(n => n.toLowerCase())
      .sort();
    const lower: Record<string, string> = {};
    for (const [n, v] of Object.entries(all)) lower[n.toLowerCase()] = v;
    const canonicalHeaders = names.map(n => `${n}:${lower[n]!.trim().replace(/\s+/g, ' ')}\n`).join('');
    const signedHeaders = names.join(';');
    const canonicalRequest = [
      request.method,
      request.path,
      canonicalQuery(request.query),
      canonicalHeaders,
      signedHeaders,
      request.payloadHash
    ].join('\n');
    const scope = `${day}/${this.region}/${this.service}/aws4_request`;
    const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256Hex(canonicalRequest)].join('\n');
    const signature = createHmac('sha256', this.signingKey(credentials.secretAccessKey, day))
      .update(stringToSign)
      .digest('hex');
    added.authorization =
      `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, ` +
      `SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return added;
  }

  private signingKey(secret: string, day: string): Buffer {
    const id = `${day}\0${secret}`;
    if (this.keyFor !== id || !this.key) {
      const hmac = (key: string | Buffer, data: string): Buffer =>
        createHmac('sha256', key).update(data).digest();
      this.key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), this.region), this.service), 'aws4_request');
      this.keyFor = id;
    }
    return this.key;
  }
}
