/**
 * The store's own S3 requests (src/store/s3-http.ts, s3-sigv4.ts, s3-xml.ts): signatures equal to
 * the AWS SDK's signer on the same requests, AWS addressing, the listing reader on awkward
 * documents, and what odd answers mean, from a loopback HTTP server that answers as S3 does in the
 * cases the S3 test server cannot make (a wrong region's redirect, a copy that fails after its 200,
 * a HEAD without a body). The credential chain is exercised for real: a profile in a shared
 * credentials file signs requests that the test server checks.
 */
import http from 'node:http';
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { S3Bucket, S3RequestError, parseListPage } from '../../src/store/s3-bucket.js';
import { requestTarget } from '../../src/store/s3-http.js';
import { SigV4Signer, sha256Hex, encodeKeyPath } from '../../src/store/s3-sigv4.js';
import { escapeXml, unescapeXml } from '../../src/store/s3-xml.js';
import { freshBucket, S3_TEST_CREDENTIALS, testEndpoint } from '../helpers/s3.js';

/** The hash the SDK's signer is given, from node:crypto (an HMAC when given a secret). */
class Sha256 {
  private h: Hash | Hmac;
  private readonly secret: string | Uint8Array | undefined;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.secret =
      secret === undefined || typeof secret === 'string'
        ? secret
        : ArrayBuffer.isView(secret)
          ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength)
          : new Uint8Array(secret);
    this.h = this.secret ? createHmac('sha256', this.secret) : createHash('sha256');
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.h.update(
      typeof data === 'string'
        ? data
        : ArrayBuffer.isView(data)
          ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
          : new Uint8Array(data)
    );
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
  reset(): void {
    this.h = this.secret ? createHmac('sha256', this.secret) : createHash('sha256');
  }
}

describe('SigV4', () => {
  const credentials = {
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY'
  };
  const when = new Date('2026-11-29T01:02:03Z');
  const reference = (sessionToken?: string): SignatureV4 =>
    new SignatureV4({
      service: 's3',
      region: 'eu-west-1',
      credentials: { ...credentials, sessionToken },
      sha256: Sha256,
      uriEscapePath: false,
      applyChecksum: true
    });

  test.each([
    ['a GET of an awkward key', 'GET', "k/a b/!'()*/ünï/🙂+%", {}, {}, ''],
    [
      'a listing with every query parameter',
      'GET',
      undefined,
      { 'list-type': '2', prefix: 'cache/a b&c', 'continuation-token': '1/+=x', 'max-keys': '1' },
      {},
      ''
    ],
    ['a ranged GET', 'GET', 'cache/00/0a/output', {}, { range: 'bytes=0-99' }, ''],
    [
      'a PUT with a body and conditions',
      'PUT',
      'cache/packs/p1.pack',
      {},
      { 'content-type': 'application/octet-stream', 'if-none-match': '*' },
      'pack bytes'
    ],
    ['a bulk delete', 'POST', undefined, { delete: '' }, { 'content-md5': 'abc==' }, '<Delete/>']
  ] as const)('%s is signed as the SDK signs it', async (_what, method, key, query, headers, body) => {
    for (const sessionToken of [undefined, 'token/with+odd=chars']) {
      const host = 'bucket.s3.eu-west-1.amazonaws.com';
      const path = key === undefined ? '/' : `/${encodeKeyPath(key)}`;
      const payloadHash = sha256Hex(body);
      const ours = new SigV4Signer('eu-west-1').sign(
        { method, host, path, query: Object.entries(query), headers: { ...headers }, payloadHash },
        { ...credentials, sessionToken },
        when
      );
      const theirs = await reference(sessionToken).sign(
        {
          method,
          protocol: 'https:',
          hostname: host,
          path,
          query: { ...query },
          headers: { host, ...headers, 'x-amz-content-sha256': payloadHash },
          body
        },
        { signingDate: when }
      );
      expect(ours.authorization).toBe(theirs.headers.authorization);
      expect(ours['x-amz-date']).toBe(theirs.headers['x-amz-date']);
      expect(ours['x-amz-security-token']).toBe(theirs.headers['x-amz-security-token']);
    }
  });
});

describe('addressing', () => {
  const base = { maxSockets: 1, forcePathStyle: false };
  test.each([
    [
      'AWS, a plain name: virtual-hosted',
      { bucket: 'my-cache', region: 'eu-west-1' },
      'my-cache.s3.eu-west-1.amazonaws.com',
      ''
    ],
    [
      'AWS, a dotted name: path style (TLS)',
      { bucket: 'my.cache', region: 'us-east-1' },
      's3.us-east-1.amazonaws.com',
      '/my.cache'
    ],
    ['AWS China', { bucket: 'c1-b', region: 'cn-north-1' }, 'c1-b.s3.cn-north-1.amazonaws.com.cn', ''],
    [
      'AWS, FIPS and dual-stack',
      { bucket: 'gov-b', region: 'us-gov-west-1', useFips: true, useDualStack: true },
      'gov-b.s3-fips.dualstack.us-gov-west-1.amazonaws.com',
      ''
    ],
    [
      'AWS, dual-stack',
      { bucket: 'b66', region: 'eu-west-1', useDualStack: true },
      'b66.s3.dualstack.eu-west-1.amazonaws.com',
      ''
    ],
    [
      'an endpoint, path style',
      { bucket: 'b', region: 'auto', endpoint: 'http://127.0.0.1:9000', forcePathStyle: true },
      '127.0.0.1:9000',
      '/b'
    ],
    [
      'an endpoint with a base path',
      { bucket: 'b', region: 'auto', endpoint: 'https://gw.example/s3/', forcePathStyle: true },
      'gw.example',
      '/s3/b'
    ],
    [
      'an endpoint, virtual-hosted',
      { bucket: 'b', region: 'auto', endpoint: 'https://acct.r2.example' },
      'b.acct.r2.example',
      ''
    ]
  ] as const)('%s', (_what, options, host, basePath) => {
    const t = requestTarget({ ...base, ...options });
    expect(t.host).toBe(host);
    expect(t.base).toBe(basePath);
  });
});

describe('the listing reader', () => {
  test('reads keys with escapes, prefixes, truncation and bad fields as S3 writes them', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix>p/</Prefix>
<KeyCount>4</KeyCount><MaxKeys>4</MaxKeys><IsTruncated>true</IsTruncated>
<NextContinuationToken>1&amp;x/+=</NextContinuationToken>
<Contents><Key>p/a&amp;b&lt;c&gt;&#39;&quot;&#x1F642;</Key><LastModified>2026-11-28T10:00:00.000Z</LastModified><ETag>&quot;e&quot;</ETag><Size>12</Size><StorageClass>STANDARD</StorageClass></Contents>
<Contents><Key>p/no-size</Key><LastModified>not a date</LastModified></Contents>
<Contents><Key/><Size>-5</Size></Contents>
<Contents><Size>1</Size></Contents>
<CommonPrefixes><Prefix>p/sub/</Prefix></CommonPrefixes><CommonPrefixes><Prefix>p/&amp;/</Prefix></CommonPrefixes>
</ListBucketResult>`;
    const page = parseListPage(xml);
    expect(page.objects).toEqual([
      { key: `p/a&b<c>'"🙂`, size: 12, lastModified: new Date('2026-11-28T10:00:00.000Z') },
      { key: 'p/no-size', size: 0, lastModified: new Date(0) },
      { key: '', size: 0, lastModified: new Date(0) }
    ]);
    expect(page.prefixes).toEqual(['p/sub/', 'p/&/']);
    expect(page.isTruncated).toBe(true);
    expect(page.nextContinuationToken).toBe('1&x/+=');
  });

  test('an empty or foreign document is an empty, final page', () => {
    expect(parseListPage('')).toEqual({
      objects: [],
      prefixes: [],
      isTruncated: false,
      nextContinuationToken: undefined
    });
    expect(parseListPage('<html>not S3</html>').objects).toEqual([]);
  });

  test('escaping round-trips every character a key may hold', () => {
    const text = `a&b<c>"d'e\r\n\t\u0001 ünï 🙂`;
    expect(unescapeXml(escapeXml(text))).toBe(text);
    expect(escapeXml('a\rb')).toBe('a&#xd;b');
  });
});

/** A loopback server answering each request with what `answer` returns, recording the requests. */
async function cannedServer(
  answer: (
    req: http.IncomingMessage,
    body: Buffer
  ) => { status: number; headers?: Record<string, string>; body?: string }
): Promise<{
  endpoint: string;
  requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }[];
  close: () => Promise<void>;
}> {
  const requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const a = answer(req, body);
      res.writeHead(a.status, a.headers);
      res.end(req.method === 'HEAD' ? undefined : a.body);
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise(resolve => server.close(() => resolve()))
  };
}

describe('answers', () => {
  const bucketOn = (endpoint: string, maxAttempts = 2): S3Bucket =>
    new S3Bucket({
      bucket: 'b',
      endpoint,
      region: 'us-east-1',
      credentials: S3_TEST_CREDENTIALS,
      maxAttempts,
      retryBaseDelayMs: 1
    });

  type Canned = Awaited<ReturnType<typeof cannedServer>>;
  /** A bucket client on a server answering with `answer`; both are closed after `use`. */
  async function withCanned(
    answer: Parameters<typeof cannedServer>[0],
    use: (server: Canned, bucket: S3Bucket) => Promise<void>,
    maxAttempts = 2
  ): Promise<void> {
    const server = await cannedServer(answer);
    const bucket = bucketOn(server.endpoint, maxAttempts);
    try {
      await use(server, bucket);
    } finally {
      bucket.destroy();
      await server.close();
    }
  }

  test('a bucket in another region: the error says which region, and is not retried', async () => {
    await withCanned(
      () => ({
        status: 301,
        headers: { 'x-amz-bucket-region': 'eu-central-1', 'content-type': 'application/xml' },
        body: '<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message></Error>'
      }),
      async (server, bucket) => {
        const err = await bucket.listPage({ prefix: 'cache/' }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(S3RequestError);
        expect((err as S3RequestError).code).toBe('PermanentRedirect');
        expect((err as S3RequestError).status).toBe(301);
        expect((err as Error).message).toContain('the bucket is in region eu-central-1');
        expect(server.requests).toHaveLength(1);
      }
    );
  });

  test("a runner's clock an hour off: the first answer says so, the retry is signed with the server's clock", async () => {
    const serverNow = () => Date.now() + 3600_000;
    const amzDate = (d: string) =>
      Date.parse(
        `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T${d.slice(9, 11)}:${d.slice(11, 13)}:${d.slice(13, 15)}Z`
      );
    await withCanned(
      req => {
        const date = new Date(serverNow()).toUTCString();
        const signedAt = amzDate(String(req.headers['x-amz-date']));
        if (Math.abs(signedAt - serverNow()) > 15 * 60_000) {
          return {
            status: 403,
            headers: { date },
            body: '<Error><Code>RequestTimeTooSkewed</Code><Message>The difference between the request time and the current time is too large.</Message></Error>'
          };
        }
        return { status: 200, headers: { date }, body: '' };
      },
      async (server, bucket) => {
        await expect(bucket.putObject('k', Buffer.from('v'))).resolves.toBe(true);
        expect(server.requests).toHaveLength(2);
        // Later requests are signed right the first time.
        await expect(bucket.putObject('k2', Buffer.from('v'))).resolves.toBe(true);
        expect(server.requests).toHaveLength(3);
      },
      3
    );
  });

  test('HEAD: 404 without a body is absent, 403 is an error named Forbidden', async () => {
    await withCanned(
      req => ({ status: req.url?.endsWith('/gone') ? 404 : 403 }),
      async (_server, bucket) => {
        await expect(bucket.headObject('gone')).resolves.toBeNull();
        const err = (await bucket.headObject('secret').catch((e: unknown) => e)) as S3RequestError;
        expect(err.code).toBe('Forbidden');
        expect(err.status).toBe(403);
      }
    );
  });

  test('a copy that fails after its 200 is an error, retried like a 500', async () => {
    await withCanned(
      () => ({
        status: 200,
        body: '<?xml version="1.0"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>'
      }),
      async (server, bucket) => {
        const err = (await bucket.copyOntoItself('k/x').catch((e: unknown) => e)) as S3RequestError;
        expect(err).toBeInstanceOf(S3RequestError);
        expect(err.code).toBe('InternalError');
        expect(err.attempts).toBe(2);
        expect(server.requests[0]!.headers['x-amz-copy-source']).toBe('b/k/x');
      }
    );
  });

  test('a bulk delete carries the MD5 of its body, and the keys it could not delete are an error', async () => {
    await withCanned(
      () => ({
        status: 200,
        body: '<DeleteResult><Deleted><Key>a</Key></Deleted><Error><Key>k&amp;1</Key><Code>AccessDenied</Code><Message>no</Message></Error><Error><Key>gone</Key><Code>NoSuchKey</Code></Error></DeleteResult>'
      }),
      async (server, bucket) => {
        const err = (await bucket
          .deleteObjects(['a', 'k&1', 'gone'])
          .catch((e: unknown) => e)) as S3RequestError;
        expect(err.code).toBe('AccessDenied');
        expect(err.message).toContain('could not delete 1 of 3 objects, e.g. s3://b/k&1');
        const req = server.requests[0]!;
        expect(req.url).toBe('/b/?delete');
        expect(req.headers['content-md5']).toBe(createHash('md5').update(req.body).digest('base64'));
        expect(req.body.toString()).toContain('<Key>k&amp;1</Key>');
      }
    );
  });
});

describe('credentials', () => {
  const saved = { ...process.env };
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'compile-cache-creds-'));
  });
  afterEach(async () => {
    process.env = { ...saved };
    await rm(dir, { recursive: true, force: true });
  });

  /** A client of the test server with the credentials the environment leads to; closed after `use`. */
  async function withBucket(name: string, use: (bucket: S3Bucket) => Promise<void>): Promise<void> {
    const bucket = new S3Bucket({
      bucket: name,
      endpoint: testEndpoint(),
      region: 'us-east-1',
      maxAttempts: 1
    });
    try {
      await use(bucket);
    } finally {
      bucket.destroy();
    }
  }

  test('without keys in the environment, a profile of the shared credentials file signs the requests', async () => {
    const name = await freshBucket('creds');
    await writeFile(
      join(dir, 'credentials'),
      `[other]\naws_access_key_id = WRONG\naws_secret_access_key = WRONG\n\n[ci]\naws_access_key_id = ${S3_TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${S3_TEST_CREDENTIALS.secretAccessKey}\n`
    );
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_SESSION_TOKEN;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
    process.env.AWS_CONFIG_FILE = join(dir, 'config-absent');
    process.env.AWS_PROFILE = 'ci';
    process.env.AWS_EC2_METADATA_DISABLED = 'true';
    await withBucket(name, async bucket => {
      await bucket.putObject('k', Buffer.from('v'));
      expect((await bucket.getObject('k'))?.toString()).toBe('v');
    });
    process.env.AWS_PROFILE = 'other';
    await withBucket(name, async bucket => {
      const err = (await bucket.getObject('k').catch((e: unknown) => e)) as S3RequestError;
      expect(err.code).toBe('InvalidAccessKeyId');
    });
  });

  test('keys in the environment come first, read on the first request', async () => {
    const name = await freshBucket('creds');
    process.env.AWS_ACCESS_KEY_ID = S3_TEST_CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = S3_TEST_CREDENTIALS.secretAccessKey;
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'absent');
    process.env.AWS_PROFILE = 'nothing-here';
    await withBucket(name, async bucket => {
      await expect(bucket.putObject('k', Buffer.from('v'))).resolves.toBe(true);
    });
  });

  test('without an endpoint, AWS_ENDPOINT_URL_S3 (then AWS_ENDPOINT_URL) is the endpoint, as in the AWS SDKs', async () => {
    const name = await freshBucket('creds');
    process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:1';
    process.env.AWS_ENDPOINT_URL_S3 = testEndpoint();
    const bucket = new S3Bucket({
      bucket: name,
      region: 'us-east-1',
      credentials: S3_TEST_CREDENTIALS,
      maxAttempts: 1
    });
    try {
      expect(bucket.endpoint).toBe(testEndpoint());
      await expect(bucket.putObject('k', Buffer.from('v'))).resolves.toBe(true);
    } finally {
      bucket.destroy();
    }
    process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS = 'true';
    expect(new S3Bucket({ bucket: name, region: 'us-east-1' }).endpoint).toBeUndefined();
  });
});
