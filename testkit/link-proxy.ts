/**
 * A link-shaping HTTP proxy on 127.0.0.1 in front of the S3-protocol server, so that request count
 * and bytes cost on loopback what they cost between a runner and a bucket: every request waits a
 * fixed latency once before it is forwarded, and all bodies, both directions, all connections,
 * share one bandwidth cap (a token bucket). It counts requests by method and by S3 operation.
 *
 * Keep-alive friendly: client connections stay open between requests, and the proxy keeps its
 * own pool of kept-alive connections to the server.
 *
 * Run alone: `tsx testkit/link-proxy.ts --upstream http://127.0.0.1:4568 [--port 0] [--latency 20]
 * [--bandwidth 100M]` (bandwidth in bytes per second, a size such as `100M`; 0 = unlimited).
 */
import {
  Agent,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parseSize } from '../src/store/size.js';

export interface LinkProxyOptions {
  /** The server to forward to, e.g. `http://127.0.0.1:4568`. */
  upstream: string;
  /** Added once per request before forwarding; default 20 ms. */
  latencyMs?: number;
  /** Shared cap for all bodies in both directions, bytes per second; default 100 MiB/s; 0 = none. */
  bytesPerSecond?: number;
  port?: number;
}

export interface LinkCounts {
  /** Requests by HTTP method. */
  byMethod: Record<string, number>;
  /** Requests by S3 operation class: GET (object), PUT, HEAD, LIST, DELETE, POST, COPY. */
  byOperation: Record<string, number>;
  total: number;
  bytesUp: number;
  bytesDown: number;
}

export interface LinkProxy {
  endpoint: string;
  port: number;
  counts(): LinkCounts;
  resetCounts(): void;
  stop(): Promise<void>;
}

/** How late a timer may fire and the link still be counted as busy meanwhile (SharedLink). */
const OVERSLEEP_MS = 2;

/**
 * One token bucket for the whole link: each piece of a body reserves its transfer time on a
 * shared clock and waits until then, so concurrent transfers split the bandwidth between them.
 */
export class SharedLink {
  private nextFree = 0;
  constructor(private readonly bytesPerSecond: number) {}

  async take(bytes: number): Promise<void> {
    if (this.bytesPerSecond <= 0) return;
    const now = performance.now();
    // A timer fires late (up to a millisecond or two here): a piece that was due while the sender
    // overslept goes out on the link's own schedule, not from the late wake-up, or one busy stream
    // would get ~85% of the link (a single 50 MiB GET at 100 MiB/s: 0.61 s instead of ~0.5 s)
    // while several together filled it. Longer gaps (nothing to send) are idle link, not credit.
    const start = Math.max(now - OVERSLEEP_MS, this.nextFree);
    this.nextFree = start + (bytes / this.bytesPerSecond) * 1000;
    const wait = this.nextFree - now;
    // Sub-millisecond debts are carried on the shared clock rather than slept one by one.
    if (wait >= 1) await new Promise(resolve => setTimeout(resolve, wait));
  }
}

const PIECE = 64 * 1024;

function throttle(link: SharedLink, count: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      void (async () => {
        for (let off = 0; off < chunk.length; off += PIECE) {
          const piece = chunk.subarray(off, Math.min(chunk.length, off + PIECE));
          await link.take(piece.length);
          count(piece.length);
          this.push(piece);
        }
        done();
      })();
    }
  });
}

/**
 * The same link model for a server that shapes its own traffic (testkit/memory-s3.ts with `link`):
 * the latency once per request before it is handled, and every body, both directions, through the
 * shared bandwidth in the same 64 KiB pieces as the proxy. It saves the proxy's HTTP hop, whose
 * CPU (about 0.3 ms per request) would otherwise come out of the cores the client runs on.
 */
export class LinkShaper {
  private readonly link: SharedLink;
  private current: LinkCounts = emptyCounts();

  constructor(
    readonly latencyMs: number,
    bytesPerSecond: number
  ) {
    this.link = new SharedLink(bytesPerSecond);
  }

  /** Counts the request and waits the link's latency. */
  async arrive(req: IncomingMessage): Promise<void> {
    const c = this.current;
    const method = req.method ?? 'GET';
    const op = operationOf(req);
    c.byMethod[method] = (c.byMethod[method] ?? 0) + 1;
    c.byOperation[op] = (c.byOperation[op] ?? 0) + 1;
    c.total++;
    if (this.latencyMs > 0) await new Promise(resolve => setTimeout(resolve, this.latencyMs));
  }

  /** A request body of `bytes` crosses the link. */
  async up(bytes: number): Promise<void> {
    const c = this.current;
    for (let off = 0; off < bytes; off += PIECE) {
      const n = Math.min(PIECE, bytes - off);
      await this.link.take(n);
      c.bytesUp += n;
    }
  }

  /** Writes a response body through the link, piece by piece, then ends the response. */
  async down(res: ServerResponse, data: Buffer | undefined): Promise<void> {
    const c = this.current;
    if (data) {
      for (let off = 0; off < data.length; off += PIECE) {
        const piece = data.subarray(off, Math.min(data.length, off + PIECE));
        await this.link.take(piece.length);
        c.bytesDown += piece.length;
        if (!res.write(piece)) await new Promise(resolve => res.once('drain', resolve));
      }
    }
    res.end();
  }

  counts(): LinkCounts {
    return structuredClone(this.current);
  }

  resetCounts(): void {
    this.current = emptyCounts();
  }
}

function emptyCounts(): LinkCounts {
  return { byMethod: {}, byOperation: {}, total: 0, bytesUp: 0, bytesDown: 0 };
}

export function operationOf(req: IncomingMessage): string {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://x');
  // Path-style: `/<bucket>` is a bucket operation, `/<bucket>/<key>` an object operation.
  const isBucket = url.pathname.replace(/^\/+/, '').split('/').filter(Boolean).length <= 1;
  if (method === 'GET' && (url.searchParams.has('list-type') || isBucket)) return 'LIST';
  if (method === 'PUT' && req.headers['x-amz-copy-source']) return 'COPY';
  if (method === 'POST' && url.searchParams.has('delete')) return 'DELETE';
  return method;
}

export async function startLinkProxy(options: LinkProxyOptions): Promise<LinkProxy> {
  const upstream = new URL(options.upstream);
  const latency = options.latencyMs ?? 20;
  const link = new SharedLink(options.bytesPerSecond ?? 100 * 1024 * 1024);
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  let counts: LinkCounts = { byMethod: {}, byOperation: {}, total: 0, bytesUp: 0, bytesDown: 0 };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    const op = operationOf(req);
    counts.byMethod[method] = (counts.byMethod[method] ?? 0) + 1;
    counts.byOperation[op] = (counts.byOperation[op] ?? 0) + 1;
    counts.total++;
    const c = counts;
    // The proxy already answered any `Expect: 100-continue` itself; the body follows as a stream.
    const headers = { ...req.headers };
    delete headers.expect;
    setTimeout(() => {
      const out = httpRequest(
        {
          host: upstream.hostname,
          port: upstream.port,
          method,
          path: req.url,
          // The Host header is part of the request signature: it goes through unchanged.
          headers,
          agent
        },
        up => {
          res.writeHead(up.statusCode ?? 502, up.statusMessage, up.headers);
          up.pipe(throttle(link, n => (c.bytesDown += n))).pipe(res);
        }
      );
      out.on('error', err => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`link proxy: upstream error: ${err.message}`);
      });
      req.pipe(throttle(link, n => (c.bytesUp += n))).pipe(out);
    }, latency);
  };

  const server = createServer(handle);
  server.keepAliveTimeout = 60_000;
  await new Promise<void>(resolve => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    counts: () => structuredClone(counts),
    resetCounts: () => {
      counts = { byMethod: {}, byOperation: {}, total: 0, bytesUp: 0, bytesDown: 0 };
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
      agent.destroy();
    }
  };
}

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const upstream = flag(args, 'upstream');
  if (!upstream) {
    console.error(
      'usage: tsx testkit/link-proxy.ts --upstream http://127.0.0.1:PORT [--port N] [--latency MS] [--bandwidth 100M]'
    );
    process.exit(2);
  }
  const proxy = await startLinkProxy({
    upstream,
    port: Number(flag(args, 'port') ?? 0),
    latencyMs: Number(flag(args, 'latency') ?? 20),
    bytesPerSecond: parseSize(flag(args, 'bandwidth') ?? '100M')
  });
  console.log(`link proxy ${proxy.endpoint} -> ${upstream}`);
  process.on('SIGINT', () => {
    console.log(JSON.stringify(proxy.counts()));
    void proxy.stop().then(() => process.exit(0));
  });
}
