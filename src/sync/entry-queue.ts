/**
 * A bounded hand-over of entries from one producer to one consumer, by bytes held: with upload
 * mode `both`, the object upload reads every new entry once and hands it to the pack writer
 * through this queue, instead of the pack writer reading the same files again. When the pack
 * writer falls behind by more than the bound, the upload waits for it; when it stops (done or
 * failed), the queue is ended and the upload no longer waits.
 */
export class EntryQueue<T> {
  private readonly items: { item: T; bytes: number }[] = [];
  private held = 0;
  private closed = false;
  private ended = false;
  private wakeConsumer: (() => void) | undefined;
  private readonly wakeProducers: (() => void)[] = [];

  constructor(private readonly maxBytes: number) {}

  /** Queues an item; resolves once the queue holds less than the bound (at once when ended). */
  async push(item: T, bytes: number): Promise<void> {
    if (this.ended || this.closed) return;
    this.items.push({ item, bytes });
    this.held += bytes;
    this.wake();
    while (this.held > this.maxBytes && !this.ended) {
      await new Promise<void>(resolve => this.wakeProducers.push(resolve));
    }
  }

  /** No more items: the consumer finishes what is queued. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /** The consumer is gone: drop what is queued and never make the producer wait again. */
  end(): void {
    this.ended = true;
    this.items.length = 0;
    this.held = 0;
    this.wake();
    for (const w of this.wakeProducers.splice(0)) w();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<T> {
    try {
      for (;;) {
        const next = this.items.shift();
        if (next) {
          this.held -= next.bytes;
          if (this.held <= this.maxBytes) for (const w of this.wakeProducers.splice(0)) w();
          yield next.item;
          continue;
        }
        if (this.closed || this.ended) return;
        await new Promise<void>(resolve => (this.wakeConsumer = resolve));
      }
    } finally {
      // Done, or the consumer stopped early (an error): the producer must not wait for it.
      this.end();
    }
  }

  private wake(): void {
    const w = this.wakeConsumer;
    this.wakeConsumer = undefined;
    w?.();
  }
}
