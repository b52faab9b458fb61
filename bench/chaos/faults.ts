// Azure faults at a set rate: each second, with probability `rate`, one transient fault on a random endpoint (429
// with and without Retry-After, 5xx, 409 operation in progress, slow responses) or a short metrics outage. All of
// them are retryable, so none may change how a rollout ends; failed operations are planned per rollout instead.
import type { EmulatorFaults } from '../../emulator';
import type { Rng } from '../judge/rng';

export const FAULT_KINDS = [
  'throttle',
  'throttle-no-retry-after',
  'server-error',
  'conflict',
  'slow',
  'metrics-outage',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultInjector {
  counts: Record<FaultKind, number>;
  stop(): Promise<void>;
}

export function startFaultInjector(
  faults: EmulatorFaults,
  endpoints: string[],
  options: { rate: number; rng: Rng },
): FaultInjector {
  const { rng } = options;
  const counts = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const pick = <T>(items: readonly T[]) => items[Math.floor(rng.uniform() * items.length)];
  const between = (lo: number, hi: number) => lo + Math.floor(rng.uniform() * (hi - lo + 1));
  let outageUntil = 0;
  let stopped = false;

  const inject = (kind: FaultKind) => {
    const path = `onlineEndpoints/${pick(endpoints)}(/|$)`;
    // A burst of a few seconds, as a real transient fault: not a queue of errors that waits for the next call.
    const forMs = between(2000, 6000);
    const count = between(1, 3);
    if (kind === 'throttle') faults.throttle({ path, count, forMs, retryAfterSeconds: between(0, 2) });
    if (kind === 'throttle-no-retry-after') faults.throttle({ path, count, forMs, retryAfterSeconds: null });
    if (kind === 'server-error') faults.serverErrors({ path, count, forMs, status: pick([500, 502, 503]) });
    if (kind === 'conflict')
      faults.conflicts({ path: `onlineEndpoints/${pick(endpoints)}$`, method: 'PUT', count, forMs });
    if (kind === 'slow') faults.slowResponses({ count, forMs, delayMs: between(500, 3000) });
    if (kind === 'metrics-outage') {
      if (Date.now() < outageUntil) return;
      outageUntil = Date.now() + between(1000, 4000);
      faults.metricsOutage(true);
    }
    counts[kind] += 1;
  };

  const timer = setInterval(() => {
    if (stopped) return;
    if (outageUntil && Date.now() >= outageUntil) {
      faults.metricsOutage(false);
      outageUntil = 0;
    }
    if (rng.uniform() < options.rate) inject(pick(FAULT_KINDS));
  }, 1000);

  return {
    counts,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      faults.metricsOutage(false);
    },
  };
}
