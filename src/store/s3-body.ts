/** Reading S3 answers' bodies: whole (bounded, under the attempt's deadline) or streamed (guarded against stalls). */
import type { Readable } from 'node:stream';
import { BlobTooLargeError } from './errors.js';
import { DeadlineExceededError } from './s3-errors.js';

/**
 * Reads a response body under the attempt's deadline; a short body is a retryable error. With a
 * Content-Length the bytes go straight into one buffer of that length (never over maxSize), so a
 * body costs its size once, not twice (pieces and their concatenation): a 250 MiB blob held 500 MiB.
 */
export async function readBody(
  body: Readable,
  signal: AbortSignal,
  expected: number | undefined,
  maxSize: number | undefined,
  location: string
): Promise<Buffer> {
  const onAbort = (): void => {
    body.destroy(signal.reason instanceof Error ? signal.reason : new DeadlineExceededError('aborted'));
  };
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  const mismatch = (length: number): Error =>
    Object.assign(
      new Error(
        expected !== undefined && length > expected
          ? `body of ${location} runs past its Content-Length of ${expected} bytes`
          : `body of ${location} ended after ${length} of ${expected} bytes`
      ),
      { code: 'TruncatedBody' }
    );
  try {
    const known = expected !== undefined && Number.isSafeInteger(expected) && expected >= 0;
    if (known && maxSize !== undefined && expected > maxSize) {
      body.destroy();
      throw new BlobTooLargeError(location, expected, maxSize);
    }
    // Filled as the body arrives; returned only when every byte of it was written.
    const whole = known ? Buffer.allocUnsafe(expected) : undefined;
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of body) {
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      // Without a Content-Length the limit is enforced while reading.
      if (maxSize !== undefined && length + b.length > maxSize) {
        body.destroy();
        throw new BlobTooLargeError(location, length + b.length, maxSize);
      }
      if (whole) {
        if (length + b.length > whole.length) {
          body.destroy();
          throw mismatch(length + b.length);
        }
        b.copy(whole, length);
      } else chunks.push(b);
      length += b.length;
    }
    if (expected !== undefined && length !== expected) throw mismatch(length);
    return whole ?? Buffer.concat(chunks, length);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** A GetObject answer whose headers are in: its body still to read. */
export interface GetAnswer {
  body: Readable;
  /** Content-Length, when the answer gave one. */
  length: number | undefined;
  /** 206: the server honoured the Range. */
  partial: boolean;
}

/** The bytes [start, end) of a stream, passed on as they arrive. */
export async function* sliceStream(
  chunks: AsyncIterable<Buffer>,
  start: number,
  end: number
): AsyncGenerator<Buffer> {
  let at = 0;
  for await (const chunk of chunks) {
    const from = Math.max(0, start - at);
    const to = Math.min(chunk.length, end - at);
    at += chunk.length;
    if (to > from) yield chunk.subarray(from, to);
    if (at >= end) return;
  }
}

/**
 * A response body read as it arrives, with the guards readBody has for whole reads: no data for
 * `idleMs` aborts it (a stalled connection), and it must end at its Content-Length.
 */
export async function* guardedBody(
  body: Readable,
  expected: number | undefined,
  idleMs: number,
  location: string
): AsyncGenerator<Buffer> {
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(
      () => body.destroy(new DeadlineExceededError(`no data from ${location} for ${idleMs} ms`)),
      idleMs
    );
  };
  let length = 0;
  try {
    arm();
    for await (const chunk of body) {
      arm();
      const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      length += b.length;
      yield b;
    }
    if (expected !== undefined && length !== expected) {
      throw Object.assign(new Error(`body of ${location} ended after ${length} of ${expected} bytes`), {
        code: 'TruncatedBody'
      });
    }
  } finally {
    clearTimeout(timer);
    // A reader that stops early (a failed chunk) must not leave the connection half read.
    if (!body.readableEnded) body.destroy();
  }
}
