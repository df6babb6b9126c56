/**
 * The far side of the whole-command benchmark (bench/commands.ts), each part in a process of its own
 * so that none of it runs in the measured command's process:
 *
 * - `--link --upstream URL --latency MS --bandwidth SIZE`: testkit/link-proxy.ts, the link: every
 *   request waits one round trip before it is forwarded, and all bodies of all connections share one
 *   bandwidth clock. It counts requests by S3 operation and bytes each way.
 * - `--s3rver DIR`: s3rver with the store's gap fixes (testkit/s3-server.js) over DIR.
 *
 * Why a proxy and not the kernel: a network namespace and a veth pair can be made here, but this
 * kernel has no `netem` queueing discipline (tc answers "Specified qdisc kind is unknown"), so a
 * delay cannot be put on the wire; rate alone (tbf, htb) would leave every request free. The proxy
 * costs CPU (about 0.3 ms a request and some per MiB) on the same 2 cores as the client; its CPU is
 * reported beside each row ("far-side CPU").
 *
 * Protocol: the process prints one JSON line `{"endpoint": …}` when ready; then it answers lines on
 * stdin: `counts` (a JSON line of LinkCounts), `reset` (`{}`), `stop` (exits).
 */
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { startLinkProxy, type LinkCounts } from '../testkit/link-proxy.js';
import { startS3Server } from '../testkit/s3-server.js';
import { parseSize } from '../src/store/size.js';
import { spawn, type ChildProcess } from 'node:child_process';

function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: string[]): Promise<void> {
  let counts: () => LinkCounts | Record<string, never> = () => ({});
  let reset = (): void => {};
  let stop: () => Promise<void>;
  let endpoint: string;
  if (args.includes('--link')) {
    const upstream = flag(args, 'upstream');
    if (!upstream) throw new Error('--link needs --upstream URL');
    const proxy = await startLinkProxy({
      upstream,
      latencyMs: Number(flag(args, 'latency') ?? 20),
      bytesPerSecond: parseSize(flag(args, 'bandwidth') ?? '100M')
    });
    counts = () => proxy.counts();
    reset = () => proxy.resetCounts();
    stop = () => proxy.stop();
    endpoint = proxy.endpoint;
  } else {
    const directory = flag(args, 's3rver');
    if (!directory) throw new Error('usage: link.ts --link --upstream URL … | --s3rver DIR');
    const server = await startS3Server({ directory });
    stop = () => server.stop();
    endpoint = server.endpoint;
  }
  process.stdout.write(`${JSON.stringify({ endpoint })}\n`);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line === 'counts') process.stdout.write(`${JSON.stringify(counts())}\n`);
    else if (line === 'reset') {
      reset();
      process.stdout.write('{}\n');
    } else if (line === 'stop') break;
  }
  await stop();
  process.exit(0);
}

/** A far-side process started from the harness, driven over its stdin/stdout. */
export interface FarProcess {
  endpoint: string;
  pid: number;
  ask(command: 'counts' | 'reset'): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startFar(args: string[]): Promise<FarProcess> {
  const s3rver = args.includes('--s3rver');
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      // s3rver signs its listing continuation tokens with DES, which OpenSSL 3 keeps in its legacy provider.
      ...(s3rver ? ['--openssl-legacy-provider'] : []),
      new URL(import.meta.url).pathname,
      ...args
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] }
  );
  const lines = createInterface({ input: child.stdout! });
  const waiting: { resolve: (line: string) => void; reject: (err: Error) => void }[] = [];
  let exited = false;
  lines.on('line', line => waiting.shift()?.resolve(line));
  child.once('exit', code => {
    exited = true;
    for (const w of waiting.splice(0))
      w.reject(new Error(`far-side process ${args.join(' ')} exited (${code})`));
  });
  const next = (): Promise<string> =>
    new Promise((resolve, reject) => {
      if (exited) reject(new Error(`far-side process ${args.join(' ')} has exited`));
      else waiting.push({ resolve, reject });
    });
  const first = JSON.parse(await next()) as { endpoint: string };
  return {
    endpoint: first.endpoint,
    pid: child.pid!,
    async ask(command) {
      const reply = next();
      child.stdin!.write(`${command}\n`);
      return JSON.parse(await reply) as unknown;
    },
    async stop() {
      if (exited) return;
      const gone = new Promise(resolve => child.once('exit', resolve));
      child.stdin!.write('stop\n');
      await gone;
    }
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch(err => {
    console.error(err);
    process.exit(1);
  });
}
