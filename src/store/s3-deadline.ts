import { DeadlineExceededError } from './s3-errors.js';

/** One attempt's deadline: a base plus the size at a floor rate, counted from the attempt's start. */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly start = Date.now();
  private timer: NodeJS.Timeout;
  expired = false;

  constructor(
    private readonly baseMs: number,
    private readonly bytesPerSecond: number,
    size: number
  ) {
    this.timer = this.arm(size);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Once a GET knows its Content-Length, its deadline grows with it. */
  extend(size: number): void {
    clearTimeout(this.timer);
    this.timer = this.arm(size);
  }

  clear(): void {
    clearTimeout(this.timer);
  }

  private arm(size: number): NodeJS.Timeout {
    const totalMs = this.baseMs + (size / this.bytesPerSecond) * 1000;
    return setTimeout(
      () => {
        this.expired = true;
        this.controller.abort(
          new DeadlineExceededError(`no complete answer within ${Math.round(totalMs)} ms`)
        );
      },
      Math.max(0, this.start + totalMs - Date.now())
    );
  }
}

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));
