/**
 * A fault-injecting HTTP proxy on 127.0.0.1 (free port) in front of an S3-protocol server. Tests
 * point a store's endpoint at it and set rules: answer with an S3 XML error, drop the connection
 * (before answering or halfway through the response body), or stall. Everything else is forwarded
 * unchanged (the Host header included, so SigV4 signatures still verify upstream). Faults thus come
 * from the network, never from stubbed SDK calls.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Which requests a rule applies to; path is the request target (path and query). */
export type FaultMatch = (method: string, path: string, headers: http.IncomingHttpHeaders) => boolean;

export interface FailRule {
  status: number;
  /** S3 error code, e.g. `SlowDown`, `InternalError`, `NotImplemented`. */
  code: string;
  message?: string;
  /** How many matching requests get this answer. Default 1. */
  count?: number;
  match?: FaultMatch;
}

export interface ResetOptions {
  match?: FaultMatch;
  /** `request`: drop the connection without answering (default); `response`: forward, then drop it halfway through the body. */
  when?: 'request' | 'response';
}

export interface StallOptions {
  match?: FaultMatch;
  /** `headers`: hold the request before forwarding it (default); `body`: forward, send half the body, then hold. */
  when?: 'headers' | 'body';
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The request body when it is at most 64 KiB. */
  body?: Buffer;
}

type Action =
  | { kind: 'fail'; status: number; code: string; message: string }
  | { kind: 'reset'; when: 'request' | 'response' }
  | { kind: 'stall'; ms: number; when: 'headers' | 'body' };

interface Rule {
  action: Action;
  remaining: number;
  match: FaultMatch | undefined;
}

const RECORD_LIMIT = 64 * 1024;
/** Hop-by-hop headers, and Expect (unsigned by SigV4) since the proxy buffers bodies itself. */
const NOT_FORWARDED = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'expect',
  'upgrade'
]);

/** Matchers for the S3 operations tests usually aim at. */
export const s3Operations = {
  getObject: ((method, path) => method === 'GET' && isObjectPath(path)) as FaultMatch,
  putObject: ((method, path, headers) =>
    method === 'PUT' && isObjectPath(path) && headers['x-amz-copy-source'] === undefined) as FaultMatch,
  copyObject: ((method, _path, headers) =>
    method === 'PUT' && headers['x-amz-copy-source'] !== undefined) as FaultMatch,
  headObject: (method => method === 'HEAD') as FaultMatch,
  listObjects: ((method, path) => method === 'GET' && !isObjectPath(path)) as FaultMatch,
  deleteObjects: ((method, path) => method === 'POST' && /[?&]delete(=|&|$)/.test(path)) as FaultMatch,
  deleteObject: ((method, path) => method === 'DELETE' && isObjectPath(path)) as FaultMatch
};

/** Path-style `/<bucket>/<key…>`: an object request has a key after the bucket. */
function isObjectPath(path: string): boolean {
  const p = path.split('?')[0] ?? '';
  return /^\/[^/]+\/.+/.test(p);
}

function errorXml(code: string, message: string): string {
  const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message><RequestId>fault-proxy</RequestId></Error>`;
}

export class FaultProxy {
  /** Requests received per HTTP method, faulted ones included. */
  readonly counts: Record<string, number> = {};
  /** Every request received, in order. */
  readonly requests: RecordedRequest[] = [];
  private readonly rules: Rule[] = [];
  private readonly upstream: URL;
  private readonly agent = new http.Agent({ keepAlive: true });
  private server!: http.Server;
  /** Pending stalls, cut short by close() so nothing outlives the proxy. */
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private latencyMs = 0;
  private perListedKeyMs = 0;
  endpoint = '';
  port = 0;

  private constructor(upstream: string) {
    this.upstream = new URL(upstream);
    if (this.upstream.hostname !== '127.0.0.1' && this.upstream.hostname !== 'localhost') {
      throw new Error(`fault proxy upstream ${upstream} is not on loopback`);
    }
  }

  /** Starts a proxy on 127.0.0.1 and a free port, forwarding to `upstream` (an http:// loopback endpoint). */
  static async start(upstream: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(upstream);
    proxy.server = http.createServer((req, res) => {
      proxy.handle(req, res).catch(() => {
        res.destroy();
      });
    });
    await new Promise<void>((resolve, reject) => {
      proxy.server.once('error', reject);
      proxy.server.listen(0, '127.0.0.1', () => resolve());
    });
    proxy.port = (proxy.server.address() as AddressInfo).port;
    proxy.endpoint = `http://127.0.0.1:${proxy.port}`;
    return proxy;
  }

  /** The next `count` matching requests are answered with this S3 error. */
  failNext(rule: FailRule): this {
    const message = rule.message ?? `injected ${rule.code} by the fault proxy`;
    return this.add(
      { kind: 'fail', status: rule.status, code: rule.code, message },
      rule.count ?? 1,
      rule.match
    );
  }

  /** The next `n` matching requests lose their connection. */
  resetNext(n = 1, options: ResetOptions = {}): this {
    return this.add({ kind: 'reset', when: options.when ?? 'request' }, n, options.match);
  }

  /** The next `n` matching requests stall for `ms` milliseconds. */
  stallNext(n: number, ms: number, options: StallOptions = {}): this {
    return this.add({ kind: 'stall', ms, when: options.when ?? 'headers' }, n, options.match);
  }

  /**
   * Delays every request by `ms` before forwarding it, like a network round trip (0 = none), and a
   * listing answer by `perListedKeyMs` for each object in it, like a server whose page time grows
   * with the page.
   */
  setLatency(ms: number, perListedKeyMs = 0): this {
    this.latencyMs = ms;
    this.perListedKeyMs = perListedKeyMs;
    return this;
  }

  /** Drops every pending rule and the latency. */
  clearRules(): void {
    this.rules.length = 0;
    this.latencyMs = 0;
    this.perListedKeyMs = 0;
  }

  /** Forgets the recorded requests and counts. */
  resetCounts(): void {
    this.requests.length = 0;
    for (const k of Object.keys(this.counts)) delete this.counts[k];
  }

  /** Requests received that match. */
  countOf(match: FaultMatch): number {
    return this.requests.filter(r => match(r.method, r.path, r.headers)).length;
  }

  async close(): Promise<void> {
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    this.server.closeAllConnections();
    await new Promise<void>(resolve => this.server.close(() => resolve()));
    this.agent.destroy();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise(resolve => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  private add(action: Action, count: number, match: FaultMatch | undefined): this {
    this.rules.push({ action, remaining: count, match });
    return this;
  }

  private takeRule(method: string, path: string, headers: http.IncomingHttpHeaders): Action | undefined {
    for (const rule of this.rules) {
      if (rule.remaining > 0 && (!rule.match || rule.match(method, path, headers))) {
        rule.remaining--;
        return rule.action;
      }
    }
    return undefined;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    this.counts[method] = (this.counts[method] ?? 0) + 1;
    this.requests.push({
      method,
      path,
      headers: req.headers,
      body: body.length <= RECORD_LIMIT ? body : undefined
    });

    const action = this.takeRule(method, path, req.headers);
    if (this.latencyMs > 0) await this.sleep(this.latencyMs);
    if (action?.kind === 'fail') {
      const xml = method === 'HEAD' ? '' : errorXml(action.code, action.message);
      res.writeHead(action.status, {
        'content-type': 'application/xml',
        'content-length': Buffer.byteLength(xml),
        'x-amz-request-id': 'fault-proxy'
      });
      res.end(xml);
      return;
    }
    if (action?.kind === 'reset' && action.when === 'request') {
      req.socket.destroy();
      return;
    }
    if (action?.kind === 'stall' && action.when === 'headers') {
      await this.sleep(action.ms);
      // A client that gave up meanwhile gets nothing, and nothing reaches the server on its behalf.
      if (req.socket.destroyed) return;
    }

    const upstream = await this.forward(method, path, req.headers, body);
    if (this.perListedKeyMs > 0 && method === 'GET' && !isObjectPath(path)) {
      const listed = upstream.body.toString('utf8').split('<Contents>').length - 1;
      await this.sleep(listed * this.perListedKeyMs);
    }
    const headers = { ...upstream.headers };
    for (const h of Object.keys(headers)) if (NOT_FORWARDED.has(h)) delete headers[h];
    if (method !== 'HEAD' && upstream.body.length > 0)
      headers['content-length'] = String(upstream.body.length);
    res.writeHead(upstream.status, headers);
    const half = Math.floor(upstream.body.length / 2);
    if (action?.kind === 'reset') {
      // when === 'response': headers and half the body, then the connection drops.
      res.write(upstream.body.subarray(0, half));
      await this.sleep(20);
      req.socket.destroy();
      return;
    }
    if (action?.kind === 'stall') {
      // when === 'body': half the body, a stall, then the rest (if the client is still there).
      res.write(upstream.body.subarray(0, half));
      await this.sleep(action.ms);
      if (req.socket.destroyed) return;
      res.end(upstream.body.subarray(half));
      return;
    }
    res.end(method === 'HEAD' ? undefined : upstream.body);
  }

  private forward(
    method: string,
    path: string,
    incoming: http.IncomingHttpHeaders,
    body: Buffer
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(incoming))
      if (!NOT_FORWARDED.has(k) && v !== undefined) headers[k] = v;
    if (body.length > 0 || incoming['content-length'] !== undefined) headers['content-length'] = body.length;
    return new Promise((resolve, reject) => {
      const out = http.request(
        {
          host: this.upstream.hostname,
          port: this.upstream.port,
          method,
          path,
          headers,
          agent: this.agent
        },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) })
          );
          res.on('error', reject);
        }
      );
      out.on('error', reject);
      out.end(body);
    });
  }
}
