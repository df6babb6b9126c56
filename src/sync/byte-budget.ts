/**
 * A budget of bytes held in memory at once, shared by readers that do not know each other (the
 * packs of a restore read in parallel): a reader takes the bytes it is about to hold and gives them
 * back when done, and waits while the budget is spent. This bounds the peak memory of a restore by
 * the budget, not by what the bucket declares or sends.
 */
export class ByteBudget {
  private used = 0;
  private readonly waiting: { bytes: number; resolve: () => void }[] = [];

  constructor(readonly limit: number) {
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new RangeError(`byte budget ${limit} is invalid: expected a whole number >= 1`);
    }
  }

  /** Bytes taken now. */
  get inUse(): number {
    return this.used;
  }

  /**
   * Takes `bytes` (at most the whole budget: a single claim bigger than it waits until nothing
   * else is held, then runs alone) and resolves with the amount taken, to give back to release().
   * First come, first served: a big claim is not starved by small ones slipping past it.
   */
  async acquire(bytes: number): Promise<number> {
    const take = Math.min(this.limit, Math.max(0, Math.ceil(bytes)));
    if (this.waiting.length === 0 && this.used + take <= this.limit) {
      this.used += take;
      return take;
    }
    await new Promise<void>(resolve => this.waiting.push({ bytes: take, resolve }));
    return take;
  }

  release(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
    while (this.waiting.length > 0 && this.used + this.waiting[0]!.bytes <= this.limit) {
      const next = this.waiting.shift()!;
      this.used += next.bytes;
      next.resolve();
    }
  }
}
