/**
 * Connections opened ahead of the requests that use them (src/store/s3-agent.ts), against the S3
 * test server behind a TCP forwarder that counts the connections made to it.
 */
import { execFile } from 'node:child_process';
import net from 'node:net';
import { join } from 'node:path';
import { S3Bucket } from '../../src/store/s3-bucket.js';
import { freshBucket, S3_TEST_CREDENTIALS, testEndpoint } from '../helpers/s3.js';

interface Forwarder {
  endpoint: string;
  accepted: number;
  closed: number;
  /** Resolves once `n` connections were accepted / closed in all. */
  acceptedAtLeast(n: number): Promise<void>;
  closedAtLeast(n: number): Promise<void>;
  close(): Promise<void>;
}

/** A TCP forwarder to `upstream`; `drop(n)` says whether to close the n-th connection at once. */
async function forwarder(upstream: string, drop: (n: number) => boolean = () => false): Promise<Forwarder> {
  const target = new URL(upstream);
  const sockets = new Set<net.Socket>();
  const waiters: (() => void)[] = [];
  const f = { accepted: 0, closed: 0 } as Forwarder;
  const notify = () => waiters.splice(0).forEach(w => w());
  const until = (done: () => boolean) =>
    new Promise<void>(resolve => {
      const check = () => (done() ? resolve() : waiters.push(check));
      check();
    });
  const server = net.createServer(client => {
    const n = ++f.accepted;
    sockets.add(client);
    client.on('close', () => {
      f.closed++;
      sockets.delete(client);
      notify();
    });
    client.on('error', () => client.destroy());
    notify();
    if (drop(n)) {
      client.destroy();
      return;
    }
    const up = net.connect(Number(target.port), target.hostname);
    up.on('error', () => client.destroy());
    client.on('close', () => up.destroy());
    up.on('close', () => client.destroy());
    client.pipe(up).pipe(client);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  f.endpoint = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  f.acceptedAtLeast = n => until(() => f.accepted >= n);
  f.closedAtLeast = n => until(() => f.closed >= n);
  f.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise(resolve => server.close(resolve));
  };
  return f;
}

let fwd: Forwarder | undefined;
let bucket: S3Bucket | undefined;
afterEach(async () => {
  bucket?.destroy();
  await fwd?.close();
  bucket = fwd = undefined;
});

async function bucketVia(f: Forwarder): Promise<S3Bucket> {
  const name = await freshBucket('agent');
  return new S3Bucket({ bucket: name, endpoint: f.endpoint, credentials: S3_TEST_CREDENTIALS });
}

test('connections opened ahead carry the requests sent together next; none more is opened', async () => {
  fwd = await forwarder(testEndpoint());
  bucket = await bucketVia(fwd);
  bucket.preconnect(3);
  await fwd.acceptedAtLeast(3);
  // Asking again for as many waiting opens nothing more.
  bucket.preconnect(3);
  const bodies = ['a', 'b', 'c'].map(k => Buffer.from(`body of ${k}`));
  await Promise.all(bodies.map((body, i) => bucket!.putObject(`k${i}`, body)));
  expect(fwd.accepted).toBe(3);
  for (const [i, body] of bodies.entries()) {
    expect((await bucket.getObject(`k${i}`))!.equals(body)).toBe(true);
  }
  expect(fwd.accepted).toBe(3);
});

test('a connection the far side closed before it was used is dropped; the request gets another', async () => {
  fwd = await forwarder(testEndpoint(), n => n === 1);
  bucket = await bucketVia(fwd);
  bucket.preconnect(1);
  await fwd.closedAtLeast(1);
  await bucket.putObject('k', Buffer.from('x'));
  expect((await bucket.getObject('k'))!.toString()).toBe('x');
  expect(fwd.accepted).toBeGreaterThanOrEqual(2);
});

test('closing the client closes the connections still waiting', async () => {
  fwd = await forwarder(testEndpoint());
  bucket = await bucketVia(fwd);
  bucket.preconnect(2);
  await fwd.acceptedAtLeast(2);
  bucket.destroy();
  bucket = undefined;
  await fwd.closedAtLeast(2);
  expect(fwd.closed).toBe(2);
});

test('connections waiting unused do not keep the process alive', async () => {
  fwd = await forwarder(testEndpoint());
  const name = await freshBucket('agent');
  const script = [
    `import { S3Bucket } from ${JSON.stringify(join(process.cwd(), 'src/store/s3-bucket.ts'))};`,
    `const b = new S3Bucket({ bucket: ${JSON.stringify(name)}, endpoint: ${JSON.stringify(fwd.endpoint)},`,
    `  credentials: ${JSON.stringify(S3_TEST_CREDENTIALS)} });`,
    'b.preconnect(3);',
    // One request first: the process then idles with a kept-alive connection and two waiting ones.
    "await b.putObject('k', Buffer.from('x'));",
    "process.stdout.write('sent');"
  ].join('\n');
  // Asynchronously: the forwarder runs in this process.
  const child = await new Promise<{ code: number | null; signal: string | null; stdout: string }>(resolve => {
    const p = execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { encoding: 'utf8', timeout: 60_000 },
      (_err, stdout) => resolve({ code: p.exitCode, signal: p.signalCode, stdout })
    );
  });
  expect(child.signal).toBeNull();
  expect(child.stdout).toBe('sent');
  expect(child.code).toBe(0);
  expect(fwd.accepted).toBe(3);
});

/**
 * Node's TLS modules are loaded only when an https endpoint needs them (s3-agent.ts): its
 * connections, opened ahead or by a request, must still speak TLS. A plain TCP listener reads the
 * first byte each connection sends: 0x16 opens a TLS handshake (a ClientHello), `P` a plain PUT.
 */
test('an https endpoint gets TLS connections, opened ahead and by a request alike; http gets none', async () => {
  const firstBytes: number[] = [];
  const sockets = new Set<net.Socket>();
  const got = new Set<() => void>();
  const server = net.createServer(s => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.once('data', d => {
      firstBytes.push(d[0]!);
      for (const g of got) g();
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  // Until n connections have sent a byte, or 5 s (a plain connection opened ahead sends none).
  const bytes = (n: number) =>
    new Promise<void>(resolve => {
      const timer = setTimeout(() => {
        got.delete(check);
        resolve();
      }, 5_000);
      const check = () => {
        if (firstBytes.length < n) return;
        clearTimeout(timer);
        got.delete(check);
        resolve();
      };
      got.add(check);
      check();
    });
  const options = { bucket: 'b', credentials: S3_TEST_CREDENTIALS, maxAttempts: 1, deadlineBaseMs: 2_000 };
  const secure = new S3Bucket({ ...options, endpoint: `https://127.0.0.1:${port}` });
  const plain = new S3Bucket({ ...options, endpoint: `http://127.0.0.1:${port}` });
  try {
    secure.preconnect(1);
    await bytes(1);
    // A second request at once: the connection opened ahead takes the first, the agent opens one.
    const puts = [secure.putObject('k', Buffer.from('x')), secure.putObject('j', Buffer.from('y'))];
    for (const p of puts) p.catch(() => undefined); // nobody answers; they fail at their deadline
    await bytes(2);
    const put = plain.putObject('k', Buffer.from('x'));
    put.catch(() => undefined);
    await bytes(3);
    expect(firstBytes).toEqual([0x16, 0x16, 'P'.charCodeAt(0)]);
  } finally {
    secure.destroy();
    plain.destroy();
    for (const s of sockets) s.destroy();
    await new Promise(resolve => server.close(resolve));
  }
});
