/**
 * The TypeScript side of talking to a compile server: ping, stop and a raw request (the action's
 * pre and post steps, `compile-cache-wrap server stop|status`, the tests). Compiles go through the
 * native client (native/client.c); this one is for control. Every wait is bounded.
 */
import net from 'node:net';
import {
  decodeAnswer,
  encodeRequest,
  FrameSplitter,
  MAX_FRAME,
  type WireAnswer,
  type WireRequest
} from './protocol.js';

/** The server could not be reached or did not answer in time; `code` is the socket error, if any. */
export class ServerUnavailableError extends Error {
  override name = 'ServerUnavailableError';
  constructor(
    message: string,
    readonly code?: string
  ) {
    super(message);
  }
}

/**
 * Sends one request and resolves with the final answer (heartbeats only extend the wait). Rejects
 * with ServerUnavailableError after `silenceMs` without a byte from the server, or when the
 * connection fails or closes early.
 */
export function request(socket: string, req: WireRequest, silenceMs: number): Promise<WireAnswer> {
  return new Promise((resolve, reject) => {
    const conn = net.createConnection(socket);
    const frames = new FrameSplitter(MAX_FRAME);
    let settled = false;
    const finish = (err: Error | null, answer?: WireAnswer) => {
      if (settled) return;
      settled = true;
      conn.destroy();
      if (err !== null) reject(err);
      else resolve(answer as WireAnswer);
    };
    conn.setTimeout(silenceMs, () =>
      finish(new ServerUnavailableError(`${socket}: no answer within ${silenceMs} ms`, 'ETIMEDOUT'))
    );
    conn.on('error', (err: NodeJS.ErrnoException) =>
      finish(new ServerUnavailableError(`${socket}: ${err.message}`, err.code))
    );
    conn.on('connect', () => conn.write(encodeRequest(req)));
    conn.on('data', (chunk: Buffer) => {
      try {
        for (const body of frames.push(chunk)) {
          const a = decodeAnswer(body);
          if (a.type !== 'heartbeat') return finish(null, a);
        }
      } catch (err) {
        finish(err as Error);
      }
    });
    conn.on('close', () =>
      finish(
        new ServerUnavailableError(
          `${socket}: the server closed the connection without an answer`,
          'ECONNRESET'
        )
      )
    );
  });
}

/** The server's `info` text (pid and cache directory); rejects when none answers. */
export async function ping(socket: string, timeoutMs: number): Promise<string> {
  const a = await request(socket, { type: 'ping' }, timeoutMs);
  if (a.type !== 'info') throw new ServerUnavailableError(`${socket}: unexpected answer ${a.type} to ping`);
  return a.text;
}
