// Requests in flight per deployment, for Azure's 429 concurrency limit.

export class InFlight {
  private readonly counts = new Map<string, number>();

  /** Takes a slot unless `limit` are taken; returns whether it did. */
  tryAcquire(key: string, limit: number): boolean {
    const n = this.counts.get(key) ?? 0;
    if (n >= limit) return false;
    this.counts.set(key, n + 1);
    return true;
  }

  release(key: string): void {
    const n = (this.counts.get(key) ?? 1) - 1;
    if (n <= 0) this.counts.delete(key);
    else this.counts.set(key, n);
  }
}
