/**
 * The test S3 server verifies SigV4 like S3 (testkit/s3rver-gaps.js, gap 6): requests signed by the
 * AWS SDK (the reference) and by the store's lean code pass with keys and queries that need
 * escaping; a wrong secret, an unknown key, a changed request, a body other than the signed one
 * and a stale clock get S3's errors. Without this no test would notice a signing bug.
 */
import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client
} from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { FaultProxy } from '../../testkit/fault-proxy.js';
import { startLinkProxy } from '../../testkit/link-proxy.js';
import { startS3Server, type RunningS3Server } from '../../testkit/s3-server.js';
import { S3Bucket, S3RequestError } from '../../src/store/s3-bucket.js';
import { rawClient, S3_TEST_CREDENTIALS } from '../helpers/s3.js';

/** Keys whose segments and prefixes need escaping in the path and in the listing's query. */
const AWKWARD = [
  'k/a b',
  'k/a&b',
  'k/a+b',
  'k/100%',
  'k/a=b',
  "k/!'()*",
  'k/~tilde.-_',
  'k/;,:@$',
  'k/ünï/日本/🙂'
];
const SORTED = [...AWKWARD].sort();

let server: RunningS3Server;
let raw: S3Client;
let name: string;

beforeAll(async () => {
  server = await startS3Server();
  raw = rawClient(server.endpoint);
});
afterAll(async () => {
  raw.destroy();
  await server.stop();
});
beforeEach(async () => {
  name = `sigv4-${randomBytes(6).toString('hex')}`;
  await raw.send(new CreateBucketCommand({ Bucket: name }));
});

function storeBucket(
  endpoint = server.endpoint,
  credentials: { accessKeyId: string; secretAccessKey: string } = S3_TEST_CREDENTIALS
): S3Bucket {
  return new S3Bucket({ bucket: name, endpoint, region: 'us-east-1', credentials, maxAttempts: 1 });
}

function sdkClient(secretAccessKey: string): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: S3_TEST_CREDENTIALS.accessKeyId, secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1
  });
}

/** A SigV4 signer of our own (the SDK's algorithm), for requests built by hand. */
function signer(secretAccessKey = S3_TEST_CREDENTIALS.secretAccessKey): SignatureV4 {
  return new SignatureV4({
    service: 's3',
    region: 'us-east-1',
    credentials: { accessKeyId: S3_TEST_CREDENTIALS.accessKeyId, secretAccessKey },
    sha256: raw.config.sha256,
    uriEscapePath: false,
    applyChecksum: true
  });
}

type SignInput = Parameters<SignatureV4['sign']>[0];

interface Answer {
  status: number;
  body: string;
}

/** Sends a request exactly as given (path and query already escaped), returns the answer. */
function send(
  method: string,
  target: string,
  headers: http.OutgoingHttpHeaders,
  body?: Buffer
): Promise<Answer> {
  const url = new URL(server.endpoint);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method, path: target, headers, agent: false },
      res => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') })
        );
        res.on('error', reject);
      }
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A signed PUT of `body` to `/<bucket>/<key>` (key escaped by the caller). */
async function signedPut(
  escapedKey: string,
  body: Buffer,
  options: { signingDate?: Date; extraHeaders?: Record<string, string> } = {}
): Promise<SignInput> {
  const url = new URL(server.endpoint);
  const request: SignInput = {
    method: 'PUT',
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: `/${name}/${escapedKey}`,
    query: {},
    headers: { host: url.host, 'content-length': String(body.length), ...options.extraHeaders },
    body
  };
  return signer().sign(request, { signingDate: options.signingDate });
}

function codeOf(answer: Answer): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(answer.body)?.[1];
}

async function sdkKeys(client: S3Client, prefix: string, maxKeys?: number, delimiter?: string) {
  const keys: string[] = [];
  const prefixes: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await client.send(
      new ListObjectsV2Command({
        Bucket: name,
        Prefix: prefix,
        MaxKeys: maxKeys,
        Delimiter: delimiter,
        ContinuationToken: token
      })
    );
    keys.push(...(page.Contents ?? []).map(o => o.Key!));
    prefixes.push(...(page.CommonPrefixes ?? []).map(p => p.Prefix!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    pages++;
  } while (token);
  return { keys, prefixes, pages };
}

async function leanKeys(bucket: S3Bucket, prefix: string, maxKeys?: number, delimiter?: string) {
  const keys: string[] = [];
  const prefixes: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await bucket.listPage({ prefix, maxKeys, delimiter, continuationToken: token });
    keys.push(...page.objects.map(o => o.key));
    prefixes.push(...page.prefixes);
    token = page.isTruncated ? page.nextContinuationToken : undefined;
    pages++;
  } while (token);
  return { keys, prefixes, pages };
}

describe('SigV4 verification in the test S3 server', () => {
  test('the SDK: PutObject, GetObject and ListObjectsV2 with awkward keys, prefixes and continuation tokens pass', async () => {
    for (const key of AWKWARD) {
      await raw.send(new PutObjectCommand({ Bucket: name, Key: key, Body: `body of ${key}` }));
    }
    for (const key of AWKWARD) {
      const got = await raw.send(new GetObjectCommand({ Bucket: name, Key: key }));
      expect(await got.Body!.transformToString()).toBe(`body of ${key}`);
    }
    const paged = await sdkKeys(raw, 'k/', 2);
    expect(paged.keys).toEqual(SORTED);
    expect(paged.pages).toBe(Math.ceil(SORTED.length / 2));
    for (const prefix of ['k/a+', 'k/a ', 'k/a&', 'k/100%', 'k/a=', "k/!'(", 'k/ünï/']) {
      expect((await sdkKeys(raw, prefix)).keys).toEqual(SORTED.filter(k => k.startsWith(prefix)));
    }
    expect(await sdkKeys(raw, 'k/', undefined, '/')).toMatchObject({ prefixes: ['k/ünï/'] });
  });

  test("the store's lean PUT, GET and ListObjectsV2 with the same keys pass", async () => {
    const bucket = storeBucket();
    try {
      for (const key of AWKWARD) expect(await bucket.putObject(key, Buffer.from(`lean ${key}`))).toBe(true);
      for (const key of AWKWARD) expect((await bucket.getObject(key))?.toString()).toBe(`lean ${key}`);
      const paged = await leanKeys(bucket, 'k/', 2);
      expect(paged.keys).toEqual(SORTED);
      expect(paged.pages).toBe(Math.ceil(SORTED.length / 2));
      for (const prefix of ['k/a+', 'k/a ', 'k/a&', 'k/100%', 'k/a=', "k/!'(", 'k/ünï/']) {
        expect((await leanKeys(bucket, prefix)).keys).toEqual(SORTED.filter(k => k.startsWith(prefix)));
      }
      expect(await leanKeys(bucket, 'k/', undefined, '/')).toMatchObject({ prefixes: ['k/ünï/'] });
      // `.` and `//` are signed as sent, not normalised: a miss (404), not a 403.
      expect(await bucket.getObject('k/./x//y')).toBeNull();
    } finally {
      bucket.destroy();
    }
  });

  test('lean requests still verify through the fault proxy and the link proxy (no signed header altered)', async () => {
    const fault = await FaultProxy.start(server.endpoint);
    const link = await startLinkProxy({ upstream: server.endpoint, latencyMs: 0, bytesPerSecond: 0 });
    try {
      for (const endpoint of [fault.endpoint, link.endpoint]) {
        const bucket = storeBucket(endpoint);
        try {
          const key = `k/through ${endpoint.split(':').pop()} +&=`;
          expect(await bucket.putObject(key, randomBytes(100_000))).toBe(true);
          expect(await bucket.getObject(key)).toHaveLength(100_000);
          expect((await leanKeys(bucket, 'k/through ')).keys).toContain(key);
        } finally {
          bucket.destroy();
        }
      }
    } finally {
      await fault.close();
      await link.stop();
    }
  });

  test('a wrong secret fails with 403 SignatureDoesNotMatch: lean PUT, GET, listing and the SDK', async () => {
    await raw.send(new PutObjectCommand({ Bucket: name, Key: 'k/a b', Body: 'x' }));
    const bucket = storeBucket(server.endpoint, { accessKeyId: 'S3RVER', secretAccessKey: 'wrong' });
    try {
      const attempts: [string, Promise<unknown>][] = [
        ['PutObject', bucket.putObject('k/a b', Buffer.from('y'))],
        ['GetObject', bucket.getObject('k/a b')],
        ['ListObjectsV2', bucket.listPage({ prefix: 'k/' })]
      ];
      for (const [operation, attempt] of attempts) {
        const err = await attempt.then(
          () => undefined,
          (e: unknown) => e
        );
        expect(err).toBeInstanceOf(S3RequestError);
        expect(err).toMatchObject({ operation, status: 403, code: 'SignatureDoesNotMatch' });
        expect((err as Error).message).toContain('HTTP 403 SignatureDoesNotMatch');
      }
    } finally {
      bucket.destroy();
    }
    const wrong = sdkClient('wrong');
    try {
      await expect(wrong.send(new GetObjectCommand({ Bucket: name, Key: 'k/a b' }))).rejects.toMatchObject({
        name: 'SignatureDoesNotMatch',
        $metadata: { httpStatusCode: 403 }
      });
    } finally {
      wrong.destroy();
    }
    // Nothing was overwritten by the refused PUT.
    const got = await raw.send(new GetObjectCommand({ Bucket: name, Key: 'k/a b' }));
    expect(await got.Body!.transformToString()).toBe('x');
  });

  test('an unknown access key fails with 403 InvalidAccessKeyId', async () => {
    const bucket = storeBucket(server.endpoint, { accessKeyId: 'NOBODY', secretAccessKey: 'S3RVER' });
    try {
      await expect(bucket.getObject('k/x')).rejects.toMatchObject({
        status: 403,
        code: 'InvalidAccessKeyId'
      });
    } finally {
      bucket.destroy();
    }
  });

  test('a body other than the signed one fails with XAmzContentSHA256Mismatch and is not stored', async () => {
    const signed = await signedPut('k/tampered', Buffer.from('the signed body'));
    const answer = await send('PUT', signed.path, signed.headers, Buffer.from('another  body!!'));
    expect(answer.status).toBe(400);
    expect(codeOf(answer)).toBe('XAmzContentSHA256Mismatch');
    await expect(raw.send(new GetObjectCommand({ Bucket: name, Key: 'k/tampered' }))).rejects.toMatchObject({
      name: 'NoSuchKey'
    });
    // The same request with the signed body goes through.
    const ok = await send('PUT', signed.path, signed.headers, Buffer.from('the signed body'));
    expect(ok.status).toBe(200);
  });

  test('a changed path, query or signed header fails with SignatureDoesNotMatch', async () => {
    const body = Buffer.from('abc');
    const signed = await signedPut('k/a%20b', body, { extraHeaders: { 'content-type': 'text/plain' } });
    const changes: [string, http.OutgoingHttpHeaders][] = [
      [`/${name}/k/a%20c`, signed.headers],
      [`/${name}/k/a+b`, signed.headers],
      [`/${name}/k//a%20b`, signed.headers],
      [`/${name}/k/a%20b?x-id=PutObject`, signed.headers],
      [signed.path, { ...signed.headers, 'content-type': 'text/html' }]
    ];
    for (const [target, headers] of changes) {
      const answer = await send('PUT', target, headers, body);
      expect({ target, status: answer.status, code: codeOf(answer) }).toEqual({
        target,
        status: 403,
        code: 'SignatureDoesNotMatch'
      });
    }
    // Escaping that decodes to the same characters is the same canonical path (`%7E` is `~`).
    const tilde = await signedPut('k/~x', body);
    expect((await send('PUT', `/${name}/k/%7Ex`, tilde.headers, body)).status).toBe(200);
    // Header values are trimmed and inner whitespace collapsed before signing.
    const spaced = await signedPut('k/spaced', body, { extraHeaders: { 'x-amz-meta-note': 'a   b' } });
    const respaced = { ...spaced.headers, 'x-amz-meta-note': '  a b ' };
    expect((await send('PUT', spaced.path, respaced, body)).status).toBe(200);
  });

  test('an unsigned x-amz-* header is refused with AccessDenied', async () => {
    const body = Buffer.from('abc');
    const signed = await signedPut('k/unsigned', body);
    const answer = await send('PUT', signed.path, { ...signed.headers, 'x-amz-meta-added': 'later' }, body);
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('AccessDenied');
    expect(answer.body).toContain('x-amz-meta-added');
  });

  test('a request time 20 minutes off fails with RequestTimeTooSkewed', async () => {
    const body = Buffer.from('abc');
    const signed = await signedPut('k/late', body, { signingDate: new Date(Date.now() - 20 * 60_000) });
    const answer = await send('PUT', signed.path, signed.headers, body);
    expect(answer.status).toBe(403);
    expect(codeOf(answer)).toBe('RequestTimeTooSkewed');
  });

  test('UNSIGNED-PAYLOAD takes any body; the signature still covers the rest', async () => {
    const body = Buffer.from('any body at all');
    const signed = await signedPut('k/unsigned-payload', body, {
      extraHeaders: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }
    });
    expect(signed.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect((await send('PUT', signed.path, signed.headers, body)).status).toBe(200);
    const wrongHash = {
      ...signed.headers,
      'x-amz-content-sha256': createHash('sha256').update(body).digest('hex')
    };
    expect(codeOf(await send('PUT', signed.path, wrongHash, body))).toBe('SignatureDoesNotMatch');
  });

  test('presigned GET URLs verify; a changed or wrongly keyed one fails', async () => {
    const key = "k/pre signed&+=!'";
    await raw.send(new PutObjectCommand({ Bucket: name, Key: key, Body: 'presigned' }));
    const url = new URL(server.endpoint);
    const request: SignInput = {
      method: 'GET',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: `/${name}/${key
        .split('/')
        .map(s =>
          encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        )
        .join('/')}`,
      query: { 'response-content-type': 'text/plain; charset=utf-8' },
      // As S3's presigner does: the payload is UNSIGNED-PAYLOAD, the header itself neither signed nor sent.
      headers: { host: url.host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }
    };
    const asS3Presigner = new Set(['x-amz-content-sha256']);
    const target = async (s: SignatureV4): Promise<string> => {
      const p = await s.presign(request, {
        expiresIn: 300,
        unsignableHeaders: asS3Presigner,
        unhoistableHeaders: asS3Presigner
      });
      const q = Object.entries(p.query ?? {})
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
        .join('&');
      return `${p.path}?${q}`;
    };
    const good = await target(signer());
    const answer = await send('GET', good, { host: url.host });
    expect(answer).toEqual({ status: 200, body: 'presigned' });
    const changed = good.replace('text%2Fplain', 'text%2Fhtml');
    expect(codeOf(await send('GET', changed, { host: url.host }))).toBe('SignatureDoesNotMatch');
    expect(codeOf(await send('GET', await target(signer('wrong')), { host: url.host }))).toBe(
      'SignatureDoesNotMatch'
    );
  });
});
