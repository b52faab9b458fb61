// Arrival times at a rate: Poisson (exponential gaps) or evenly spaced, catching up on timer lateness so the
// achieved rate matches the set one.

export type ArrivalProcess = 'poisson' | 'uniform';

export class Arrivals {
  private timer: NodeJS.Timeout | undefined;
  private nextAt = 0;
  private running = false;

  constructor(
    private rps: number,
    private readonly process: ArrivalProcess,
    private readonly rng: () => number,
    private readonly onArrival: () => void,
  ) {}

  start(): void {
    this.running = true;
    this.nextAt = Date.now() + this.gap();
    this.schedule();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  setRate(rps: number): void {
    if (!Number.isFinite(rps) || rps < 0) throw new Error(`rps must be a finite number >= 0, got ${rps}`);
    this.rps = rps;
    clearTimeout(this.timer);
    if (this.running) {
      this.nextAt = Date.now() + this.gap();
      this.schedule();
    }
  }

  /** Milliseconds to the next arrival; Infinity while the rate is 0. */
  gap(): number {
    if (this.rps <= 0) return Infinity;
    const mean = 1000 / this.rps;
    return this.process === 'uniform' ? mean : -Math.log(1 - this.rng()) * mean;
  }

  private schedule(): void {
    if (!this.running || !Number.isFinite(this.nextAt)) return;
    this.timer = setTimeout(() => this.fire(), Math.max(0, this.nextAt - Date.now()));
  }

  /** Fires the arrivals due before `until` that a late timer has not fired yet (e.g. before a deadline ends the run). */
  flush(until: number): void {
    clearTimeout(this.timer);
    while (this.running && this.nextAt < until) {
      this.onArrival();
      this.nextAt += this.gap();
    }
    this.schedule();
  }

  private fire(): void {
    this.flush(Date.now() + 1);
  }
}
